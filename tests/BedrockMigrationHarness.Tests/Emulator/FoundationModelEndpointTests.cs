using System.Net;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class FoundationModelEndpointTests
{
    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task GetFoundationModel_EncodedId_ReturnsDetailsWithLifecycleDates()
    {
        using var response = await _emulator.Client.GetAsync(new Uri($"/foundation-models/{EmulatorHttp.EncodeLabel(EmulatorTestProfiles.Legacy)}", UriKind.Relative));
        var details = (await EmulatorHttp.ReadJsonAsync(response))["modelDetails"]!;

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(details["modelArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"));
            Assert.That(details["modelId"]!.GetValue<string>(), Is.EqualTo(EmulatorTestProfiles.Legacy));
            Assert.That(details["modelName"]!.GetValue<string>(), Is.EqualTo("Claude 3.5 Sonnet v2"));
            Assert.That(details["providerName"]!.GetValue<string>(), Is.EqualTo("Anthropic"));
            Assert.That(details["inputModalities"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "TEXT", "IMAGE" }));
            Assert.That(details["outputModalities"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "TEXT" }));
            Assert.That(details["responseStreamingSupported"]!.GetValue<bool>(), Is.True);
            Assert.That(details["inferenceTypesSupported"]!.AsArray().Select(m => m!.GetValue<string>()), Is.EqualTo(new[] { "ON_DEMAND" }));
            Assert.That(details["modelLifecycle"]!.ToJsonString(), Is.EqualTo("""{"status":"LEGACY","startOfLifeTime":"2024-10-22T00:00:00Z","legacyTime":"2025-08-25T00:00:00Z","endOfLifeTime":"2026-03-01T00:00:00Z"}"""));
        });
    }

    [Test]
    public async Task GetFoundationModel_Arn_ResolvesAndTakesRegionFromCredentialScope()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/foundation-models/{EmulatorHttp.EncodeLabel("arn:aws:bedrock:eu-west-1::foundation-model/" + EmulatorTestProfiles.Active)}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261124/eu-west-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");

        using var response = await _emulator.Client.SendAsync(request);
        var details = (await EmulatorHttp.ReadJsonAsync(response))["modelDetails"]!;

        Assert.That(details["modelArn"]!.GetValue<string>(), Is.EqualTo("arn:aws:bedrock:eu-west-1::foundation-model/" + EmulatorTestProfiles.Active));
        Assert.That(details["modelLifecycle"]!.ToJsonString(), Is.EqualTo("""{"status":"ACTIVE"}"""));
        Assert.That(details["modelName"]!.GetValue<string>(), Is.EqualTo("Claude 3.7 Sonnet"));
    }

    [TestCase(EmulatorTestProfiles.Eol)]
    [TestCase("anthropic.unknown-v1:0")]
    public async Task GetFoundationModel_EolOrUnknown_Returns404(string modelId)
    {
        using var response = await _emulator.Client.GetAsync(new Uri($"/foundation-models/{EmulatorHttp.EncodeLabel(modelId)}", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ResourceNotFoundException" }));
    }

    [Test]
    public async Task ListFoundationModels_NoFilter_ListsAllButEol()
    {
        var ids = await ListAsync(string.Empty);

        Assert.That(ids, Does.Contain(EmulatorTestProfiles.Active).And.Contain(EmulatorTestProfiles.Legacy).And.Contain(EmulatorTestProfiles.Nova));
        Assert.That(ids, Does.Not.Contain(EmulatorTestProfiles.Eol));
    }

    [Test]
    public async Task ListFoundationModels_Filters_Apply()
    {
        Assert.That(await ListAsync("?byProvider=Amazon&byOutputModality=TEXT&byInferenceType=ON_DEMAND"), Is.EqualTo(new[] { EmulatorTestProfiles.Nova }));
        Assert.That(await ListAsync("?byInferenceType=PROVISIONED"), Is.Empty);
        Assert.That(await ListAsync("?byOutputModality=IMAGE"), Is.Empty);
    }

    private async Task<List<string>> ListAsync(string query)
    {
        using var response = await _emulator.Client.GetAsync(new Uri("/foundation-models" + query, UriKind.Relative));
        var body = await EmulatorHttp.ReadJsonAsync(response);
        return [.. body["modelSummaries"]!.AsArray().Select(m => m!["modelId"]!.GetValue<string>())];
    }
}
