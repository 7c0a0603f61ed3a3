using System.Text.Json;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Runtime;

/// <summary>
/// The harness's own client against the emulator, for the conversation shapes: what the request writer sends the
/// emulator accepts, and what the emulator answers the readers take apart (tool calls, reasoning, cache usage,
/// structured output), on Converse and ConverseStream alike.
/// </summary>
[TestFixture]
public sealed class ConversationRoundTripTests
{
    private const string Model = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private const string OrderSchema = """{"type":"object","properties":{"order_id":{"type":"string","pattern":"^A-[0-9]{4}$"}},"required":["order_id"],"additionalProperties":false}""";
    private const string ReplySchema = """{"type":"object","properties":{"reply":{"type":"string"},"shipped":{"type":"boolean"}},"required":["reply","shipped"],"additionalProperties":false}""";

    private static async Task<ModelCallResult> SendAsync(ModelRequest request)
    {
        await using var emulator = await RunningEmulator.StartAsync(EmulatorTestProfiles.Single(Model, new ModelProfile()));
        var client = BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(emulator.Server.BaseAddress, "AKIDEXAMPLE", "secret", "us-east-1"));
        return await client.SendAsync(request, CancellationToken.None);
    }

    private static ModelRequest Request(bool stream, params Turn[] turns) =>
        new(Model, "You are the order assistant.", [.. turns], new InferenceSettings(1024, null, null, []), stream, TimeSpan.FromSeconds(30));

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_ToolsOfferedAndAConversation_ReadsTheToolCallAndTheCacheWrite(bool stream)
    {
        var request = Request(stream,
            Turn.UserText("Hi, I have a question about order A-1042."),
            new Turn(TurnRole.Assistant, [new TextPart("Sure, what would you like to know?")]),
            Turn.UserText("Where is it?")) with
        {
            Tools = new ToolConfiguration([new ToolDefinition("lookup_order", "Looks an order up.", OrderSchema, Strict: false)], new ToolChoice(ToolChoiceKind.Any), CachePoint: true),
            CacheSystemPrompt = true,
        };

        var result = await SendAsync(request);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.StopReason, Is.EqualTo("tool_use"));
        var call = result.ToolCalls.Single();
        Assert.That(call.Name, Is.EqualTo("lookup_order"));
        using var input = JsonDocument.Parse(call.InputJson);
        Assert.That(input.RootElement.GetProperty("order_id").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(result.CacheWriteInputTokens, Is.GreaterThan(0), "the first request with this prefix writes the cache");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_ScriptedToolResultThenStructuredOutput_AnswersValidJsonText(bool stream)
    {
        var request = Request(stream,
            Turn.UserText("Where is my order A-1042?"),
            new Turn(TurnRole.Assistant, [new ToolUsePart("call-1", "lookup_order", """{"order_id":"A-1042"}""")]),
            new Turn(TurnRole.User, [new ToolResultPart("call-1", """{"status":"shipped"}""", IsJson: true, IsError: false)])) with
        {
            Tools = new ToolConfiguration([new ToolDefinition("lookup_order", null, OrderSchema, Strict: false)], null, CachePoint: false),
            StructuredOutput = new StructuredOutputRequest(ReplySchema, "reply"),
        };

        var result = await SendAsync(request);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.ToolCalls, Is.Empty, "after a tool result the model answers in text");
        using var answer = JsonDocument.Parse(result.Text!);
        Assert.That(answer.RootElement.GetProperty("shipped").ValueKind, Is.AnyOf(JsonValueKind.True, JsonValueKind.False));
        Assert.That(answer.RootElement.GetProperty("reply").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_ExtendedThinking_KeepsTheReasoningApartFromTheAnswer(bool stream)
    {
        var request = Request(stream, Turn.UserText("Explain the refund policy in one sentence.")) with
        {
            AdditionalFieldsJson = """{"thinking":{"type":"enabled","budget_tokens":1024}}""",
        };

        var result = await SendAsync(request);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
        Assert.That(result.ReasoningText, Is.Not.Null.And.Not.Empty);
        Assert.That(result.Text, Is.Not.Empty);
        Assert.That(result.Text, Does.Not.Contain(result.ReasoningText!), "reasoning is never part of the answer text");
    }
}
