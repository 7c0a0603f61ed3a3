using System.Diagnostics.CodeAnalysis;

namespace BedrockMigrationHarness.Vocabulary;

/// <summary>An S3 object or prefix: <c>s3://bucket/key</c>.</summary>
public sealed record S3Uri(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";

    /// <summary>Reads <c>s3://bucket</c> or <c>s3://bucket/key</c>; false for anything else (another scheme, no bucket).</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out S3Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(text);
        uri = null;
        if (!text.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            return false;
        }

        uri = new S3Uri(bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
        return true;
    }
}
