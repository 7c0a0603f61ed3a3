using System.Text.Json;
using System.Threading.Channels;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// Appends journal lines to <c>results.jsonl</c>. Writers on many threads hand lines to a channel; one
/// background loop writes them and flushes to the operating system whenever the channel runs dry, so a
/// killed process loses nothing already handed over, and no caller waits on a file lock.
/// The file is fsynced every second and on disposal, for machine loss. A failed write (disk full, the directory
/// made read-only) is never silent: <see cref="Failed"/> fires at once and every later <see cref="Append(AttemptRecord)"/> throws
/// <see cref="AttemptSinkException"/> naming the file and the cause, so the runner stops sending calls.
/// </summary>
public sealed class JournalWriter : IAttemptSink, IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);

    private readonly Stream _stream;
    private readonly string _path;
    private readonly CancellationTokenSource _failed = new();
    private volatile AttemptSinkException? _failure;
    private readonly Channel<JournalLineDto> _lines = Channel.CreateUnbounded<JournalLineDto>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly Task _loop;

    /// <summary>Writes to <paramref name="stream"/>; <paramref name="path"/> names it in messages.</summary>
    internal JournalWriter(Stream stream, string path, TimeProvider time)
    {
        _stream = stream;
        _path = path;
        _time = time;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>The journal file name inside a run directory.</summary>
    public const string FileName = "results.jsonl";

    /// <summary>Creates a new journal (fails if one exists) and writes its header, with the header's checksum (the one in
    /// <paramref name="header"/> is ignored).</summary>
    /// <exception cref="AttemptSinkException">The file cannot be created (read-only directory, disk full, no permission).</exception>
    public static JournalWriter Create(string path, JournalHeader header, TimeProvider time)
    {
        var stream = Open(path, () => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024));
        var writer = new JournalWriter(stream, path, time);
        var dto = JournalFormat.ToDto(header);
        writer.Append(new JournalLineDto { Header = dto with { Checksum = HeaderChecksum.Of(dto) } });
        return writer;
    }

    /// <summary>
    /// Opens an existing journal to continue it, cutting off a last line that a crash left half-written
    /// (<paramref name="validLength"/> from <see cref="JournalReader"/>).
    /// </summary>
    /// <exception cref="AttemptSinkException">The file cannot be opened for writing or cut.</exception>
    public static JournalWriter Continue(string path, long validLength, TimeProvider time)
    {
        var stream = Open(path, () =>
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 64 * 1024);
            try
            {
                file.SetLength(validLength);
                file.Seek(0, SeekOrigin.End);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        });
        return new JournalWriter(stream, path, time);
    }

    /// <inheritdoc />
    public CancellationToken Failed => _failed.Token;

    /// <inheritdoc />
    public AttemptSinkException? Failure => _failure;

    /// <summary>Queues an attempt; it reaches the file within milliseconds.</summary>
    /// <exception cref="AttemptSinkException">An earlier write failed; nothing more is kept.</exception>
    public void Append(AttemptRecord attempt) => Append(new JournalLineDto { Attempt = JournalFormat.ToDto(attempt) });

    /// <summary>Queues a look of an adaptive run, after its round's calls and before the next round's.</summary>
    /// <exception cref="AttemptSinkException">An earlier write failed; nothing more is kept.</exception>
    public void AppendLook(LookRecord look) => Append(new JournalLineDto { Look = JournalFormat.ToDto(look) });

    /// <summary>Queues a batch job as it now stands (planned, created, or ended); the last line of its token is its state.</summary>
    /// <exception cref="AttemptSinkException">An earlier write failed; nothing more is kept.</exception>
    public void AppendBatchJob(BatchJobRecord job) => Append(new JournalLineDto { BatchJob = JournalFormat.ToDto(job) });

    /// <summary>Writes the end line and closes the journal.</summary>
    /// <exception cref="AttemptSinkException">A write failed, now or earlier: the end line (or more) is not in the file.</exception>
    public async Task CompleteAsync(JournalEnd end)
    {
        Append(new JournalLineDto { End = JournalFormat.ToDto(end) });
        await DisposeAsync();
        if (_failure is { } failure)
        {
            throw failure;
        }
    }

    private static Stream Open(string path, Func<FileStream> open)
    {
        try
        {
            return open();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AttemptSinkException($"{path}: the journal cannot be written: {e.Message}", e);
        }
    }

    private void Append(JournalLineDto line)
    {
        if (_failure is { } failure)
        {
            throw failure;
        }

        if (!_lines.Writer.TryWrite(line))
        {
            throw _failure ?? new AttemptSinkException($"{_path}: the journal is closed; nothing more can be written to it.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var lastSync = _time.GetTimestamp();
        try
        {
            while (await _lines.Reader.WaitToReadAsync())
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    JsonSerializer.Serialize(_stream, line, JournalJsonContext.Journal.JournalLineDto);
                    _stream.Write(NewLine);
                }

                _stream.Flush();
                if (_time.GetElapsedTime(lastSync) >= SyncInterval)
                {
                    Sync();
                    lastSync = _time.GetTimestamp();
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            // Fail fast and loudly: the runner watches Failed and sends nothing more; Append throws from now on.
            _failure = new AttemptSinkException(
                $"{_path}: the journal could not be written ({e.Message}); the run stopped so that no answer is paid for and lost. " +
                "Free space or fix the directory's permissions, then continue with --resume.", e);
            _lines.Writer.TryComplete();
            await _failed.CancelAsync();
        }
    }

    private void Sync()
    {
        if (_stream is FileStream file)
        {
            file.Flush(flushToDisk: true);
        }
        else
        {
            _stream.Flush();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_lines.Writer.TryComplete() || !_loop.IsCompleted)
        {
            await _loop;
        }

        if (_stream.CanWrite)
        {
            try
            {
                if (_failure is null)
                {
                    Sync();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _failure = new AttemptSinkException($"{_path}: the journal could not be written to disk ({e.Message}).", e);
            }
            finally
            {
                await DisposeStreamAsync();
            }
        }

        // _failed is not disposed: it has no timer or registration to free, and Failed stays readable after disposal.
    }

    private async ValueTask DisposeStreamAsync()
    {
        try
        {
            await _stream.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Closing flushes what is buffered: a failure here is a failed write like any other.
            _failure ??= new AttemptSinkException($"{_path}: the journal could not be written ({e.Message}).", e);
        }
    }
}
