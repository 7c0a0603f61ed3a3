using System.Runtime.CompilerServices;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>
/// An <see cref="ILogObjectStore"/> over a local folder, for tests: bucket <c>b</c> is the sub-folder <c>b</c>, keys
/// are paths under it with '/'. Records which objects were opened, and can refuse to list.
/// </summary>
internal sealed class FolderObjectStore(string root) : ILogObjectStore
{
    public List<string> Opened { get; } = [];

    public bool RefuseListing { get; init; }

    public string Put(string bucket, string key, byte[] bytes)
    {
        var path = Path.Combine(root, bucket, key.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return $"s3://{bucket}/{key}";
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(S3Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (RefuseListing)
        {
            throw new ObjectStoreException($"Access Denied listing s3://{prefix.Bucket}");
        }

        var bucketRoot = Path.Combine(root, prefix.Bucket);
        if (!Directory.Exists(bucketRoot))
        {
            throw new ObjectStoreException($"NoSuchBucket: {prefix.Bucket}");
        }

        var keys = Directory.EnumerateFiles(bucketRoot, "*", SearchOption.AllDirectories)
            .Select(f => (Key: Path.GetRelativePath(bucketRoot, f).Replace(Path.DirectorySeparatorChar, '/'), Size: new FileInfo(f).Length))
            .Where(k => k.Key.StartsWith(prefix.Key, StringComparison.Ordinal))
            .OrderBy(k => k.Key, StringComparer.Ordinal);
        foreach (var (key, size) in keys)
        {
            yield return new StoredObject(new S3Uri(prefix.Bucket, key), size);
        }
    }

    public Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken)
    {
        Opened.Add(uri.ToString());
        var path = Path.Combine(root, uri.Bucket, uri.Key.Replace('/', Path.DirectorySeparatorChar));
        return File.Exists(path)
            ? Task.FromResult<Stream>(File.OpenRead(path))
            : throw new ObjectStoreException($"NoSuchKey: {uri}");
    }
}
