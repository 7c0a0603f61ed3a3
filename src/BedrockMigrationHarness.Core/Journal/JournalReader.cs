using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>What a journal holds, read back.</summary>
/// <param name="ValidLength">Bytes up to the end of the last complete line: where a resumed run continues writing.</param>
/// <param name="Warnings">Things the reader tolerated, in words (e.g. a last line cut by a crash).</param>
public sealed record JournalContents(
    JournalHeader Header,
    ImmutableArray<AttemptRecord> Records,
    JournalEnd? End,
    long ValidLength,
    ImmutableArray<string> Warnings)
{
    /// <summary>The looks of an adaptive run, in journal order; empty for a fixed-size run.</summary>
    public ImmutableArray<LookRecord> Looks { get; init; } = [];

    /// <summary>The batch jobs of a batch run, each as its last line wrote it, in the order they were first planned; empty for an on-demand run.</summary>
    public ImmutableArray<BatchJobRecord> BatchJobs { get; init; } = [];

    /// <summary>
    /// The records analysis uses: every try, except final tries superseded by a later final try of the same
    /// planned attempt (an error sent again by <c>--resume --retry-errors</c>).
    /// </summary>
    public ImmutableArray<AttemptRecord> EffectiveRecords()
    {
        var lastFinal = new Dictionary<AttemptKey, int>();
        var finals = 0;
        for (var i = 0; i < Records.Length; i++)
        {
            if (Records[i].Final)
            {
                lastFinal[Records[i].Key] = i;
                finals++;
            }
        }

        if (lastFinal.Count == finals)
        {
            return Records;
        }

        var result = ImmutableArray.CreateBuilder<AttemptRecord>(Records.Length);
        for (var i = 0; i < Records.Length; i++)
        {
            if (!Records[i].Final || lastFinal[Records[i].Key] == i)
            {
                result.Add(Records[i]);
            }
        }

        return result.ToImmutable();
    }

    /// <summary>Planned attempts already settled: answered, or (with <paramref name="includeErrors"/>) ended in an error.</summary>
    public ImmutableHashSet<AttemptKey> SettledKeys(bool includeErrors) =>
        EffectiveRecords()
            .Where(r => r.Final && (includeErrors || r.Outcome == CallOutcome.Success))
            .Select(static r => r.Key)
            .ToImmutableHashSet();
}

/// <summary>A journal that cannot be read: names the file, the line and what to do.</summary>
public sealed class JournalFormatException(string message) : Exception(message);

/// <summary>Reads <c>results.jsonl</c> back. A last line cut half-way by a crash is dropped with a warning.</summary>
public static class JournalReader
{
    /// <summary>
    /// The journal format this build writes. 2: the header carries its checksum, and the fingerprint covers
    /// the plan, not the suite snapshot; its lines are the DTOs of <see cref="Format.JournalLineDto"/>, written and read by
    /// <see cref="JournalJsonContext"/> alone. 3: optional members for conversations, tools, structured output, additional
    /// fields, cache points and arm overrides in the header, and tool calls, reasoning and cache tokens in attempts.
    /// 4: several candidates: the header's other candidates and their lifecycles, and each attempt's candidate.
    /// Format 1 journals are refused with what to do.
    /// </summary>
    public const int FormatVersion = 4;

    /// <summary>
    /// The format a journal of <paramref name="suite"/> is written in: 4 for a suite with several candidates, else 3, so a
    /// one-candidate journal stays readable by a bmh that predates several candidates.
    /// </summary>
    public static int FormatVersionFor(SuiteDefinition suite)
    {
        ArgumentNullException.ThrowIfNull(suite);
        return suite.OtherCandidates.IsDefaultOrEmpty ? 3 : FormatVersion;
    }

    /// <summary>The oldest format this build reads: format 3 only added optional members to format 2.</summary>
    public const int OldestReadableFormatVersion = 2;

    /// <summary>Bytes of lines per batch: enough to make a parallel task worth it, little enough to bound memory.</summary>
    private const int BatchBytes = 4 << 20;

    /// <summary>Batches parsed together before their lines are taken in order (at most ~32 MB of copied lines).</summary>
    private const int BatchesPerRound = 8;

