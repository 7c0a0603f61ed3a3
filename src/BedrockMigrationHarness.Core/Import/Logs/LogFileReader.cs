using System.Runtime.CompilerServices;
using System.Text.Json;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads the records of one log object, whatever its container: NDJSON (Bedrock's own S3 objects; blank lines
/// skipped), CloudWatch Logs export-task lines (<c>&lt;ISO timestamp&gt; &lt;record JSON&gt;</c>), or a whole JSON
/// document: an array of records, one (pretty-printed) record, or the output of <c>aws logs filter-log-events</c> /
/// <c>get-log-events</c> (<c>{"events":[{"message":"&lt;record JSON&gt;",...}]}</c>). Line mode streams (one line of at
/// most <c>maxLineBytes</c> in memory); a whole document is read up to <c>maxDocumentBytes</c>.
/// A record's line is its line in the decompressed text, or its 1-based position in a whole document.
/// </summary>
internal sealed class LogFileReader(int maxLineBytes, int maxDocumentBytes)
{
    /// <summary>Unreadable lines held back at most (then they are given out, one drop each).</summary>
    private const int MaxHeld = 10_000;

    /// <summary>The records of <paramref name="log"/>; the caller disposes each parsed document. Never throws but for cancellation.</summary>
    public async IAsyncEnumerable<RawRecord> ReadAsync(LogObject log, Action<long> bytesRead, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(log, bytesRead, cancellationToken);
        if (opened.Error is { } openError)
        {
            yield return RawRecord.Broken(0, openError);
            yield break;
        }

        var wholeDocument = false;

        // Unreadable lines are held back until a readable record follows: when the object then turns out corrupt, they
        // were its damage, and count in its one drop rather than one each.
        var held = new List<RawRecord>();
        await using (var stream = opened.Content!.Content)
        {
            var lines = new BoundedLineReader(stream, maxLineBytes);
            var first = true;
            while (true)
            {
                var (line, error) = await NextLineAsync(lines, log, cancellationToken);
                if (line is { Terminated: false } && opened.Content.Truncated())
                {
                    error = $"{log.Name} is cut short in line {line.Value.Number} (its gzip data ends early: a truncated object)";
                }

                if (error is not null)
                {
                    var from = held.Count > 0 ? held[0].Line : lines.LineNumber + (line is null ? 1 : 0);
                    yield return RawRecord.Broken(from, $"{error}; the records before line {from} are kept, the rest of the object is this one drop");
                    yield break;
                }

                if (line is not { } current)
                {
                    break;
                }

                if (current.TooLong)
                {
                    held.Add(RawRecord.Broken(current.Number, $"the line is longer than {maxLineBytes / (1024 * 1024)} MiB, the most the importer reads of one record"));
                    first = false;
                    continue;
                }

                var text = current.Bytes.Span.Trim(" \t\r\n"u8);
                if (text.IsEmpty)
                {
                    continue;
                }

                if (first && (text[0] == (byte)'[' || (text[0] == (byte)'{' && text[^1] != (byte)'}')))
                {
                    wholeDocument = true;
                    break;
                }

                first = false;
                foreach (var record in ParseLine(text, current.Number))
                {
                    if (record.Document is null && held.Count < MaxHeld)
                    {
                        held.Add(record);
                        continue;
                    }

                    foreach (var broken in held)
                    {
                        yield return broken;
                    }

                    held.Clear();
                    yield return record;
                }
            }
        }

        foreach (var broken in held)
        {
            yield return broken;
        }

        if (wholeDocument)
        {
            await foreach (var record in ReadDocumentAsync(log, cancellationToken))
            {
                yield return record;
            }
        }
    }

    private static async Task<(SniffedContent? Content, string? Error)> OpenAsync(LogObject log, Action<long> bytesRead, CancellationToken cancellationToken)
    {
        try
        {
            var raw = await log.OpenAsync(cancellationToken);
            return (await GzipSniffing.OpenCheckedAsync(new CountingStream(raw, bytesRead), cancellationToken), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectStoreException or InvalidDataException)
        {
            return (null, $"{log.Name} could not be read: {e.Message}");
        }
    }

    private static async Task<(TextLine? Line, string? Error)> NextLineAsync(BoundedLineReader lines, LogObject log, CancellationToken cancellationToken)
    {
        try
        {
            return (await lines.ReadLineAsync(cancellationToken), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ObjectStoreException)
        {
            return (null, $"{log.Name} is corrupt after line {lines.LineNumber} ({e.Message})");
        }
    }

    private static IEnumerable<RawRecord> ParseLine(ReadOnlySpan<byte> text, long line)
    {
        if (text[0] is >= (byte)'0' and <= (byte)'9')
        {
            // A CloudWatch Logs export-task line: "<ISO 8601 timestamp> <message>".
            var space = text.IndexOf((byte)' ');
            if (space < 0)
            {
                return [RawRecord.Broken(line, "the line starts like a CloudWatch export line (a timestamp) but holds no record after it")];
            }

            text = text[(space + 1)..].TrimStart(" \t"u8);
        }

        return Parse(text.ToArray(), line, line);
    }

    /// <summary>One JSON record, or a CloudWatch events page expanded into its messages.</summary>
    private static IEnumerable<RawRecord> Parse(ReadOnlyMemory<byte> json, long line, long position)
    {
        if (LogJson.Parse(json) is not { } document)
        {
            return [RawRecord.Broken(line, $"not a JSON record: {LogJson.Problem(json)}")];
        }

        return IsEventsPage(document.RootElement) ? Events(document, line, position) : [RawRecord.Parsed(position, document)];
    }

    private static bool IsEventsPage(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
        && !root.TryGetProperty("operation", out _);

    private static IEnumerable<RawRecord> Events(JsonDocument page, long line, long position)
    {
        using (page)
        {
            var records = new List<RawRecord>();
            var index = 0;
            foreach (var item in page.RootElement.GetProperty("events").EnumerateArray())
            {
                index++;
                var at = line == position ? line : index;
                if (JsonFields.Optional(item, "message") is { ValueKind: JsonValueKind.String } message)
                {
                    records.AddRange(Parse(System.Text.Encoding.UTF8.GetBytes(message.GetString()!), at, at));
                }
                else
                {
                    records.Add(RawRecord.Broken(at, $"CloudWatch event {index} has no message string"));
                }
            }

            return records;
        }
    }

    private async IAsyncEnumerable<RawRecord> ReadDocumentAsync(LogObject log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (bytes, error) = await ReadWholeAsync(log, cancellationToken);
        if (error is not null)
        {
            yield return RawRecord.Broken(1, error);
            yield break;
        }

        if (LogJson.Parse(bytes) is not { } document)
        {
            yield return RawRecord.Broken(1, $"not a JSON document: {LogJson.Problem(bytes)}");
            yield break;
        }

        if (IsEventsPage(document.RootElement))
        {
            foreach (var record in Events(document, 0, 1))
            {
                yield return record;
            }

            yield break;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            yield return RawRecord.Parsed(1, document);
            yield break;
        }

        using (document)
        {
            var position = 0;
            foreach (var item in document.RootElement.EnumerateArray())
            {
                position++;
                // Each record gets a document of its own, so the caller disposes records alike.
                yield return RawRecord.Parsed(position, LogJson.Parse(System.Text.Encoding.UTF8.GetBytes(item.GetRawText()))!);
            }
        }
    }

    private async Task<(byte[] Bytes, string? Error)> ReadWholeAsync(LogObject log, CancellationToken cancellationToken)
    {
        try
        {
            await using var raw = await log.OpenAsync(cancellationToken);
            await using var stream = await GzipSniffing.OpenAsync(raw, cancellationToken);
            return (await ObjectReader.ReadBoundedAsync(stream, maxDocumentBytes, log.Name, cancellationToken), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectStoreException or InvalidDataException)
        {
            return ([], $"{log.Name} could not be read as one JSON document: {e.Message}");
        }
    }
}

/// <summary>A record as read from a log object: its JSON, or why it could not be read.</summary>
internal readonly record struct RawRecord(long Line, JsonDocument? Document, string? Error)
{
    public static RawRecord Parsed(long line, JsonDocument document) => new(line, document, null);

    public static RawRecord Broken(long line, string error) => new(line, null, error);
}

/// <summary>Reports every byte read from the stored object (before gzip is undone), for the progress line.</summary>
internal sealed class CountingStream(Stream inner, Action<long> bytesRead) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        bytesRead(read);
        return read;
    }
}
