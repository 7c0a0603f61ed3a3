using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Emulator.Batch;

/// <summary>An <c>s3://bucket/key</c> URI of a batch job's input or output, checked against the service model's <c>S3Uri</c> pattern.</summary>
/// <param name="Key">The key or prefix, without the leading <c>/</c>; empty for the bucket's root.</param>
internal sealed partial record S3Location(string Bucket, string Key)
{
    /// <summary>The service model's <c>S3Uri</c> pattern, anchored.</summary>
    public const string Pattern = "s3://[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:/[-!_*'().a-z0-9A-Z]+(?:/[-!_*'().a-z0-9A-Z]+)*)?/?";

    /// <summary>The location, or null when <paramref name="uri"/> does not match <see cref="Pattern"/> (or is over 1,024 characters).</summary>
    public static S3Location? Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Length > 1024 || !UriPattern().IsMatch(uri))
        {
            return null;
        }

        var rest = uri["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new S3Location(rest, string.Empty) : new S3Location(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>The key of <paramref name="name"/> under this location taken as a folder.</summary>
    public string Child(string name) => Key.Length == 0 ? name : Key.TrimEnd('/') + "/" + name;

    public override string ToString() => $"s3://{Bucket}/{Key}";

    [GeneratedRegex("^" + Pattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex UriPattern();
}