    public static JournalContents Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new JournalFormatException($"{path}: no journal here. Pass the directory of a run (it holds {JournalWriter.FileName}).");
        }

        // Streamed in blocks, not read whole: a million-attempt journal is ~600 MB that need not sit in memory
        // beside the records parsed from it. Lines are split here, parsed in parallel batches (parsing is most of the
        // reading time), and taken in file order, so the first bad line is the one reported.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new LineBuffer(stream);
        var state = new ReadState(path);
        // Reused round after round: their buffers grow to a batch's size once.
        var batches = new LineBatch[BatchesPerRound];
        for (var i = 0; i < batches.Length; i++)
        {
            batches[i] = new LineBatch();
        }

        var filled = 0;
        var lineNumber = 0;
        while (buffer.HasMore)
        {
            lineNumber++;
            if (!buffer.TryReadLine(out var span))
            {
                // The writer ends every line with '\n': a line without one was cut by a crash.
                state.Warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{lineNumber}: the last line was cut off (the run was killed while writing it); it is ignored, and --resume sends that attempt again."));
                break;
            }

            batches[filled].Add(span, lineNumber, buffer.Consumed);
            if (batches[filled].Bytes >= BatchBytes && ++filled == BatchesPerRound)
            {
                ParseAndTake(batches, state);
                filled = 0;
            }
        }

        ParseAndTake(batches.AsSpan(0, filled + 1), state);
        JournalHeader? header = state.Header;
        if (header is null)
        {
            throw new JournalFormatException($"{path}: the journal is empty (the run died before it started). Start a new run.");
        }

        return new JournalContents(header, state.Records.ToImmutable(), state.End, state.ValidLength, state.Warnings.ToImmutable())
        {
            Looks = state.Looks.ToImmutable(),
            BatchJobs = state.BatchJobs(),
        };
    }

    private static void ParseAndTake(ReadOnlySpan<LineBatch> batches, ReadState state)
    {
        LineBatch[] round = batches.ToArray();
        Parallel.ForEach(round, static b => b.Parse());
        foreach (LineBatch b in round)
        {
            b.TakeInto(state);
        }
    }

    /// <summary>What the lines read so far amount to, and the checks that need them in file order.</summary>
    private sealed class ReadState(string path)
    {
        public JournalHeader? Header { get; private set; }

        public JournalEnd? End { get; private set; }

        public long ValidLength { get; private set; }

        public ImmutableArray<AttemptRecord>.Builder Records { get; } = ImmutableArray.CreateBuilder<AttemptRecord>();

        public ImmutableArray<LookRecord>.Builder Looks { get; } = ImmutableArray.CreateBuilder<LookRecord>();

        public ImmutableArray<string>.Builder Warnings { get; } = ImmutableArray.CreateBuilder<string>();

        /// <summary>Each token's last line, and the order tokens first appeared in.</summary>
        private readonly Dictionary<string, BatchJobRecord> _jobs = new(StringComparer.Ordinal);
        private readonly List<string> _jobOrder = [];

        /// <summary>The batch jobs read, each at its last line, in the order they were first planned.</summary>
        public ImmutableArray<BatchJobRecord> BatchJobs() => [.. _jobOrder.Select(token => _jobs[token])];

        /// <summary>Takes one complete line (null when blank); <paramref name="consumed"/> is the stream position after it.</summary>
        /// <exception cref="JournalFormatException">The line breaks the journal's rules.</exception>
        public void Take(int lineNumber, ParsedLine? line, long consumed)
        {
            if (line?.Header is { } h)
            {
                if (lineNumber != 1)
                {
                    throw new JournalFormatException(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{lineNumber}: a second header; journals of two runs were joined. Use `bmh merge` for shards."));
                }

                CheckFormatVersion(h.FormatVersion);
                if (h.Checksum is null || !string.Equals(h.Checksum, HeaderChecksum.Of(h), StringComparison.Ordinal))
                {
                    throw new JournalFormatException(
                        $"{path}:1: the header (suite, gates, prices) was edited after the run wrote it: its checksum does not match. " +
                        "Reports are judged by it, so an edited one is not used. Restore the original file, or run the suite again.");
                }

                try
                {
                    Header = JournalFormat.ToHeader(h);
                }
                catch (JsonException ex)
                {
                    throw NotAJournalLine(lineNumber, ex, default);
                }
            }
            else if (line?.Attempt is { } a)
            {
                CheckCandidate(lineNumber, a);
                Records.Add(a);
            }
            else if (line?.Look is { } look)
            {
                Looks.Add(look);
            }
            else if (line?.BatchJob is { } job)
            {
                if (!_jobs.ContainsKey(job.ClientRequestToken))
                {
                    _jobOrder.Add(job.ClientRequestToken);
                }

                _jobs[job.ClientRequestToken] = job;
            }
            else if (line?.End is { } e)
            {
                End = e;
            }

            if (Header is null && line is not null)
            {
                throw new JournalFormatException($"{path}:1: the journal does not start with its header; it is not a bmh journal.");
            }

            ValidLength = consumed;
        }

        /// <summary>
        /// The error for a line that is not of this format. Line 1 of another format version (whose shape this build may
        /// not parse) is named by its version instead, so the user learns which bmh wrote it.
        /// </summary>
        public JournalFormatException NotAJournalLine(int lineNumber, JsonException ex, ReadOnlySpan<byte> line)
        {
            if (lineNumber == 1 && ProbeFormatVersion(line) is { } version and (< OldestReadableFormatVersion or > FormatVersion))
            {
                CheckFormatVersion(version);
            }

            return new(string.Create(CultureInfo.InvariantCulture,
                $"{path}:{lineNumber}: not a journal line ({ex.Message}). The file was edited or damaged; restore it or start a new run."));
        }

        /// <summary>An attempt's candidate must be one of the header's suite, and only a candidate's or a judge's call has one above 0.</summary>
        private void CheckCandidate(int lineNumber, AttemptRecord attempt)
        {
            if (attempt.Candidate == 0 || Header is null)
            {
                return;
            }

            int count = Header.Suite.CandidateCount;
            if (attempt.Candidate < 0 || attempt.Candidate >= count || attempt.Arm is Arm.Baseline or Arm.BaselineRepeat)
            {
                throw new JournalFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{lineNumber}: the attempt names candidate {attempt.Candidate} on the {EnumNames<Arm>.Name(attempt.Arm)} arm, but the suite in the header has {count} candidate{(count == 1 ? "" : "s")} (0 to {count - 1}, and only candidate and judge calls name one). The file was edited or damaged; restore it or start a new run."));
            }
        }

        private void CheckFormatVersion(int version)
        {
            if (version > FormatVersion)
            {
                throw new JournalFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: journal format {version} is newer than this bmh reads ({FormatVersion}); update bmh."));
            }

            if (version < OldestReadableFormatVersion)
            {
                throw new JournalFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: journal format {version} was written by an older bmh; this one reads formats {OldestReadableFormatVersion} to {FormatVersion}. Rebuild its reports with the bmh that ran it, or run the suite again."));
            }
        }

        private static int? ProbeFormatVersion(ReadOnlySpan<byte> line)
        {
            try
            {
                return line.IsEmpty ? null : JsonSerializer.Deserialize(line, JournalJsonContext.Journal.FormatVersionProbe)?.Header.FormatVersion;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// One line parsed: the header still as its DTO (the checksum is checked on what was written, and the format
    /// version before anything else), an attempt, a look or the end already mapped (in the parallel part of reading).
    /// </summary>
    private readonly record struct ParsedLine(HeaderDto? Header, AttemptRecord? Attempt, LookRecord? Look, JournalEnd? End)
    {
        /// <summary>A batch job line, mapped.</summary>
        public BatchJobRecord? BatchJob { get; init; }

        /// <exception cref="JsonException">The line is JSON but no journal line, or holds a name this bmh does not know.</exception>
        public static ParsedLine From(JournalLineDto? dto) => dto switch
        {
            { Header: { } h, Attempt: null, Look: null, BatchJob: null, End: null } => new ParsedLine(h, null, null, null),
            { Header: null, Attempt: { } a, Look: null, BatchJob: null, End: null } => new ParsedLine(null, JournalFormat.ToAttempt(a), null, null),
            { Header: null, Attempt: null, Look: { } l, BatchJob: null, End: null } => new ParsedLine(null, null, JournalFormat.ToLook(l), null),
            { Header: null, Attempt: null, Look: null, BatchJob: null, End: { } e } => new ParsedLine(null, null, null, JournalFormat.ToEnd(e)),
            { Header: null, Attempt: null, Look: null, BatchJob: { } b, End: null } => new ParsedLine(null, null, null, null) { BatchJob = JournalFormat.ToBatchJob(b) },
            _ => throw new JsonException("a journal line holds exactly one of `header`, `attempt`, `look`, `batchJob` and `end`"),
        };
    }

    /// <summary>Complete lines copied out of the read buffer, parsed on their own (in parallel with other batches).</summary>
    private sealed class LineBatch
    {
        private readonly List<(int Start, int Length, int LineNumber, long Consumed)> _lines = [];
        private byte[] _bytes = new byte[1 << 16];
        private ParsedLine?[] _parsed = [];
        private int _failedAt = -1;
        private JsonException? _failure;

        /// <summary>Bytes of line text held.</summary>
        public int Bytes { get; private set; }

        public void Add(ReadOnlySpan<byte> line, int lineNumber, long consumed)
        {
            if (Bytes + line.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Bytes + line.Length));
            }

            line.CopyTo(_bytes.AsSpan(Bytes));
            _lines.Add((Bytes, line.Length, lineNumber, consumed));
            Bytes += line.Length;
        }

        /// <summary>Parses every line up to the first that is not a journal line of this format (blank lines stay null).</summary>
        public void Parse()
        {
            _parsed = new ParsedLine?[_lines.Count];
            for (var i = 0; i < _lines.Count; i++)
            {
                var span = _bytes.AsSpan(_lines[i].Start, _lines[i].Length);
                if (span.IndexOfAnyExcept(" \t\r"u8) < 0)
                {
                    continue;
                }

                try
                {
                    _parsed[i] = ParsedLine.From(JsonSerializer.Deserialize(span, JournalJsonContext.Journal.JournalLineDto));
                }
                catch (JsonException ex)
                {
                    _failedAt = i;
                    _failure = ex;
                    return;
                }
            }
        }

        /// <summary>Hands the parsed lines to <paramref name="state"/> in file order, then empties the batch for reuse.</summary>
        /// <exception cref="JournalFormatException">A line is not JSON of a journal line, or breaks the journal's rules.</exception>
        public void TakeInto(ReadState state)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                if (i == _failedAt)
                {
                    throw state.NotAJournalLine(_lines[i].LineNumber, _failure!, _bytes.AsSpan(_lines[i].Start, _lines[i].Length));
                }

                state.Take(_lines[i].LineNumber, _parsed[i], _lines[i].Consumed);
            }

            _lines.Clear();
            Bytes = 0;
        }
    }

    /// <summary>Hands out the lines of a stream one at a time from a reused buffer that grows to the longest line.</summary>
    private sealed class LineBuffer(Stream stream)
    {
        private byte[] _buffer = new byte[1 << 20];
        private int _start;
        private int _end;
        private bool _endOfStream;

        /// <summary>Bytes of the stream up to the end of the last line handed out.</summary>
        public long Consumed { get; private set; }

        /// <summary>Whether any byte is left to read.</summary>
        public bool HasMore
        {
            get
            {
                if (_start == _end && !_endOfStream)
                {
                    Fill();
                }

                return _start < _end;
            }
        }

        /// <summary>The next line without its '\n'; false when the stream ends before one (a line cut by a crash).</summary>
        /// <remarks>The span is valid until the next call.</remarks>
        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            int scanned = 0;
            while (true)
            {
                int newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    int length = scanned + newline;
                    line = _buffer.AsSpan(_start, length);
                    _start += length + 1;
                    Consumed += length + 1;
                    return true;
                }

                scanned = _end - _start;
                if (_endOfStream)
                {
                    line = default;
                    return false;
                }

                Fill();
            }
        }

        /// <summary>Moves the unread bytes to the front (growing the buffer when they fill it) and reads more after them.</summary>
        private void Fill()
        {
            int unread = _end - _start;
            if (unread == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, unread);
            }

            _start = 0;
            _end = unread;
            int read = stream.Read(_buffer, _end, _buffer.Length - _end);
            _end += read;
            _endOfStream = read == 0;
        }
    }
}
