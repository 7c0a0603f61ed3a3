using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>
/// An independent SigV4 implementation (the algorithm as AWS documents it): recomputes the Authorization
/// header of a recorded raw request from its target, its signed headers and its body, as a server would verify it.
/// Shares no code with the client's signer.
/// </summary>
internal static partial class ReferenceSigV4
{
    public static string ExpectedAuthorization(RecordedRequest request, string accessKey, string secretKey, string region, string service)
    {
        var authorization = request.Header("Authorization") ?? throw new InvalidOperationException("The request has no Authorization header.");
        var signedHeaders = SignedHeadersPattern().Match(authorization).Groups[1].Value;
        var amzDate = request.Header("X-Amz-Date") ?? throw new InvalidOperationException("The request has no X-Amz-Date header.");
        var date = amzDate[..8];

        var canonicalUri = string.Join('/', request.Path.Split('/').Select(Uri.EscapeDataString));
        var canonicalQuery = string.Join('&', request.Query
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        var canonicalHeaders = string.Concat(signedHeaders.Split(';').Select(name => name + ":" + (request.Header(name) ?? string.Empty).Trim() + "\n"));
        var payloadHash = request.Header("x-amz-content-sha256") ?? Convert.ToHexStringLower(SHA256.HashData(request.Body));

        var canonicalRequest = $"{request.Method}\n{canonicalUri}\n{canonicalQuery}\n{canonicalHeaders}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, stringToSign));
        return string.Create(CultureInfo.InvariantCulture, $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    [GeneratedRegex("SignedHeaders=([^,]+)")]
    private static partial Regex SignedHeadersPattern();
}
