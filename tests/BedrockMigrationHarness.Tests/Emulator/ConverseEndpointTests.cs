using System.Net;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class ConverseEndpointTests
{
    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Converse_ModelIdWithColon_ReturnsConverseShape()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("Say hello."));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(response.Headers.Contains("x-amzn-RequestId"), Is.True);
            Assert.That(body["output"]!["message"]!["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
            Assert.That(body["metrics"]!["latencyMs"]!.GetValue<long>(), Is.GreaterThanOrEqualTo(0));
            var usage = body["usage"]!;
            Assert.That(usage["inputTokens"]!.GetValue<int>(), Is.GreaterThan(0));
            Assert.That(usage["outputTokens"]!.GetValue<int>(), Is.GreaterThan(0));
            Assert.That(usage["totalTokens"]!.GetValue<int>(), Is.EqualTo(usage["inputTokens"]!.GetValue<int>() + usage["outputTokens"]!.GetValue<int>()));
        });
    }

    [TestCase("arn:aws:bedrock:us-west-2::foundation-model/" + EmulatorTestProfiles.Active)]
    [TestCase("us." + EmulatorTestProfiles.Active)]
    [TestCase("global." + EmulatorTestProfiles.Active)]
    public async Task Converse_ArnOrInferenceProfileId_ResolvesToTheBaseModel(string modelId)
    {
        var before = _emulator.Server.RequestCountFor(EmulatorTestProfiles.Active);

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, modelId, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_emulator.Server.RequestCountFor(EmulatorTestProfiles.Active), Is.EqualTo(before + 1));
    }

    [TestCase(EmulatorTestProfiles.Eol)]
    [TestCase("anthropic.no-such-model-v1:0")]
    [TestCase("us.anthropic.no-such-model-v1:0")]
    public async Task Converse_EolOrUnknownModel_Returns400InvalidIdentifier(string modelId)
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, modelId, "converse", EmulatorHttp.UserMessage("Hi"));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ValidationException" }));
        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("The provided model identifier is invalid."));
    }

    [Test]
    public async Task Converse_ThrottleRateOne_Returns429ThrottlingException()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Throttled, "converse", EmulatorHttp.UserMessage("Hi"));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ThrottlingException" }));
        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("Too many requests, please wait before trying again."));
    }

    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":0}}""", "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"temperature":1.5}}""", "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"topP":-0.1}}""", "at 'inferenceConfig.topP' failed to satisfy constraint: Member must have value greater than or equal to 0")]
    [TestCase("""{"messages":[{"role":"bot","content":[{"text":"Hi"}]}]}""", "Value 'bot' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]")]
    [TestCase("""{"messages":[]}""", "A conversation must start with a user message.")]
    [TestCase("""{"system":[{"text":"x"}]}""", "A conversation must start with a user message.")]
    [TestCase("""{"messages":[{"role":"user","content":[]}]}""", "'messages.1.member.content' failed to satisfy constraint")]
    [TestCase("""not json""", "Malformed input request")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"requestMetadata":{}}""", "Value at 'requestMetadata' failed to satisfy constraint: Member must be a map of 1 to 16")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"requestMetadata":{"case_id":"ticket<07>"}}""", "Value at 'requestMetadata.case_id' failed to satisfy constraint")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"requestMetadata":{"case id!":"x"}}""", "Map keys must have length 1 to 256")]
    public async Task Converse_InvalidRequest_Returns400WithHelpfulMessage(string json, string expectedMessagePart)
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ValidationException" }));
        Assert.That(body["message"]!.GetValue<string>(), Does.Contain(expectedMessagePart));
    }

    [Test]
    public async Task Converse_TwoViolations_ReportsBoth()
    {
        const string Json = """{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":0,"temperature":2}}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", Json);
        var message = (await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>();

        Assert.That(message, Does.StartWith("2 validation errors detected: "));
        Assert.That(message, Does.Contain("maxTokens").And.Contain("temperature"));
    }

    [Test]
    public async Task Converse_MaxTokensBelowDrawnLength_StopsWithMaxTokens()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("Write a lot.", maxTokens: 5));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("max_tokens"));
        Assert.That(body["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task Converse_PlainPrompt_TextLengthFollowsOutputTokens()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single("m.fixed-v1:0", new ModelProfile { OutputTokens = new TokenDistribution(200, 0) }));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, "m.fixed-v1:0", "converse", EmulatorHttp.UserMessage("Tell me a story."));
        var body = await EmulatorHttp.ReadJsonAsync(response);
        var text = body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>();

        Assert.That(body["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(200));
        Assert.That(text.Length, Is.InRange(760, 860), "about 4 characters per token");
    }

    [Test]
    public async Task Converse_OverHttp2PriorKnowledge_AnswersOnTheSecondAddress()
    {
        using var http2 = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = _emulator.Server.Http2BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await EmulatorHttp.PostJsonAsync(http2, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("Hi"));

        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(_emulator.Server.Http2BaseAddress.Port, Is.Not.EqualTo(_emulator.Server.BaseAddress.Port));
    }

    [Test]
    public async Task Converse_EachRequest_IsCountedOnce()
    {
        var before = _emulator.Server.RequestCount;

        using (await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Active, "converse", EmulatorHttp.UserMessage("one")))
        using (await _emulator.Client.GetAsync(new Uri("/foundation-models", UriKind.Relative)))
        {
            Assert.That(_emulator.Server.RequestCount, Is.EqualTo(before + 2));
        }
    }

    [Test]
    public async Task Log_OneLinePerRequest_WithMethodPathStatus()
    {
        var emulator = await RunningEmulator.StartAsync();
        using (await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Eol, "converse", EmulatorHttp.UserMessage("Hi")))
        {
        }

        // Stopping waits for in-flight requests, so their log lines are written.
        await emulator.DisposeAsync();

        var lines = emulator.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1));
        Assert.That(lines[0], Does.Match(@"^POST /model/anthropic\.claude-v2%3A1/converse 400 \d+ms\r?$"));
    }
}
