using System.Globalization;
using System.Net.Http.Headers;
using BedrockMigrationHarness.Bedrock.Signing;

namespace BedrockMigrationHarness.Bedrock.Http;

/// <summary>
/// Builds SigV4-signed requests for Bedrock (signing name <c>bedrock</c> for both APIs). Signs <c>host</c> (with the
/// port when it is not the default), <c>x-amz-date</c>, <c>x-amz-content-sha256</c>, <c>x-amz-security-token</c> when
/// the credentials carry one, and <c>content-type</c> / <c>accept</c> when present.
/// </summary>
public sealed class SignedRequestFactory(string region, TimeProvider timeProvider)
{
    /// <summary>The SigV4 signing name of bedrock-runtime and bedrock alike.</summary>
    public const string SigningName = "bedrock";

    /// <summary>
    /// A signed request to <paramref name="baseUri"/> + <paramref name="wirePath"/> (already percent-encoded once).
    /// A non-null <paramref name="body"/> is sent as <c>Content-Type: application/json</c>, exactly, without a charset.
    /// </summary>
    public HttpRequestMessage Create(
        HttpMethod method,
        Uri baseUri,
        string wirePath,
        IReadOnlyList<KeyValuePair<string, string>> query,
        byte[]? body,
        bool acceptJson,
        AwsCredentials credentials,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null)
    {
        var target = wirePath + (query.Count == 0
            ? string.Empty
            : "?" + string.Join('&', query.Select(p => SigV4Encoding.Encode(p.Key) + "=" + SigV4Encoding.Encode(p.Value))));
        var uri = new Uri(baseUri.GetLeftPart(UriPartial.Authority) + target);
        var message = new HttpRequestMessage(method, uri);

        var signed = new List<KeyValuePair<string, string>> { new("host", uri.Authority) };
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            signed.Add(new("content-type", "application/json"));
        }

        if (acceptJson)
        {
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            signed.Add(new("accept", "application/json"));
        }

        foreach (var (name, value) in headers ?? [])
        {
            AddSigned(message, signed, name, value);
        }

        var payloadHash = body is null ? SigV4Encoding.EmptyPayloadHash : SigV4Encoding.Sha256Hex(body);
        var now = timeProvider.GetUtcNow();
        AddSigned(message, signed, "X-Amz-Date", now.UtcDateTime.ToString(SigV4Signer.DateTimeFormat, CultureInfo.InvariantCulture));
        AddSigned(message, signed, "X-Amz-Content-SHA256", payloadHash);
        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            AddSigned(message, signed, "X-Amz-Security-Token", credentials.SessionToken);
        }

        var signature = SigV4Signer.Sign(
            new SigV4Request(method.Method, wirePath, query, signed, payloadHash), credentials, region, SigningName, now);
        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return message;
    }

    private static void AddSigned(HttpRequestMessage message, List<KeyValuePair<string, string>> signed, string name, string value)
    {
        message.Headers.TryAddWithoutValidation(name, value);
        signed.Add(new(name.ToLowerInvariant(), value));
    }
}
