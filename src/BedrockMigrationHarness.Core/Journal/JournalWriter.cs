using System.Text.Json;
using System.Threading.Channels;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// Appends journal lines to <c>results.jsonl</c>. Writers on many threads hand lines to a channel; one
/// background loop writes them and flushes to the operating system whenever the channel runs dry, so a
/// killed process loses nothing already handed over, and no caller waits on a file lock.
/// The file is fsynced every second and on disposal, for machine loss.
/// </summary>
internal sealed class JournalWriter : IAsyncDisposable
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private static readonly TimeSpan SyncInterval = TimeSpan.FromSeconds(1);

    private readonly FileStream _stream;
    private readonly Channel<JournalLine> _lines = Channel.CreateUnbounded<JournalLine>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeProvider _time;
    private readonly Task _loop;

    private JournalWriter(FileStream stream, TimeProvider time)
    {
        _stream = stream;
        _time = time;
        _loop = Task.Run(WriteLoopAsync);
    }

    /// <summary>The journal file name inside a run directory.</summary>
    public const string FileName = "results.jsonl";

    /// <summary>Creates a new journal (fails if one exists) and writes its header.</summary>
    public static JournalWriter Create(string path, JournalHeader header, TimeProvider time)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024);
        var writer = new JournalWriter(stream, time);
        writer.Append(new JournalLine(Header: header));
        return writer;
    }

    /// <summary>
    /// Opens an existing journal to continue it, cutting off a last line that a crash left half-written
    /// (<paramref name="validLength"/> from <see cref="JournalReader"/>).
    /// </summary>
    public static JournalWriter Continue(string path, long validLength, TimeProvider time)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 64 * 1024);
        stream.SetLength(validLength);
        stream.Seek(0, SeekOrigin.End);
        return new JournalWriter(stream, time);
    }

    /// <summary>Queues an attempt; it reaches the file within milliseconds.</summary>
    public void Append(AttemptRecord attempt) => Append(new JournalLine(Attempt: attempt));

    /// <summary>Writes the end line and closes the journal.</summary>
    public async Task CompleteAsync(JournalEnd end)
    {
        Append(new JournalLine(End: end));
        await DisposeAsync();
    }

    private void Append(JournalLine line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            throw new InvalidOperationException("The journal is closed.");
        }
    }

    private async Task WriteLoopAsync()
    {
        var lastSync = _time.GetTimestamp();
        while (await _lines.Reader.WaitToReadAsync())
        {
            while (_lines.Reader.TryRead(out var line))
            {
                JsonSerializer.Serialize(_stream, line, JsonDefaults.Compact);
                _stream.Write(NewLine);
            }

            _stream.Flush(flushToDisk: false);
            if (_time.GetElapsedTime(lastSync) >= SyncInterval)
            {
                _stream.Flush(flushToDisk: true);
                lastSync = _time.GetTimestamp();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_lines.Writer.TryComplete())
        {
            await _loop;
            _stream.Flush(flushToDisk: true);
            await _stream.DisposeAsync();
        }
    }
}
