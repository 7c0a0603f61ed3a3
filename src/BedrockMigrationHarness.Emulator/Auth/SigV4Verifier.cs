using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Auth;

/// <summary>A request as SigV4 sees it: the raw target (path and query exactly as sent), headers and body.</summary>
/// <param name="RawTarget">The request target as it was on the wire, e.g. <c>/model/x%3A0/converse?a=b</c>.</param>
/// <param name="Headers">Every header line (a name may repeat).</param>
internal sealed record SigV4Request(string Method, string RawTarget, IReadOnlyList<KeyValuePair<string, string>> Headers, ReadOnlyMemory<byte> Body);

/// <summary>Why a request was rejected.</summary>
internal enum SigV4Failure
{
    None,

    /// <summary>No <c>Authorization</c> header, or not a SigV4 one.</summary>
    MissingAuthorization,

    /// <summary>The access key id is not the configured one.</summary>
    UnknownAccessKey,

    /// <summary>The <c>Authorization</c> header cannot be parsed.</summary>
    Malformed,

    /// <summary>The credential scope names another service than the expected one.</summary>
    WrongService,

    /// <summary>The signature does not match.</summary>
    SignatureMismatch,

    /// <summary><c>x-amz-content-sha256</c> is not the SHA-256 of the body received.</summary>
    PayloadHashMismatch,

    /// <summary><c>x-amz-date</c> is more than <see cref="SigV4Verifier.MaxClockSkew"/> before the verifier's clock.</summary>
    SignatureExpired,

    /// <summary><c>x-amz-date</c> is more than <see cref="SigV4Verifier.MaxClockSkew"/> after the verifier's clock.</summary>
    SignatureNotYetCurrent,

    /// <summary>S3 only: the request has no <c>x-amz-content-sha256</c> header, which S3 requires of SigV4 requests.</summary>
    MissingContentSha256,
}

/// <summary>The two ways AWS services build the canonical request.</summary>
internal enum SigV4Dialect
{
    /// <summary>Every service but S3 (Bedrock): the path is encoded once more, and the payload hash must be the body's.</summary>
    Standard,

    /// <summary>
    /// S3: the path is encoded once (decoded, then encoded by the SigV4 rules), <c>x-amz-content-sha256</c> is required and
    /// may be <c>UNSIGNED-PAYLOAD</c> or a <c>STREAMING-...</c> value; the verifier does not compare it with the body,
    /// because S3 bodies are streamed: the caller checks a hex hash against the bytes as they arrive.
    /// </summary>
    S3,
}

/// <summary>The parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=..., Signature=...</c>.</summary>
internal sealed record SigV4Authorization(string AccessKeyId, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/aws4_request";

    /// <summary>Parses a SigV4 Authorization header value; null when it is not one.</summary>
    public static SigV4Authorization? Parse(string? value)
    {
        const string Algorithm = "AWS4-HMAC-SHA256 ";
        if (value is null || !value.StartsWith(Algorithm, StringComparison.Ordinal))
        {
            return null;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in value[Algorithm.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return null;
            }

            var name = part[..eq];
            var content = part[(eq + 1)..];
            switch (name)
            {
                case "Credential":
                    credential = content;
                    break;
                case "SignedHeaders":
                    signedHeaders = content;
                    break;
                case "Signature":
                    signature = content;
                    break;
                default:
                    break;
            }
        }

        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || scope[4] != "aws4_request" || signedHeaders is null || signature is null)
        {
            return null;
        }

        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders.Split(';'), signature);
    }
}

