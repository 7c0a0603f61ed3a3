using System.Text;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Batch;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Batch;

[TestFixture]
internal sealed class BatchOutputReaderTests
{
    private static readonly S3Uri Output = new("bucket", "out/abc123def456/input.jsonl.out");

    private const string ConverseAnswer = """
        {"output":{"message":{"role":"assistant","content":[
          {"reasoningContent":{"reasoningText":{"text":"thinking"}}},
          {"text":"Hello"},{"text":" there"},
          {"toolUse":{"toolUseId":"t1","name":"lookup","input":{"id":7}}}]}},
         "stopReason":"end_turn",
         "usage":{"inputTokens":12,"outputTokens":5,"totalTokens":17,"cacheReadInputTokens":3,"cacheWriteInputTokens":4},
         "metrics":{"latencyMs":250}}
        """;

    [Test]
    public async Task ReadAsync_ConverseRecord_ReadsTheAnswerAsAnOnDemandCallWithoutLatencies()
    {
        var records = await ReadAsync(Line("00000000001", $"\"modelOutput\":{Flat(ConverseAnswer)}"));

        var record = records.Single();
        var result = record.Result!;
        Assert.Multiple(() =>
        {
            Assert.That(record.RecordId, Is.EqualTo("00000000001"));
            Assert.That(record.Problem, Is.Null);
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo("Hello there"));
            Assert.That(result.ReasoningText, Is.EqualTo("thinking"));
            Assert.That(result.ToolCalls.Single().Name, Is.EqualTo("lookup"));
            Assert.That(result.StopReason, Is.EqualTo("end_turn"));
            Assert.That((result.InputTokens, result.OutputTokens, result.CacheReadInputTokens, result.CacheWriteInputTokens), Is.EqualTo((12, 5, 3, 4)));
            Assert.That(result.ClientLatencyMs, Is.Zero);
            Assert.That(result.TimeToFirstTokenMs, Is.Null);
        });
    }

    [Test]
    public async Task ReadAsync_InvokeModelRecord_ReadsTheTextAtThePointerAndTheBodyUsage()
    {
        var answer = """{"content":[{"type":"text","text":"Bonjour"}],"stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":2}}""";

        var records = await ReadAsync(Line("00000000002", $"\"modelOutput\":{answer}"), BatchInvocationType.InvokeModel, "/content/0/text");

        var result = records.Single().Result!;
        Assert.That((result.Outcome, result.Text, result.StopReason, result.InputTokens, result.OutputTokens),
            Is.EqualTo((CallOutcome.Success, "Bonjour", "end_turn", 9, 2)));
    }

    [TestCase("429", CallOutcome.Throttled)]
    [TestCase("400", CallOutcome.ValidationError)]
    [TestCase("\"400\"", CallOutcome.ValidationError)]
    [TestCase("403", CallOutcome.AccessDenied)]
    [TestCase("408", CallOutcome.ModelTimeout)]
    [TestCase("424", CallOutcome.ModelError)]
    [TestCase("500", CallOutcome.ServerError)]
    [TestCase("503", CallOutcome.ServiceUnavailable)]
    [TestCase("\"soon\"", CallOutcome.ServerError)]
    public async Task ReadAsync_ErrorRecord_IsAFailedCallClassifiedByItsCode(string code, CallOutcome outcome)
    {
        var records = await ReadAsync(Line("00000000003", $"\"error\":{{\"errorCode\":{code},\"errorMessage\":\"bad request\"}}"));

        var result = records.Single().Result!;
        Assert.That((result.Outcome, result.ErrorMessage, result.ClientLatencyMs), Is.EqualTo((outcome, "bad request", 0.0)));
    }

    [Test]
    public async Task ReadAsync_HostileLines_AreProblemsNamingObjectAndLineAndTheGoodOnesStillCome()
    {
        var good = Line("00000000004", "\"error\":{\"errorCode\":400,\"errorMessage\":\"x\"}");
        var text = string.Join("\n",
            "not json",
            "[1,2]",
            "{\"modelOutput\":{}}",
            "{\"recordId\":7}",
            string.Empty,
            good.TrimEnd('\n') + "\r",
            "{\"recordId\":\"00000000005\",\"modelOutput\":{\"output\":\"text\"}}",
            "{\"recordId\":\"00000000006\"}",
            good.TrimEnd('\n'));

        var records = await ReadAsync(text);

        Assert.That(records.Select(r => r.Problem is null ? r.RecordId : r.Problem![..r.Problem!.IndexOf(' ', Output.ToString().Length + 6)]), Is.EqualTo(new[]
        {
            $"{Output} line 1", $"{Output} line 2", $"{Output} line 3", $"{Output} line 4",
            "00000000004", "00000000005", "00000000006", "00000000004",
        }));
        Assert.Multiple(() =>
        {
            Assert.That(records[0].Problem, Does.Contain("is not JSON"));
            Assert.That(records[2].Problem, Does.Contain("has no `recordId`"));
            Assert.That(records[5].Result!.Outcome, Is.EqualTo(CallOutcome.MalformedResponse));
            Assert.That(records[6].Result!.ErrorMessage, Does.Contain("neither `modelOutput` nor `error`"));
        });
    }

    [Test]
    public async Task ReadAsync_LineAboveTheCap_IsSkippedToItsEndWithoutHoldingIt()
    {
        var huge = Line("00000000007", $"\"modelOutput\":{{\"pad\":\"{new string('x', 300_000)}\"}}");
        var after = Line("00000000008", "\"error\":{\"errorCode\":500,\"errorMessage\":\"x\"}");

        var records = await ReadAsync(Encoding.UTF8.GetBytes(huge + after + huge.TrimEnd('\n')), BatchInvocationType.Converse, null, 10_000, chunkSize: 4096);

        Assert.That(records, Has.Count.EqualTo(3));
        Assert.That(records[0].Problem, Is.EqualTo($"{Output} line 1 is longer than 10000 bytes (BedrockClientOptions.MaxResponseBytes twice: the echoed input and the answer); it was skipped."));
        Assert.That(records[1].RecordId, Is.EqualTo("00000000008"));
        Assert.That(records[2].Problem, Does.StartWith($"{Output} line 3 is longer"));
    }

    [Test]
    public async Task ReadAsync_InvalidUtf8_IsAProblemRecord()
    {
        var bytes = Encoding.UTF8.GetBytes(Line("00000000009", "\"modelOutput\":{}")).Concat(new byte[] { 0xff, 0xfe, (byte)'\n' }).ToArray();

        var records = await ReadAsync(bytes, BatchInvocationType.Converse, null, 1 << 20);

        Assert.That(records[1].Problem, Does.Contain("line 2").And.Contain("UTF-8"));
    }

    private static string Line(string recordId, string rest) =>
        $"{{\"recordId\":\"{recordId}\",\"modelInput\":{{\"messages\":[]}},{rest}}}\n";

    private static string Flat(string json) => json.ReplaceLineEndings(string.Empty);

    private static Task<List<BatchOutputRecord>> ReadAsync(
        string text, BatchInvocationType type = BatchInvocationType.Converse, string? pointer = null, long maxLineBytes = 1 << 20) =>
        ReadAsync(Encoding.UTF8.GetBytes(text), type, pointer, maxLineBytes);

    private static async Task<List<BatchOutputRecord>> ReadAsync(byte[] bytes, BatchInvocationType type, string? pointer, long maxLineBytes, int chunkSize = 7)
    {
        // Small reads, so lines cross buffer boundaries.
        using var stream = new Support.ChunkedStream(bytes, chunkSize);
        var records = new List<BatchOutputRecord>();
        await foreach (var record in BatchOutputReader.ReadAsync(stream, Output, type, pointer, maxLineBytes, CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }
}
