using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Bedrock.Signing;

/// <summary>The percent-encoding and hashing rules of SigV4 (RFC 3986, only <c>A-Z a-z 0-9 - . _ ~</c> left as they are).</summary>
internal static class SigV4Encoding
{
    /// <summary>The hex SHA-256 of an empty payload (GET requests).</summary>
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// Percent-encodes every UTF-8 byte of <paramref name="value"/> but the unreserved characters, with upper-case hex.
    /// Used for path labels on the wire (<c>:</c> → <c>%3A</c>, <c>/</c> → <c>%2F</c>) and for query keys and values.
    /// </summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && IsUnreserved((char)rune.Value))
            {
                builder.Append((char)rune.Value);
                continue;
            }

            var count = rune.EncodeToUtf8(bytes);
            for (var i = 0; i < count; i++)
            {
                builder.Append('%').Append(bytes[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The canonical URI of a non-S3 service: every segment of the path as sent on the wire (already encoded once)
    /// is encoded a second time, so <c>%3A</c> becomes <c>%253A</c>. An empty path is <c>/</c>.
    /// </summary>
    public static string CanonicalPath(string wirePath)
    {
        if (string.IsNullOrEmpty(wirePath))
        {
            return "/";
        }

        return string.Join('/', wirePath.Split('/').Select(Encode));
    }

    /// <summary>Lower-case hex SHA-256 of <paramref name="data"/>.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
