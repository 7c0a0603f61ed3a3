using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Turns the sources of an import into log objects: a local file (read whatever its name), a local folder (walked
/// recursively, ordinal order) or <c>s3://bucket/prefix</c> (listed through the store). In folders and prefixes only
/// log-shaped names count (<c>.json</c>, <c>.jsonl</c>, <c>.gz</c> and their gzip forms), Bedrock's offload folders
/// (<c>/data/</c>) and <c>permission-check</c> markers are skipped, and an hour folder of the
/// <c>BedrockModelInvocationLogs/&lt;region&gt;/YYYY/MM/DD/HH/</c> layout wholly outside the dates is skipped unread.
/// </summary>
internal static partial class LogSourceResolver
{
    private static readonly string[] LogExtensions = [".json", ".jsonl", ".json.gz", ".jsonl.gz", ".gz"];

    /// <summary>Checks every source up front, so a typo in the last one fails before anything is read.</summary>
    /// <exception cref="ImportSourceException">A missing path, an empty S3 location, or S3 without a store.</exception>
    public static void Validate(IReadOnlyList<string> sources, ILogObjectStore? store)
    {
        if (sources.Count == 0)
        {
            throw new ImportSourceException("no source given: name a file, a folder or an s3://bucket/prefix of model-invocation logs");
        }

        foreach (var source in sources)
        {
            if (source.StartsWith("s3://", StringComparison.Ordinal))
            {
                if (!S3Uri.TryParse(source, out _))
                {
                    throw new ImportSourceException($"`{source}` is not an S3 location: write s3://bucket/prefix");
                }

                if (store is null)
                {
                    throw new ImportSourceException($"{source}: this import has no S3 access; download the objects and pass the folder instead");
                }
            }
            else if (!File.Exists(source) && !Directory.Exists(source))
            {
                throw new ImportSourceException($"{source}: no such file or folder; pass a log file, a folder of them or an s3://bucket/prefix");
            }
            else if (!Directory.Exists(source) && InputFile.NotARegularFile(Path.GetFullPath(source)) is { } what)
            {
                // Reading a device never ends and opening a FIFO waits for a writer: refused before opening.
                throw new ImportSourceException($"{source} is {what}, not a log file; pass a log file, a folder of them or an s3://bucket/prefix");
            }
        }
    }

    /// <summary>The log objects of one source, in order.</summary>
    /// <exception cref="ImportSourceException">The bucket cannot be listed.</exception>
    public static async IAsyncEnumerable<LogObject> ObjectsAsync(
        string source, ILogObjectStore? store, LogReadOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (source.StartsWith("s3://", StringComparison.Ordinal))
        {
            S3Uri.TryParse(source, out var prefix);
            await using var listing = store!.ListAsync(prefix!, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                StoredObject item;
                try
                {
                    if (!await listing.MoveNextAsync())
                    {
                        break;
                    }

                    item = listing.Current;
                }
                catch (ObjectStoreException e)
                {
                    throw new ImportSourceException($"{source} cannot be listed: {e.Message}", e);
                }

                if (IsLogKey(item.Uri.Key, options))
                {
                    var uri = item.Uri;
                    yield return new LogObject(uri.ToString(), ct => store.OpenReadAsync(uri, ct));
                }
            }

            yield break;
        }

        if (File.Exists(source))
        {
            yield return Local(source);
            yield break;
        }

        var root = Path.GetFullPath(source);
        // Symbolic links are not followed (a link to a parent folder would never end) and only regular files are read.
        var walk = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        var files = Directory.EnumerateFiles(root, "*", walk)
            .Where(f => InputFile.NotARegularFile(f) is null)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => IsLogKey("/" + f.Relative, options))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var file in files)
        {
            yield return Local(file.Full);
        }
    }

    /// <summary>Whether a key (or a path relative to a folder, with '/') names a log object worth reading.</summary>
    public static bool IsLogKey(string key, LogReadOptions options)
    {
        if (key.Contains("/data/", StringComparison.Ordinal) || key.StartsWith("data/", StringComparison.Ordinal)
            || key.Contains("permission-check", StringComparison.Ordinal)
            || !LogExtensions.Any(e => key.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (HourOf(key) is not { } hour)
        {
            return true;
        }

        return !(options.Since is { } since && hour.AddHours(1) <= since) && !(options.Until is { } until && hour >= until);
    }

    /// <summary>The UTC hour of a key in Bedrock's layout (<c>BedrockModelInvocationLogs/&lt;region&gt;/YYYY/MM/DD/HH/</c>), or null.</summary>
    public static DateTimeOffset? HourOf(string key)
    {
        var match = HourFolder().Match(key);
        return match.Success && DateTimeOffset.TryParseExact(
            string.Concat(match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value, match.Groups[4].Value),
            "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var hour)
            ? hour
            : null;
    }

    private static LogObject Local(string path) =>
        new(path, _ => Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true)));

    [GeneratedRegex(@"BedrockModelInvocationLogs/[^/]+/(\d{4})/(\d{2})/(\d{2})/(\d{2})/")]
    private static partial Regex HourFolder();
}