/// <summary>
/// Verifies AWS Signature Version 4 (header form) independently of any AWS SDK: rebuilds the canonical request
/// from the raw target with the path encoded once more, the canonical query, the signed headers and the payload
/// hash (<c>x-amz-content-sha256</c> when present, else hex SHA-256 of the body), and compares signatures in
/// constant time. Like AWS, it refuses an <c>x-amz-content-sha256</c> that is not the hash of the body received, and,
/// given a clock, a signing time more than 15 minutes from it (recorded test vectors verify without a clock).
/// </summary>
internal static class SigV4Verifier
{
    /// <summary>How far a request's <c>x-amz-date</c> may be from the server's clock, either way (AWS: 15 minutes).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Checks <paramref name="request"/> against <paramref name="key"/>.</summary>
    /// <param name="expectedService">The signing name the scope must carry (<c>bedrock</c>); null accepts any.</param>
    /// <param name="now">The server's time, to refuse signing times more than <see cref="MaxClockSkew"/> away; null skips that check.</param>
    /// <param name="dialect">How the canonical request is built and the payload hash checked (default: every service but S3).</param>
    public static SigV4Failure Verify(SigV4Request request, SigV4Key key, string? expectedService, DateTimeOffset? now = null, SigV4Dialect dialect = SigV4Dialect.Standard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        var authorizationValue = HeaderValue(request, "authorization");
        if (authorizationValue is null || !authorizationValue.StartsWith("AWS4-", StringComparison.Ordinal))
        {
            return SigV4Failure.MissingAuthorization;
        }

        var authorization = SigV4Authorization.Parse(authorizationValue);
        if (authorization is null)
        {
            return SigV4Failure.Malformed;
        }

        if (!string.Equals(authorization.AccessKeyId, key.AccessKeyId, StringComparison.Ordinal))
        {
            return SigV4Failure.UnknownAccessKey;
        }

        if (expectedService is not null && !string.Equals(authorization.Service, expectedService, StringComparison.Ordinal))
        {
            return SigV4Failure.WrongService;
        }

        var amzDate = HeaderValue(request, "x-amz-date");
        if (amzDate is null || !TryParseAmzDate(amzDate, out var signedAt))
        {
            return SigV4Failure.SignatureMismatch;
        }

        if (now is { } clock && (signedAt < clock - MaxClockSkew || signedAt > clock + MaxClockSkew))
        {
            return signedAt < clock ? SigV4Failure.SignatureExpired : SigV4Failure.SignatureNotYetCurrent;
        }

        var claimed = HeaderValue(request, "x-amz-content-sha256");
        if (dialect == SigV4Dialect.S3 && claimed is null)
        {
            return SigV4Failure.MissingContentSha256;
        }

        // AWS hashes the body it received; a header that claims another hash cannot sign it.
        if (dialect == SigV4Dialect.Standard && claimed is not null
            && !string.Equals(claimed, Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)), StringComparison.OrdinalIgnoreCase))
        {
            return SigV4Failure.PayloadHashMismatch;
        }

        var canonicalRequest = CanonicalRequest(request, authorization.SignedHeaders, dialect);
        var expected = Signature(key.SecretAccessKey, authorization, amzDate, canonicalRequest);
        var given = Encoding.ASCII.GetBytes(authorization.Signature);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), given)
            ? SigV4Failure.None
            : SigV4Failure.SignatureMismatch;
    }

    /// <summary>
    /// AWS's words for a signing time outside the window, e.g. <c>Signature expired: 20250101T000000Z is now earlier than
    /// 20250101T001500Z (20250101T003000Z - 15 min.)</c>; null when <paramref name="request"/> is within it.
    /// </summary>
    public static string? SigningTimeError(SigV4Request request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HeaderValue(request, "x-amz-date") is not { } amzDate || !TryParseAmzDate(amzDate, out var signedAt))
        {
            return null;
        }

        var minutes = (int)MaxClockSkew.TotalMinutes;
        if (signedAt < now - MaxClockSkew)
        {
            return $"Signature expired: {amzDate} is now earlier than {Format(now - MaxClockSkew)} ({Format(now)} - {minutes} min.)";
        }

        return signedAt > now + MaxClockSkew
            ? $"Signature not yet current: {amzDate} is still later than {Format(now + MaxClockSkew)} ({Format(now)} + {minutes} min.)"
            : null;
    }

    /// <summary>The canonical request for the given signed header names (lower-case).</summary>
    public static string CanonicalRequest(SigV4Request request, IReadOnlyList<string> signedHeaders, SigV4Dialect dialect = SigV4Dialect.Standard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var question = request.RawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? request.RawTarget : request.RawTarget[..question];
        var query = question < 0 ? string.Empty : request.RawTarget[(question + 1)..];
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        // S3 signs the key encoded once; every other service the path as sent, encoded once more.
        var canonicalPath = dialect == SigV4Dialect.S3 ? UriEncode(Uri.UnescapeDataString(path), keepSlash: true) : UriEncode(path, keepSlash: true);
        builder.Append(path.Length == 0 ? "/" : canonicalPath).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        var names = signedHeaders.Select(h => h.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(request, name)).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', names)).Append('\n');
        builder.Append(HeaderValue(request, "x-amz-content-sha256") ?? Convert.ToHexStringLower(SHA256.HashData(request.Body.Span)));
        return builder.ToString();
    }

    /// <summary>The hex signature of <paramref name="canonicalRequest"/> under the scope of <paramref name="authorization"/>.</summary>
    public static string Signature(string secretAccessKey, SigV4Authorization authorization, string amzDate, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{authorization.Scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        foreach (var part in new[] { authorization.Date, authorization.Region, authorization.Service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static bool TryParseAmzDate(string value, out DateTimeOffset signedAt) =>
        DateTimeOffset.TryParseExact(value, AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out signedAt);

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name), keepSlash: false), UriEncode(Uri.UnescapeDataString(value), keepSlash: false)));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    private static string CanonicalHeaderValue(SigV4Request request, string name)
    {
        var values = request.Headers
            .Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .Select(h => CollapseSpaces(h.Value.Trim()))
            .ToList();
        if (values.Count == 0 && name == ":authority")
        {
            // The AWS SDK for JavaScript signs HTTP/2's :authority pseudo-header; servers expose it as Host.
            return CanonicalHeaderValue(request, "host");
        }

        return string.Join(',', values);
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value)
        {
            var space = c == ' ';
            if (!(space && previousSpace))
            {
                builder.Append(c);
            }

            previousSpace = space;
        }

        return builder.ToString();
    }

    private static string? HeaderValue(SigV4Request request, string name)
    {
        foreach (var header in request.Headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.Trim();
            }
        }

        return null;
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it: only <c>A-Za-z0-9-._~</c> (and <c>/</c> in paths) stay as they are.</summary>
    private static string UriEncode(string value, bool keepSlash)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' || (keepSlash && c == '/'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
