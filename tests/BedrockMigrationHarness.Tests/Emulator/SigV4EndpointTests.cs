using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Auth;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Vocabulary;

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

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_HarnessClientWithTags_IsAcceptedWithTheMetadataHeaderSigned(bool invoke)
    {
        using var client = BedrockClientFactory.CreateRuntime(
            BedrockClientOptions.ForEmulator(_emulator.Server.BaseAddress, Key.AccessKeyId, Key.SecretAccessKey, "us-east-1"));
        var request = new ModelRequest(
            EmulatorTestProfiles.Active, null, [Turn.UserText("Hi")], new InferenceSettings(64, null, null, []), false, TimeSpan.FromSeconds(30),
            invoke ? new InvokeModelBody("""{"anthropic_version":"bedrock-2023-05-31","max_tokens":64,"messages":[{"role":"user","content":"Hi"}]}""", "/content/0/text") : null)
        {
            Tags = RequestTags.For("Support tickets: EU", "ticket-07"),
        };

        var result = await client.SendAsync(request, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
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

    [Test]
    public async Task Converse_ContentSha256NotTheBodysHash_Returns403InvalidSignature()
    {
        // Signed correctly over the hash it claims, which is the hash of another body.
        using var response = await _emulator.Client.SendAsync(Signed(EmulatorHttp.UserMessage("Hi"), Key.SecretAccessKey, "bedrock", claimedBody: "{}"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "InvalidSignatureException" }));
    }

    [TestCase(-16 * 60, HttpStatusCode.Forbidden, "Signature expired: 20260301T114400Z is now earlier than 20260301T114500Z (20260301T120000Z - 15 min.)")]
    [TestCase(16 * 60, HttpStatusCode.Forbidden, "Signature not yet current: 20260301T121600Z is still later than 20260301T121500Z (20260301T120000Z + 15 min.)")]
    [TestCase(-15 * 60, HttpStatusCode.OK, null)]
    [TestCase(15 * 60, HttpStatusCode.OK, null)]
    public async Task Converse_SigningTimeAgainstTheEmulatorsClock_RefusedBeyondFifteenMinutesLikeAws(int offsetSeconds, HttpStatusCode expected, string? message)
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        await using var emulator = await RunningEmulator.StartAsync(requireSigV4: Key, signingClock: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));

        using var response = await emulator.Client.SendAsync(
            Signed(EmulatorHttp.UserMessage("Hi"), Key.SecretAccessKey, "bedrock", now.AddSeconds(offsetSeconds), emulator: emulator));

        Assert.That(response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        if (message is not null)
        {
            Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "InvalidSignatureException" }));
            Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Is.EqualTo(message));
        }
    }

    /// <summary>A request signed by the test itself (host with port, path encoded twice in the canonical request).</summary>
    /// <param name="claimedBody">The body whose hash x-amz-content-sha256 claims (and the signature covers); null for the real one.</param>
    private HttpRequestMessage Signed(
        string json, string secret, string service, DateTimeOffset? signedAt = null, string? claimedBody = null, RunningEmulator? emulator = null)
    {
        var rawPath = $"/model/{EmulatorHttp.EncodeLabel(EmulatorTestProfiles.Active)}/converse";
        var body = Encoding.UTF8.GetBytes(json);
        var amzDate = (signedAt ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var address = (emulator ?? _emulator).Server.BaseAddress;
        var host = $"{address.Host}:{address.Port}";
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(claimedBody is null ? body : Encoding.UTF8.GetBytes(claimedBody)));
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
