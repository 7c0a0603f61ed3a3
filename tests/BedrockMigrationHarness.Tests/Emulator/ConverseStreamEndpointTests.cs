using System.Net;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;

namespace BedrockMigrationHarness.Tests.Emulator;

[TestFixture]
public sealed class ConverseStreamEndpointTests
{
    [Test]
    public async Task ConverseStream_Text_SendsEventsInOrderWithValidFrames()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var (response, messages) = await EmulatorHttp.StreamAsync(emulator.Client, EmulatorTestProfiles.Active, EmulatorHttp.UserMessage("Tell me something."));
        var types = messages.Select(m => m.Header(":event-type")).ToList();
        var payloads = messages.Select(EmulatorHttp.Payload).ToList();

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.amazon.eventstream"));
        Assert.That(types[0], Is.EqualTo("messageStart"));
        Assert.That(types[^3..], Is.EqualTo(new[] { "contentBlockStop", "messageStop", "metadata" }));
        Assert.That(types[1..^3], Is.All.EqualTo("contentBlockDelta"));
        Assert.That(types[1..^3], Has.Count.GreaterThan(1), "text arrives in several chunks");
        Assert.That(messages.Select(m => m.Header(":message-type")), Is.All.EqualTo("event"));
        Assert.That(messages.Select(m => m.Header(":content-type")), Is.All.EqualTo("application/json"));
        Assert.That(payloads.Select(p => p.ContainsKey("p")), Is.All.True, "every event carries padding");
        Assert.That(payloads[0]["role"]!.GetValue<string>(), Is.EqualTo("assistant"));
        Assert.That(payloads[^2]["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        var metadata = payloads[^1];
        Assert.That(metadata["usage"]!["totalTokens"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(metadata["metrics"]!["latencyMs"], Is.Not.Null);
        var text = string.Concat(payloads[1..^3].Select(p => p["delta"]!["text"]!.GetValue<string>()));
        Assert.That(text, Does.EndWith("."));
        response.Dispose();
    }

    [Test]
    public async Task ConverseStream_Tool_StreamsInputFragmentsThatJoinToJson()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        const string Tools = ""","toolConfig":{"tools":[{"toolSpec":{"name":"rate","inputSchema":{"json":{"type":"object","properties":{"score":{"type":"integer"},"reason":{"type":"string"}},"required":["score","reason"]}}}}]}""";

        var (response, messages) = await EmulatorHttp.StreamAsync(emulator.Client, EmulatorTestProfiles.Active, EmulatorHttp.UserMessage("Rate it.", extra: Tools));
        var payloads = messages.Select(EmulatorHttp.Payload).ToList();
        var start = payloads[1]["start"]!["toolUse"]!;
        var input = string.Concat(payloads.Where(p => p["delta"]?["toolUse"] is not null).Select(p => p["delta"]!["toolUse"]!["input"]!.GetValue<string>()));

        Assert.That(messages[1].Header(":event-type"), Is.EqualTo("contentBlockStart"));
        Assert.That(start["name"]!.GetValue<string>(), Is.EqualTo("rate"));
        Assert.That(start["toolUseId"]!.GetValue<string>(), Does.StartWith("tooluse_"));
        Assert.That(JsonNode.Parse(input)!["score"], Is.Not.Null);
        Assert.That(payloads[^2]["stopReason"]!.GetValue<string>(), Is.EqualTo("tool_use"));
        response.Dispose();
    }

    [Test]
    public async Task ConverseStream_MidstreamFault_EndsWithThrottlingExceptionFrame()
    {
        const string Model = "m.midstream-v1:0";
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile { Errors = new ErrorRates { Midstream = 1 } }));

        var (response, messages) = await EmulatorHttp.StreamAsync(emulator.Client, Model, EmulatorHttp.UserMessage("Tell me something."));
        var last = messages[^1];

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(messages.Select(m => m.Header(":event-type")), Has.Some.EqualTo("contentBlockDelta"));
        Assert.That(last.Header(":message-type"), Is.EqualTo("exception"));
        Assert.That(last.Header(":exception-type"), Is.EqualTo("throttlingException"));
        Assert.That(EmulatorHttp.Payload(last)["message"]!.GetValue<string>(), Does.Contain("Too many tokens"));
        response.Dispose();
    }

    [Test]
    public async Task ConverseStream_ThrottledBeforeStart_IsAPlainJsonError()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, EmulatorTestProfiles.Throttled, "converse-stream", EmulatorHttp.UserMessage("Hi"));

        Assert.That(response.StatusCode, Is.EqualTo((HttpStatusCode)429));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
    }
}
