using System.Net;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class InvokeModelEndpointTests
{
    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public async Task Invoke_AnthropicBody_ReturnsMessagesShapeAndUsageHeaders()
    {
        const string Json = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"system":"Be brief.","messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}],"temperature":0.5}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Legacy, "invoke", Json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
            Assert.That(body["id"]!.GetValue<string>(), Does.StartWith("msg_bdrk_"));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("message"));
            Assert.That(body["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
            Assert.That(body["model"]!.GetValue<string>(), Is.EqualTo("claude-3-5-sonnet-20241022"));
            Assert.That(body["content"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("text"));
            Assert.That(body["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
            Assert.That(body["stop_reason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
            Assert.That(body.ContainsKey("stop_sequence") && body["stop_sequence"] is null, Is.True);
            var output = body["usage"]!["output_tokens"]!.GetValue<int>();
            Assert.That(response.Headers.GetValues("X-Amzn-Bedrock-Output-Token-Count"), Is.EqualTo(new[] { output.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            Assert.That(response.Headers.Contains("X-Amzn-Bedrock-Input-Token-Count"), Is.True);
            Assert.That(response.Headers.Contains("X-Amzn-Bedrock-Invocation-Latency"), Is.True);
        });
    }

    [Test]
    public async Task Invoke_AnthropicTools_ReturnsToolUseBlock()
    {
        const string Json = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":256,"messages":[{"role":"user","content":"Weather in Paris?"}],"tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Legacy, "invoke", Json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["stop_reason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(body["content"]![0]!["type"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        Assert.That(body["content"]![0]!["input"]!["city"]!.GetValue<string>(), Is.Not.Empty);
    }

    [Test]
    public async Task Invoke_AnthropicWithoutMaxTokens_Returns400()
    {
        const string Json = """{"anthropic_version":"bedrock-2023-05-31","messages":[{"role":"user","content":"Hi"}]}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Legacy, "invoke", Json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body["message"]!.GetValue<string>(), Does.Contain("max_tokens"));
    }

    [Test]
    public async Task Invoke_NovaBody_ReturnsConverseLikeShape()
    {
        const string Json = """{"schemaVersion":"messages-v1","system":[{"text":"Be brief."}],"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"max_new_tokens":100}}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Nova, "invoke", Json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(body["usage"]!["totalTokens"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(response.Headers.Contains("X-Amzn-Bedrock-Input-Token-Count"), Is.True);
    }

    [Test]
    public async Task Invoke_UnknownBodyShape_Returns400()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Nova, "invoke", """{"inputText":"Hi"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Does.StartWith("Malformed input request"));
    }

    [Test]
    public async Task Invoke_EolModel_Returns400InvalidIdentifier()
    {
        const string Json = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""";

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, EmulatorTestProfiles.Eol, "invoke", Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await EmulatorHttp.ReadJsonAsync(response))["message"]!.GetValue<string>(), Is.EqualTo("The provided model identifier is invalid."));
    }
}
