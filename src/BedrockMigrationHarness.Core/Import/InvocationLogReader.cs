namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads Bedrock model-invocation logs from local files and folders (<c>.json</c>, <c>.jsonl</c>, <c>.json.gz</c>,
/// CloudWatch Logs exports) and <c>s3://bucket/prefix</c> locations, streaming, and decodes each record into a
/// <see cref="LogEntry"/>: a <see cref="LoggedInvocation"/> or a <see cref="DroppedRecord"/> with its reason.
/// </summary>
public sealed class InvocationLogReader(ILogObjectStore? store)
{
    /// <summary>Every record of <paramref name="sources"/>, in source order then file order then line order.</summary>
    /// <exception cref="ImportSourceException">A source cannot be read at all (missing path, S3 without a store, listing denied).</exception>
    public IAsyncEnumerable<LogEntry> ReadAsync(
        IReadOnlyList<string> sources, LogReadOptions options, IProgress<LogReadProgress>? progress, CancellationToken cancellationToken)
    {
        _ = store;
        throw new NotImplementedException("filled in by the log-reader work");
    }
}

/// <summary>A source given to <c>bmh import</c> cannot be read at all; the message names it and says what to do.</summary>
public sealed class ImportSourceException(string message, Exception? inner = null) : Exception(message, inner);
