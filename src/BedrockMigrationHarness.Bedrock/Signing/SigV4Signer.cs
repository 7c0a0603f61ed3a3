using System.Globalization;
using System.Text;
using Amazon.Runtime.Internal.Auth;

namespace BedrockMigrationHarness.Bedrock.Signing;

/// <summary>
/// AWS Signature Version 4: builds the canonical request and the string to sign here, and lets
/// AWSSDK.Core's <see cref="AWS4Signer.ComputeSignature(string, string, string, DateTime, string, string, string)"/>
/// derive the key and the signature. Adds no header itself: the caller lists every header to sign.
/// </summary>
internal static class SigV4Signer
{
    /// <summary>The <c>X-Amz-Date</c> format.</summary>
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Signs <paramref name="request"/> for <paramref name="service"/> in <paramref name="region"/> at <paramref name="signedAt"/>.</summary>
    public static SigV4Signature Sign(SigV4Request request, AwsCredentials credentials, string region, string service, DateTimeOffset signedAt)
    {
        var (canonicalRequest, signedHeaders) = BuildCanonicalRequest(request);
        var utc = signedAt.UtcDateTime;
        var scope = string.Create(CultureInfo.InvariantCulture, $"{utc:yyyyMMdd}/{region}/{service}/aws4_request");
        var stringToSign = string.Join(
            '\n',
            Algorithm,
            utc.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
            scope,
            SigV4Encoding.Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest)));

        var result = AWS4Signer.ComputeSignature(
            credentials.AccessKeyId, credentials.SecretAccessKey, region, utc, service, signedHeaders, canonicalRequest);
        return new SigV4Signature(canonicalRequest, signedHeaders, stringToSign, result.ForAuthorizationHeader);
    }

    private static (string CanonicalRequest, string SignedHeaders) BuildCanonicalRequest(SigV4Request request)
    {
        var query = string.Join(
            '&',
            request.Query
                .Select(p => (Key: SigV4Encoding.Encode(p.Key), Value: SigV4Encoding.Encode(p.Value)))
                .OrderBy(p => p.Key, StringComparer.Ordinal)
                .ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => p.Key + "=" + p.Value));

        var headers = request.Headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => NormalizeValue(h.Value)))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var signedHeaders = string.Join(';', headers.Select(h => h.Name));

        var builder = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(SigV4Encoding.CanonicalPath(request.WirePath)).Append('\n')
            .Append(query).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(request.PayloadHash);
        return (builder.ToString(), signedHeaders);
    }

    /// <summary>Trims the value and folds runs of spaces into one, as the SigV4 canonical form requires.</summary>
    private static string NormalizeValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == ' ' && previousSpace)
            {
                continue;
            }

            previousSpace = c == ' ';
            builder.Append(c);
        }

        return builder.ToString();
    }
}
