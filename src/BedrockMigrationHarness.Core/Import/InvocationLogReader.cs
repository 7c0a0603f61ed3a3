using System.Runtime.CompilerServices;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads Bedrock model-invocation logs from local files and folders (<c>.json</c>, <c>.jsonl</c>, <c>.json.gz</c>,
/// CloudWatch Logs exports) and <c>s3://bucket/prefix</c> locations, streaming, and decodes each record into a
/// <see cref="LogEntry"/>: a <see cref="LoggedInvocation"/> or a <see cref="DroppedRecord"/> with its reason.
/// What is accepted, and every drop reason, is in docs/invocation-logs.md.
/// </summary>
public sealed class InvocationLogReader
{
    /// <summary>The longest record line read (longer: a malformed record, skipped without being held).</summary>
    internal const int DefaultMaxLineBytes = 32 * 1024 * 1024;

    /// <summary>The largest whole JSON document (an array of records, CloudWatch CLI output) or fetched object.</summary>
    internal const int DefaultMaxDocumentBytes = 256 * 1024 * 1024;

    private const int ProgressEveryRecords = 1000;

    private readonly ILogObjectStore? _store;
    private readonly LogFileReader _files;
    private readonly int _maxObjectBytes;

    /// <param name="store">S3 access for <c>s3://</c> sources, offloaded bodies and media; null reads local files only.</param>
    public InvocationLogReader(ILogObjectStore? store)
        : this(store, DefaultMaxLineBytes, DefaultMaxDocumentBytes)
    {
    }

    internal InvocationLogReader(ILogObjectStore? store, int maxLineBytes, int maxDocumentBytes)
    {
        _store = store;
        _files = new LogFileReader(maxLineBytes, maxDocumentBytes);
        _maxObjectBytes = maxDocumentBytes;
    }

    /// <summary>Every record of <paramref name="sources"/>, in source order then file order then line order.</summary>
    /// <exception cref="ImportSourceException">A source cannot be read at all (missing path, S3 without a store, listing denied).</exception>
    public async IAsyncEnumerable<LogEntry> ReadAsync(
        IReadOnlyList<string> sources, LogReadOptions options, IProgress<LogReadProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        LogSourceResolver.Validate(sources, _store);
        var decoder = new InvocationRecordDecoder(_store, options, _maxObjectBytes);
        var objectsRead = 0;
        long bytesRead = 0;
        long recordsRead = 0;
        void Report() => progress?.Report(new LogReadProgress(objectsRead, null, bytesRead, recordsRead));

        foreach (var source in sources)
        {
            await foreach (var log in LogSourceResolver.ObjectsAsync(source, _store, options, cancellationToken))
            {
                await foreach (var raw in _files.ReadAsync(log, n => bytesRead += n, cancellationToken))
                {
                    var origin = new LogRecordOrigin(log.Name, raw.Line);
                    LogEntry entry;
                    using (raw.Document)
                    {
                        entry = raw.Document is { } document
                            ? await decoder.DecodeAsync(document.RootElement, origin, cancellationToken)
                            : new LogEntry.Dropped(new DroppedRecord(origin, null, DropReason.MalformedRecord, raw.Error!));
                    }

                    recordsRead++;
                    yield return entry;
                    if (recordsRead % ProgressEveryRecords == 0)
                    {
                        Report();
                    }
                }

                objectsRead++;
                Report();
            }
        }
    }
}

/// <summary>A source given to <c>bmh import</c> cannot be read at all; the message names it and says what to do.</summary>
public sealed class ImportSourceException(string message, Exception? inner = null) : Exception(message, inner);
