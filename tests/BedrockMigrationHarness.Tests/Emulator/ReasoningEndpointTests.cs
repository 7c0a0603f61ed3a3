using System.Net;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using static BedrockMigrationHarness.Tests.Emulator.Support.ConverseBodies;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>additionalModelRequestFields: extended thinking answered with reasoning content, and the models' parameter rules.</summary>
[TestFixture]
public sealed class ReasoningEndpointTests
{
    private const string Thinking = ""","additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":2048}}""";

    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(
        EmulatorTestProfiles.Current, new ModelProfile { OutputTokens = new TokenDistribution(80, 0) }));

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    private Task<HttpResponseMessage> ConverseAsync(string extra, string operation = "converse") =>
        EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Current, operation, Body([User(Text("Why is the sky blue?"))], extra));

    [Test]
    public async Task Converse_ThinkingEnabled_ReasoningBlockBeforeTheTextAndItsTokensCounted()
    {
        using var response = await ConverseAsync(Thinking);
        var body = await EmulatorHttp.ReadJsonAsync(response);
        var content = body["output"]!["message"]!["content"]!.AsArray();
        var reasoning = content[0]!["reasoningContent"]!["reasoningText"]!;

        Assert.That(content, Has.Count.EqualTo(2));
        Assert.That(reasoning["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(reasoning["signature"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(content[1]!["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(body["usage"]!["outputTokens"]!.GetValue<int>(), Is.EqualTo(160), "80 answer tokens and 80 reasoning tokens");
    }

    [Test]
    public async Task ConverseStream_ThinkingEnabled_ReasoningDeltasThenSignatureThenText()
    {
        var (response, messages) = await EmulatorHttp.StreamAsync(_emulator.Client, EmulatorTestProfiles.Current, Body([User(Text("Why is the sky blue?"))], Thinking));
        using (response)
        {
            var payloads = messages.Select(EmulatorHttp.Payload).ToList();
            var deltas = payloads.Where(p => p["delta"] is not null).ToList();
            var reasoning = deltas.TakeWhile(p => p["contentBlockIndex"]!.GetValue<int>() == 0).ToList();
            var text = deltas.Skip(reasoning.Count).ToList();

            Assert.That(reasoning[..^1].Select(p => p["delta"]!["reasoningContent"]!["text"]), Is.All.Not.Null);
            Assert.That(reasoning[^1]["delta"]!["reasoningContent"]!["signature"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(text.Select(p => p["contentBlockIndex"]!.GetValue<int>()), Is.All.EqualTo(1));
            Assert.That(text.Select(p => p["delta"]!["text"]), Is.All.Not.Null);
            Assert.That(payloads.Where(p => p.ContainsKey("contentBlockIndex") && p["delta"] is null).Select(p => p["contentBlockIndex"]!.GetValue<int>()), Is.EqualTo(new[] { 0, 1 }), "each block stops once");
        }
    }

    [TestCase(""","inferenceConfig":{"temperature":0.5,"topP":0.9}""", "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.")]
    [TestCase(""","inferenceConfig":{"temperature":0.2},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":2048}}""", "The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled")]
    [TestCase(""","additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":500}}""", "The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")]
    public async Task Converse_ParameterRuleBroken_Returns400WithTheModelsMessage(string extra, string expected)
    {
        using var response = await ConverseAsync(extra);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ValidationException" }));
        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo(expected));
    }

    [Test]
    public async Task Converse_ThinkingWithForcedTool_Returns400()
    {
        using var response = await ConverseAsync(ToolConfig("""{"any":{}}""") + Thinking);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("The model returned the following errors: Thinking may not be enabled when tool_choice forces tool use."));
    }

    [TestCase(""","inferenceConfig":{"temperature":1},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":2048}}""")]
    [TestCase(""","inferenceConfig":{"temperature":0.5}""")]
    [TestCase(""","inferenceConfig":{"topP":0.9}""")]
    public async Task Converse_ParameterRulesKept_Answers200(string extra)
    {
        using var response = await ConverseAsync(extra);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Converse_OlderModelAcceptsBothSamplingParameters()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Legacy, "converse", Body([User(Text("Hi"))], ""","inferenceConfig":{"temperature":0.5,"topP":0.9}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Converse_ThinkingOnAModelWithoutReasoning_Returns400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Legacy, "converse", Body([User(Text("Hi"))], Thinking));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("The model returned the following errors: thinking: Extra inputs are not permitted"));
    }

    [Test]
    public async Task Converse_InputOverMaxContextTokens_Returns400()
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single("m.small-v1:0", new ModelProfile
        {
            Capabilities = new ModelCapabilities { MaxContextTokens = 10 },
        }));

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, "m.small-v1:0", "converse", Body(User(Text(new string('x', 100)))));
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["message"]!.GetValue<string>(), Is.EqualTo("Input is too long for requested model."));
    }
}
