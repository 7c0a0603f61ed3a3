using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Auth;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>The server side of RequireSigV4 over HTTP. The SDK-signed cases are in <see cref="Boto3ConformanceTests"/>.</summary>
[TestFixture]
public sealed class SigV4EndpointTests
{
    private static readonly SigV4Key Key = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync(requireSigV4: Key);

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Converse_NoAuthorization_Returns403UnrecognizedClient()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "UnrecognizedClientException" }));
        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Is.EqualTo("The security token included in the request is invalid."));
    }

    [Test]
    public async Task Converse_SignedWithTheKey_IsAccepted()
    {
        using var response = await _emulator.Client.SendAsync(Signed(EmulatorHttp.UserMessage("Hi"), Key.SecretAccessKey, "bedrock"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Converse_SignedWithAnotherSecret_Returns403InvalidSignature()
    {
        using var response = await _emulator.Client.SendAsync(Signed(EmulatorHttp.UserMessage("Hi"), "not-the-secret", "bedrock"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "InvalidSignatureException" }));
        Assert.That(
            (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(),
            Is.EqualTo("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."));
    }

    [Test]
    public async Task Converse_SignedForBedrockRuntime_IsRejectedAsTheWrongService()
    {
        using var response = await _emulator.Client.SendAsync(Signed(EmulatorHttp.UserMessage("Hi"), Key.SecretAccessKey, "bedrock-runtime"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Does.Contain("'bedrock'"));
    }

    /// <summary>A request signed by the test itself (host with port, path encoded twice in the canonical request).</summary>
    private HttpRequestMessage Signed(string json, string secret, string service)
    {
        var rawPath = $"/model/{EmulatorHttp.EncodeLabel(EmulatorTestProfiles.Active)}/converse";
        var body = Encoding.UTF8.GetBytes(json);
        var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = $"{_emulator.Server.BaseAddress.Host}:{_emulator.Server.BaseAddress.Port}";
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        List<KeyValuePair<string, string>> headers =
        [
            new("content-type", "application/json"),
            new("host", host),
            new("x-amz-content-sha256", payloadHash),
            new("x-amz-date", amzDate),
        ];
        var authorization = new SigV4Authorization(Key.AccessKeyId, amzDate[..8], "us-east-1", service, [.. headers.Select(h => h.Key)], string.Empty);
        var canonical = SigV4Verifier.CanonicalRequest(new SigV4Request("POST", rawPath, headers, body), authorization.SignedHeaders);
        var signature = SigV4Verifier.Signature(secret, authorization, amzDate, canonical);

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(rawPath, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("x-amz-content-sha256", payloadHash);
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={Key.AccessKeyId}/{authorization.Scope}, SignedHeaders={string.Join(';', authorization.SignedHeaders)}, Signature={signature}");
        return request;
    }
}
