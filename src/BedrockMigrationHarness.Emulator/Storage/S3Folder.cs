using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>An object as the folder holds it: its file, size, time and MD5 ETag (quoted, as S3 sends it).</summary>
internal sealed record S3ObjectFile(string Key, string Path, long Size, DateTimeOffset LastModified, string ETag);

/// <summary>
/// The emulator's S3 storage: a directory whose sub-directories are buckets and whose files are objects; a key's
/// <c>/</c> maps to sub-folders. Keys that a file system cannot hold faithfully or that would leave the root (empty,
/// <c>.</c> or <c>..</c> segments, a leading <c>/</c>, <c>\</c>, NUL) are refused, and symbolic links are never
/// followed, so nothing outside the root is ever read or written. Uploads are written to a temporary file under
/// <c>ROOT/.bmh-uploads</c> (never a bucket: bucket names cannot start with a dot) and renamed into place.
/// </summary>
internal sealed class S3Folder
{
    private const string UploadFolder = ".bmh-uploads";
    private const int MaxKeyBytes = 1024;

    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        // Symbolic links (reported as reparse points) are neither listed nor entered; hidden (dot) files are objects.
        AttributesToSkip = FileAttributes.ReparsePoint,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    private readonly string _root;
    private readonly ConcurrentDictionary<string, (long Size, long Ticks, string ETag)> _etags = new(StringComparer.Ordinal);

    public S3Folder(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"The S3 root folder {_root} does not exist; create it, with one sub-folder per bucket.");
        }
    }

    /// <summary>The bucket's folder; an error when the name is not a valid bucket name or the folder is missing (or a link).</summary>
    public S3Error? CheckBucket(string bucket, out string bucketPath)
    {
        bucketPath = Path.Join(_root, bucket);
        if (!IsValidBucketName(bucket))
        {
            return S3Error.InvalidBucketName(bucket);
        }

        var info = new DirectoryInfo(bucketPath);
        return info.Exists && info.LinkTarget is null ? null : S3Error.NoSuchBucket(bucket);
    }

    /// <summary>Creates the bucket's folder (CreateBucket); an error for an invalid name.</summary>
    public S3Error? CreateBucket(string bucket)
    {
        if (!IsValidBucketName(bucket))
        {
            return S3Error.InvalidBucketName(bucket);
        }

        Directory.CreateDirectory(Path.Join(_root, bucket));
        return null;
    }

    /// <summary>Why the folder cannot hold <paramref name="key"/>, or null when it can.</summary>
    public static string? KeyProblem(string key)
    {
        if (key.Length == 0)
        {
            return "the key is empty";
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            return "the key is longer than S3's 1,024 bytes";
        }

        if (key.Contains('\0', StringComparison.Ordinal) || key.Contains('\\', StringComparison.Ordinal))
        {
            return "the key contains NUL or a backslash";
        }

        if (key.StartsWith('/'))
        {
            return "the key starts with '/' (an absolute path)";
        }

        return key.Split('/').Any(segment => segment is "" or "." or "..")
            ? "the key has an empty, '.' or '..' segment (a folder marker ending in '/', or a path that leaves its folder)"
            : null;
    }

    /// <summary>The object, or null when there is no such file (or a link lies on its path).</summary>
    public S3ObjectFile? Find(string bucketPath, string key)
    {
        var path = bucketPath;
        FileSystemInfo? info = null;
        foreach (var segment in key.Split('/'))
        {
            path = Path.Join(path, segment);
            info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                return null;
            }
        }

        return info is FileInfo { Exists: true } file ? Describe(key, file) : null;
    }

    /// <summary>Every key of the bucket that starts with <paramref name="prefix"/>, in S3's (UTF-8 byte) order.</summary>
    public List<string> Keys(string bucketPath, string prefix)
    {
        // Walk only the deepest folder the prefix names whole; the rest of the prefix filters names.
        var slash = prefix.LastIndexOf('/');
        var start = bucketPath;
        if (slash > 0 && KeyProblem(prefix[..slash]) is null)
        {
            foreach (var segment in prefix[..slash].Split('/'))
            {
                start = Path.Join(start, segment);
                var folder = new DirectoryInfo(start);
                if (!folder.Exists || folder.LinkTarget is not null)
                {
                    return [];
                }
            }
        }

        var keys = new List<string>();
        foreach (var file in Directory.EnumerateFiles(start, "*", Walk))
        {
            var key = Path.GetRelativePath(bucketPath, file).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add(key);
            }
        }

        keys.Sort(Utf8Order.Instance);
        return keys;
    }

    /// <summary>The object for a key that <see cref="Keys"/> returned; null when it went away since.</summary>
    public S3ObjectFile? Describe(string bucketPath, string key)
    {
        var file = new FileInfo(Path.Join(bucketPath, key));
        return file.Exists ? Describe(key, file) : null;
    }

    /// <summary>A temporary file for an upload, under the root; <see cref="Commit"/> renames it into place.</summary>
    public FileStream CreateUpload()
    {
        var folder = Directory.CreateDirectory(Path.Join(_root, UploadFolder));
        return new FileStream(Path.Join(folder.FullName, Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
    }

    /// <summary>Moves a finished upload to its key (replacing an older object); an error when a file stands where a folder must go.</summary>
    public S3Error? Commit(string uploadPath, string bucketPath, string key, string md5Hex)
    {
        var target = Path.Join(bucketPath, key);
        try
        {
            var parent = bucketPath;
            foreach (var segment in key.Split('/').SkipLast(1))
            {
                parent = Path.Join(parent, segment);
                if (new FileInfo(parent).LinkTarget is not null)
                {
                    throw new IOException("a symbolic link lies on the key's path");
                }
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (new FileInfo(target).LinkTarget is not null || Directory.Exists(target))
            {
                throw new IOException("a folder or a symbolic link has that name");
            }

            File.Move(uploadPath, target, overwrite: true);
        }
        catch (IOException e)
        {
            File.Delete(uploadPath);
            return S3Error.InvalidArgument($"The emulator keeps objects as files and cannot store the key `{key}` ({e.Message}): an object and a folder of keys cannot share a name.");
        }

        var file = new FileInfo(target);
        _etags[target] = (file.Length, file.LastWriteTimeUtc.Ticks, Quote(md5Hex));
        return null;
    }

    public bool Delete(string bucketPath, string key)
    {
        var found = Find(bucketPath, key);
        if (found is null)
        {
            return false;
        }

        File.Delete(found.Path);
        return true;
    }

    private static bool IsValidBucketName(string bucket) =>
        bucket.Length is >= 3 and <= 63
        && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(bucket[0])
        && char.IsAsciiLetterOrDigit(bucket[^1])
        && !bucket.Contains("..", StringComparison.Ordinal);

    private static string Quote(string hex) => $"\"{hex}\"";

    private S3ObjectFile Describe(string key, FileInfo file)
    {
        var size = file.Length;
        var ticks = file.LastWriteTimeUtc.Ticks;
        string etag;
        if (_etags.TryGetValue(file.FullName, out var cached) && cached.Size == size && cached.Ticks == ticks)
        {
            etag = cached.ETag;
        }
        else
        {
            // Files put in the folder by hand have no stored ETag: hash once, then reuse while size and time hold.
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920);
            etag = Quote(Convert.ToHexStringLower(MD5.HashData(stream)));
            _etags[file.FullName] = (size, ticks, etag);
        }

        var modified = new DateTimeOffset(file.LastWriteTimeUtc);
        return new S3ObjectFile(key, file.FullName, size, modified.AddTicks(-(modified.Ticks % TimeSpan.TicksPerMillisecond)), etag);
    }
}
