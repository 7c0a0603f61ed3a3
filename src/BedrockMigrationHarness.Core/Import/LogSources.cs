using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>One object of a listing.</summary>
public sealed record StoredObject(S3Uri Uri, long Size);

/// <summary>
/// Read access to the S3 objects an import needs: listing log objects under a prefix and reading objects (log files,
/// offloaded bodies, media). Implemented over AWSSDK.S3; the emulator serves the same subset.
/// </summary>
public interface ILogObjectStore
{
    /// <summary>Every object whose key starts with <paramref name="prefix"/>'s key, in key order, page by page.</summary>
    /// <exception cref="ObjectStoreException">The bucket cannot be listed (missing, denied, network).</exception>
    IAsyncEnumerable<StoredObject> ListAsync(S3Uri prefix, CancellationToken cancellationToken);

    /// <summary>The object's bytes as they are stored (gzip is not undone here).</summary>
    /// <exception cref="ObjectStoreException">The object cannot be read (missing, denied, network).</exception>
    Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken);
}

/// <summary>An S3 call failed; the message says which object, what S3 answered and what to do.</summary>
public sealed class ObjectStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bounds of a read: records outside [Since, Until) are dropped as <see cref="DropReason.OutsideDates"/>, and
/// S3 hour folders wholly outside are not listed.</summary>
public sealed record LogReadOptions(DateTimeOffset? Since, DateTimeOffset? Until);

/// <summary>How far a read has come (for the progress line).</summary>
public sealed record LogReadProgress(int ObjectsRead, int? ObjectsTotal, long BytesRead, long RecordsRead);
