using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Import.Logs.LogFixtures;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>Anthropic Messages records of InvokeModel / InvokeModelWithResponseStream (Fixtures/InvocationLogs/anthropic.jsonl).</summary>
public sealed class InvocationLogReaderAnthropicTests
{
    [Test]
    public async Task ReadAsync_AnthropicToolConversation_DecodesSystemTurnsToolsAndExtraFields()
    {
        var invocation = Kept((await ReadAsync([File("anthropic.jsonl")]))[0]);

        var request = invocation.Request;
        Assert.Multiple(() =>
        {
            Assert.That(invocation.Operation, Is.EqualTo(LoggedOperation.InvokeModel));
            Assert.That(request.System!.Text, Is.EqualTo("You are a helpful agent who can add numbers."));
            Assert.That(request.Messages[1].Parts, Is.EqualTo(new ContentPart[]
            {
                new TextPart("I will add them."),
                new ToolUsePart("toolu_01", "add_two_numbers", """{"number_1":2,"number_2":2}"""),
            }));
            Assert.That(request.Messages[2].Parts, Is.EqualTo(new ContentPart[] { new ToolResultPart("toolu_01", "4", IsJson: false, IsError: false) }));
            Assert.That(request.Inference, Is.EqualTo(new LoggedInference(2048, 0, 1, ["</answer>"])).Using<LoggedInference>(SameInference));
            Assert.That(request.Tools!.Tools.Single().Name, Is.EqualTo("add_two_numbers"));
            Assert.That(request.Tools.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Auto)));
            Assert.That(request.AdditionalFieldsJson, Is.EqualTo("""{"top_k":250}"""), "anthropic_version is the wire's, not a setting");
            Assert.That(invocation.Answer!.Text, Is.EqualTo("<answer>2 + 2 = 4"));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("stop_sequence"));
            Assert.That(invocation.Answer.LatencyMs, Is.Null, "InvokeModel logs no latency");
            Assert.That(invocation.Answer.InputTokens, Is.EqualTo(859));
            Assert.That(invocation.Answer.OutputTokens, Is.EqualTo(15));
        });
    }

    [Test]
    public async Task ReadAsync_AnthropicStream_JoinsTextDeltasAndSkipsDone()
    {
        var invocation = Kept((await ReadAsync([File("anthropic.jsonl")]))[1]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Operation, Is.EqualTo(LoggedOperation.InvokeModelWithResponseStream));
            Assert.That(invocation.Answer!.Text, Is.EqualTo("This is a bug report."));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("end_turn"));
            Assert.That(invocation.Answer.OutputTokens, Is.EqualTo(6));
            Assert.That(invocation.Request.Inference.StopSequences, Is.EqualTo(new[] { "\n\nHuman:" }));
            Assert.That(invocation.Request.AdditionalFieldsJson, Is.EqualTo("""{"top_k":250}"""));
        });
    }

    [Test]
    public async Task ReadAsync_AnthropicStreamedToolCall_JoinsInputJsonDeltas()
    {
        var invocation = Kept((await ReadAsync([File("anthropic.jsonl")]))[2]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Answer!.ToolCalls, Is.EqualTo(new[] { new ToolCall("toolu_07", "open_ticket", """{"summary": "Parcel arrived damaged"}""") }));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("tool_use"));
            Assert.That(invocation.Request.System, Is.EqualTo(new SystemOverride("You route support tickets.", CachePoint: true)));
            Assert.That(invocation.Request.Messages, Is.EqualTo(new[] { Turn.UserText("Open a ticket: my parcel arrived damaged.") }));
            Assert.That(invocation.Request.Tools!.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Tool, "open_ticket")));
            Assert.That(invocation.Request.AdditionalFieldsJson, Is.EqualTo("""{"anthropic_beta":["token-efficient-tools-2025-02-19"]}"""));
        });
    }

    [Test]
    public async Task ReadAsync_AnthropicConsecutiveUserTurns_MergesThem()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"InvokeModel","modelId":"anthropic.claude-3-haiku-20240307-v1:0","input":{"inputBodyJson":{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"Hello."},{"role":"user","content":[{"type":"text","text":"Are you there?"}]}]}},"output":{"outputBodyJson":{"content":[{"type":"text","text":"Yes."}],"stop_reason":"end_turn"}}}""";

        var request = Kept((await ReadTextAsync(Record))[0]).Request;

        Assert.That(request.Messages, Is.EqualTo(new[] { new Turn(TurnRole.User, [new TextPart("Hello."), new TextPart("Are you there?")]) }));
    }

    [Test]
    public async Task ReadAsync_AnthropicToolResultAnsweringNoCall_DropsAsUnreplayable()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"InvokeModel","modelId":"anthropic.claude-3-haiku-20240307-v1:0","input":{"inputBodyJson":{"anthropic_version":"bedrock-2023-05-31","max_tokens":10,"messages":[{"role":"user","content":"Go."},{"role":"assistant","content":[{"type":"tool_use","id":"toolXXX","name":"Task","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolXXX","content":"done"},{"type":"tool_result","tool_use_id":"toolYYY","content":"done"}]}]}},"output":{"outputBodyJson":{"content":[{"type":"text","text":"ok"}]}}}""";

        var dropped = Dropped((await ReadTextAsync(Record))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.UnreplayableConversation));
            Assert.That(dropped.Detail, Is.EqualTo("tool result `toolYYY` of turn 3 answers no tool call of the turn before"));
        });
    }

    private static bool SameInference(LoggedInference a, LoggedInference b) =>
        a.MaxTokens == b.MaxTokens && a.Temperature == b.Temperature && a.TopP == b.TopP
        && (a.StopSequences ?? []).SequenceEqual(b.StopSequences ?? []) && a.StopSequences.HasValue == b.StopSequences.HasValue;
}
