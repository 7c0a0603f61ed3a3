using System.Text.Json.Nodes;
using BedrockMigrationHarness.Tests.Emulator.Support;
using static BedrockMigrationHarness.Tests.Emulator.Support.ConverseBodies;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>cachePoint blocks: the first request with a prefix writes it, later ones with the same prefix read it.</summary>
[TestFixture]
public sealed class PromptCacheEndpointTests
{
    private const string Model = EmulatorTestProfiles.Current;
    private static readonly string LongSystem = string.Concat(Enumerable.Repeat("You are the order assistant of Acme. ", 40));

    private static string Request(string question, string system = "") =>
        """{"system":[{"text":""" + JsonValue.Create(LongSystem + system).ToJsonString() + """},{"cachePoint":{"type":"default"}}],"messages":[""" + User(Text(question)) + "]}";

    private static async Task<JsonNode> UsageAsync(RunningEmulator emulator, string json)
    {
        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", json);
        return (await EmulatorHttp.ReadJsonAsync(response))["usage"]!;
    }

    [Test]
    public async Task Converse_SamePrefixTwice_WritesThenReads()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var first = await UsageAsync(emulator, Request("Where is order A-1?"));
        var second = await UsageAsync(emulator, Request("Where is order B-2?"));
        var prefixTokens = (LongSystem.Length + 3) / 4;

        Assert.Multiple(() =>
        {
            Assert.That(first["cacheWriteInputTokens"]!.GetValue<int>(), Is.EqualTo(prefixTokens));
            Assert.That(first["cacheReadInputTokens"]!.GetValue<int>(), Is.Zero);
            Assert.That(second["cacheReadInputTokens"]!.GetValue<int>(), Is.EqualTo(prefixTokens));
            Assert.That(second["cacheWriteInputTokens"]!.GetValue<int>(), Is.Zero);
            Assert.That(second["inputTokens"]!.GetValue<int>(), Is.LessThan(20), "the cached prefix is not counted again as input");
            Assert.That(second["totalTokens"]!.GetValue<int>(), Is.EqualTo(
                second["inputTokens"]!.GetValue<int>() + second["outputTokens"]!.GetValue<int>() + prefixTokens));
        });
    }

    [Test]
    public async Task Converse_OtherPrefix_WritesAgain()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        await UsageAsync(emulator, Request("Where is order A-1?"));
        var other = await UsageAsync(emulator, Request("Where is order A-1?", system: " Be brief."));

        Assert.That(other["cacheWriteInputTokens"]!.GetValue<int>(), Is.GreaterThan(0));
        Assert.That(other["cacheReadInputTokens"]!.GetValue<int>(), Is.Zero);
    }

    [Test]
    public async Task Converse_NoCachePoint_NoCacheMembers()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var usage = await UsageAsync(emulator, Body(User(Text("Hello"))));

        Assert.That(usage.AsObject().ContainsKey("cacheReadInputTokens"), Is.False);
        Assert.That(usage.AsObject().ContainsKey("cacheWriteInputTokens"), Is.False);
    }

    [Test]
    public async Task ConverseStream_CachePointInTools_UsageInTheMetadataEvent()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var json = Body([User(Text("Where is order A-1?"))], ToolConfig(null, OrderTools + "," + CachePoint));

        var (first, _) = await EmulatorHttp.StreamAsync(emulator.Client, Model, json);
        first.Dispose();
        var (response, messages) = await EmulatorHttp.StreamAsync(emulator.Client, Model, json);
        using (response)
        {
            var usage = EmulatorHttp.Payload(messages[^1])["usage"]!;

            Assert.That(usage["cacheReadInputTokens"]!.GetValue<int>(), Is.GreaterThan(0));
            Assert.That(usage["cacheWriteInputTokens"]!.GetValue<int>(), Is.Zero);
        }
    }
}
