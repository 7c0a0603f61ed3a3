using System.Diagnostics;
using Amazon.Runtime.EventStreams;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Bedrock.Support.StreamEvents;

namespace BedrockMigrationHarness.Tests.Bedrock.Runtime;

[TestFixture]
internal sealed class ConverseStreamReaderTests
{
    // converse-stream-ok.bin, read with Python: messageStart; contentBlockDelta "Hello"; contentBlockDelta ", world!";
    // contentBlockStop; messageStop stopReason end_turn; metadata usage 12 in / 5 out / 17 total, metrics latencyMs 412.
    // Every payload carries "p" padding.
    private const string OkText = "Hello, world!";

    // converse-stream-midstream-throttle.bin: messageStart; contentBlockDelta "Hel"; then an exception message with
    // :exception-type throttlingException and {"message":"Too many tokens, please wait before trying again."}.
    private const string ThrottleMessage = "Too many tokens, please wait before trying again.";

    [TestCase(int.MaxValue)]
    [TestCase(1)]
    [TestCase(7)]
    public async Task ReadAsync_OkSample_AssemblesTextUsageAndStopReason(int chunkSize)
    {
        var result = await ReadAsync(File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-ok.bin")), chunkSize);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo(OkText));
            Assert.That(result.StopReason, Is.EqualTo("end_turn"));
            Assert.That(result.InputTokens, Is.EqualTo(12));
            Assert.That(result.OutputTokens, Is.EqualTo(5));
            Assert.That(result.ServerLatencyMs, Is.EqualTo(412));
            Assert.That(result.TimeToFirstTokenMs, Is.Not.Null);
            Assert.That(result.HttpStatus, Is.EqualTo(200));
        });
    }

    [TestCase(int.MaxValue)]
    [TestCase(1)]
    [TestCase(7)]
    public async Task ReadAsync_MidstreamThrottle_IsThrottledWithMessage(int chunkSize)
    {
        var result = await ReadAsync(File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-midstream-throttle.bin")), chunkSize);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Throttled));
            Assert.That(result.ErrorType, Is.EqualTo("ThrottlingException"));
            Assert.That(result.ErrorMessage, Is.EqualTo(ThrottleMessage));
            Assert.That(result.Text, Is.Null);
        });
    }

    [Test]
    public async Task ReadAsync_CorruptedCrc_IsNetworkError()
    {
        var body = File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-ok.bin"));
        body[40] ^= 0xFF; // inside the first message's headers: its message CRC no longer matches

        var result = await ReadAsync(body, int.MaxValue);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
    }

    [Test]
    public async Task ReadAsync_StreamCutBeforeMessageStop_IsNetworkError()
    {
        var body = File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-ok.bin"));

        var result = await ReadAsync(body[..300], int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
            Assert.That(result.ErrorMessage, Does.Contain("messageStop"));
        });
    }

    [Test]
    public async Task ReadAsync_ToolUseDeltasAfterText_TextStaysTextAndToolCallIsAssembled()
    {
        var body = Concat(
            Event("messageStart", """{"role":"assistant"}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Calling the tool."}}"""),
            Event("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"answer"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Paris\"}"}},"p":"abc"}"""),
            Event("contentBlockStop", """{"contentBlockIndex":1}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""),
            Event("metadata", """{"usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7},"metrics":{"latencyMs":9}}"""));

        var result = await ReadAsync(body, 5);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo("Calling the tool."));
            Assert.That(result.ToolCalls, Is.EqualTo(new[] { new ToolCall("t1", "answer", """{"city":"Paris"}""") }));
            Assert.That(result.StopReason, Is.EqualTo("tool_use"));
        });
    }

    private static readonly (string Type, string Json)[] ToolUseOnlyEvents =
    [
        ("messageStart", """{"role":"assistant"}"""),
        ("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"lookup_order"}}}"""),
        ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"id\""}}}"""),
        ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":":42}"}}}"""),
        ("contentBlockStop", """{"contentBlockIndex":0}"""),
        ("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t2","name":"list_orders"}}}"""),
        ("contentBlockStop", """{"contentBlockIndex":1}"""),
        ("messageStop", """{"stopReason":"tool_use"}"""),
        ("metadata", """{"usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7},"metrics":{"latencyMs":9}}"""),
    ];

    [TestCase(int.MaxValue)]
    [TestCase(3)]
    public async Task ReadAsync_ToolUseOnly_TextIsFirstToolInputAndEveryCallIsListed(int chunkSize)
    {
        var body = Events(ToolUseOnlyEvents);

        var result = await ReadAsync(body, chunkSize);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
            Assert.That(result.Text, Is.EqualTo("""{"id":42}"""));
            Assert.That(result.ToolCalls, Is.EqualTo(new[] { new ToolCall("t1", "lookup_order", """{"id":42}"""), new ToolCall("t2", "list_orders", "{}") }));
            Assert.That(result.TimeToFirstTokenMs, Is.Not.Null, "a tool-input delta is the first token");
        });
    }

    private static readonly (string Type, string Json)[] ReasoningEvents =
    [
        ("messageStart", """{"role":"assistant"}"""),
        ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"The user "}}}"""),
        ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"wants 4."}}}"""),
        ("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"c2lnbmF0dXJl"}}}"""),
        ("contentBlockStop", """{"contentBlockIndex":0}"""),
        ("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"reasoningContent":{"redactedContent":"ZW5jcnlwdGVk"}}}"""),
        ("contentBlockStop", """{"contentBlockIndex":1}"""),
        ("contentBlockDelta", """{"contentBlockIndex":2,"delta":{"text":"4"}}"""),
        ("contentBlockStop", """{"contentBlockIndex":2}"""),
        ("messageStop", """{"stopReason":"end_turn"}"""),
        ("metadata", """{"usage":{"inputTokens":3,"outputTokens":40,"totalTokens":43},"metrics":{"latencyMs":9}}"""),
    ];

    [Test]
    public async Task ReadAsync_ReasoningDeltas_KeptApartFromTextAndRedactionMarked()
    {
        var body = Events(ReasoningEvents);

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
            Assert.That(result.Text, Is.EqualTo("4"));
            Assert.That(result.ReasoningText, Is.EqualTo("The user wants 4.\n\n[redacted]"));
            Assert.That(result.ToolCalls, Is.Empty);
        });
    }

    [Test]
    public async Task ReadAsync_CacheCountsInMetadata_AreRead()
    {
        var body = Concat(
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"A"}}"""),
            Event("messageStop", """{"stopReason":"end_turn"}"""),
            Event("metadata", """{"usage":{"inputTokens":3,"outputTokens":1,"totalTokens":4,"cacheReadInputTokens":1200,"cacheWriteInputTokens":0},"metrics":{"latencyMs":9}}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.CacheReadInputTokens, Is.EqualTo(1200));
            Assert.That(result.CacheWriteInputTokens, Is.EqualTo(0));
            Assert.That(result.ReasoningText, Is.Null);
        });
    }

    [TestCase("""{"city":"Par""", "is not valid JSON: {\"city\":\"Par", false, TestName = "ReadAsync_ToolDeltaThatNeverCloses_IsMalformedResponse")]
    [TestCase("""{"city":"Par""", "is not valid JSON: {\"city\":\"Par", true, TestName = "ReadAsync_ToolInputCutAtContentBlockStop_IsMalformedResponse")]
    [TestCase("[1,2]", "is array, not a JSON object", true, TestName = "ReadAsync_ToolInputArray_IsMalformedResponse")]
    [TestCase("\"Paris\"", "is string, not a JSON object", false, TestName = "ReadAsync_ToolInputString_IsMalformedResponse")]
    public async Task ReadAsync_ToolInputNotAnObject(string input, string expectedMessagePart, bool stopBlock)
    {
        var delta = System.Text.Json.JsonSerializer.Serialize(new { contentBlockIndex = 0, delta = new { toolUse = new { input } } });
        var body = Concat(
            Event("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"answer"}}}"""),
            Event("contentBlockDelta", delta),
            stopBlock ? Event("contentBlockStop", """{"contentBlockIndex":0}""") : [],
            Event("messageStop", """{"stopReason":"tool_use"}"""),
            Event("metadata", """{"usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7}}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.Text, Is.Null);
            Assert.That(result.ErrorMessage, Does.Contain("the toolUse input of content block 0 " + expectedMessagePart));
        });
    }

    [Test]
    public async Task ReadAsync_LoneSurrogateInToolInput_IsMalformedResponse()
    {
        var body = Concat(
            Event("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"answer"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"city\":\"\\ud800\"}"}}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.ErrorMessage, Does.Contain("not valid Unicode"));
        });
    }

    [Test]
    public async Task ReadAsync_ToolDeltaAfterItsContentBlockStop_IsMalformedResponse()
    {
        var body = Concat(
            Event("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"answer"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{}"}}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{}"}}}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.ErrorMessage, Does.Contain("a toolUse delta for content block 0 came after its contentBlockStop"));
        });
    }

    // The scripted streams are real Bedrock events (the "p" padding aside), not what this reader happens to accept.
    [Test]
    public void ScriptedStreamEvents_ConformToTheServiceModel()
    {
        var problems = ToolUseOnlyEvents.Concat(ReasoningEvents).SelectMany(e =>
        {
            var payload = System.Text.Json.Nodes.JsonNode.Parse(e.Json)!.AsObject();
            payload.Remove("p");
            var shape = e.Type == "metadata" ? "ConverseStreamMetadataEvent" : char.ToUpperInvariant(e.Type[0]) + e.Type[1..] + "Event";
            return ServiceModelShapes.BedrockRuntime.Problems(payload.ToJsonString(), shape);
        });

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task ReadAsync_ErrorMessageType_IsServerErrorWithCodeAndMessage()
    {
        var error = new EventStreamMessage(
            [Header(":message-type", "error"), Header(":error-code", "InternalFailure"), Header(":error-message", "boom")], []);
        var body = Concat(Event("messageStart", """{"role":"assistant"}"""), error.ToByteArray());

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ServerError));
            Assert.That(result.ErrorType, Is.EqualTo("InternalFailure"));
            Assert.That(result.ErrorMessage, Is.EqualTo("boom"));
        });
    }

    [TestCase("modelStreamErrorException", CallOutcome.ModelError)]
    [TestCase("validationException", CallOutcome.ValidationError)]
    [TestCase("internalServerException", CallOutcome.ServerError)]
    [TestCase("serviceUnavailableException", CallOutcome.ServiceUnavailable)]
    public async Task ReadAsync_InStreamException_MapsToOutcome(string exceptionType, CallOutcome expected)
    {
        var exception = new EventStreamMessage(
            [Header(":message-type", "exception"), Header(":exception-type", exceptionType), Header(":content-type", "application/json")],
            """{"message":"failed","originalStatusCode":500}"""u8.ToArray());

        var result = await ReadAsync(exception.ToByteArray(), int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(expected));
            Assert.That(result.ErrorMessage, Is.EqualTo("failed"));
        });
    }

    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":5}}""", "`contentBlockDelta.delta.text` is a number", TestName = "ReadAsync_DeltaTextNumber_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":"Hello"}""", "`contentBlockDelta.delta` is a string", TestName = "ReadAsync_DeltaString_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":-1,"delta":{"text":"A"}}""", "`contentBlockDelta.contentBlockIndex` is -1", TestName = "ReadAsync_NegativeBlockIndex_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"A\ud800"}}""", "not valid Unicode", TestName = "ReadAsync_LoneSurrogateInDelta_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":""", "not valid JSON", TestName = "ReadAsync_PayloadNotJson_IsMalformedResponse")]
    [TestCase("messageStop", """{"stopReason":null}""", "no `stopReason`", TestName = "ReadAsync_MessageStopWithoutStopReason_IsMalformedResponse")]
    [TestCase("metadata", """{"usage":{"inputTokens":-7,"outputTokens":1}}""", "`metadata.usage.inputTokens` is -7", TestName = "ReadAsync_NegativeTokensInMetadata_IsMalformedResponse")]
    [TestCase("metadata", """{"usage":{"inputTokens":1,"outputTokens":1},"metrics":{"latencyMs":-412}}""", "`metadata.metrics.latencyMs` is -412", TestName = "ReadAsync_NegativeLatencyInMetadata_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{}"}}}""", "came without a contentBlockStart naming the tool", TestName = "ReadAsync_ToolDeltaWithoutStart_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":7}}}""", "`contentBlockDelta.delta.toolUse.input` is a number", TestName = "ReadAsync_ToolDeltaInputNumber_IsMalformedResponse")]
    [TestCase("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1"}}}""", "no `contentBlockStart.start.toolUse.name`", TestName = "ReadAsync_ToolStartWithoutName_IsMalformedResponse")]
    [TestCase("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":5}}}""", "`contentBlockDelta.delta.reasoningContent.text` is a number", TestName = "ReadAsync_ReasoningTextNumber_IsMalformedResponse")]
    [TestCase("metadata", """{"usage":{"inputTokens":1,"outputTokens":1,"cacheReadInputTokens":-5}}""", "`metadata.usage.cacheReadInputTokens` is -5", TestName = "ReadAsync_NegativeCacheReadTokens_IsMalformedResponse")]
    [TestCase("metadata", """{"usage":{"inputTokens":1,"outputTokens":1,"cacheWriteInputTokens":-1}}""", "`metadata.usage.cacheWriteInputTokens` is -1", TestName = "ReadAsync_NegativeCacheWriteTokens_IsMalformedResponse")]
    public async Task ReadAsync_EventNotWhatItsTypePromises(string eventType, string payload, string expectedMessagePart)
    {
        var body = Concat(
            Event("messageStart", """{"role":"assistant"}"""),
            Event(eventType, payload),
            Event("messageStop", """{"stopReason":"end_turn"}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.Text, Is.Null);
            Assert.That(result.ErrorMessage, Does.Contain(expectedMessagePart));
        });
    }

    [Test]
    public async Task ReadAsync_InvalidUtf8InPayload_IsMalformedResponse()
    {
        var delta = new EventStreamMessage(
            [Header(":event-type", "contentBlockDelta"), Header(":content-type", "application/json"), Header(":message-type", "event")],
            [.. """{"contentBlockIndex":0,"delta":{"text":"A"""u8, 0xFF, .. "\"}}"u8]).ToByteArray();
        var body = Concat(Event("messageStart", """{"role":"assistant"}"""), delta, Event("messageStop", """{"stopReason":"end_turn"}"""));

        var result = await ReadAsync(body, int.MaxValue);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse));
            Assert.That(result.ErrorMessage, Does.Contain("not valid UTF-8"));
        });
    }

    [Test]
    public async Task ReadAsync_StreamThatNeverEnds_StopsReadingAtTheCap()
    {
        const long cap = 1024 * 1024;
        var endless = new EndlessStream(Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"more "}}"""));

        var result = await ConverseStreamReader.ReadAsync(endless, 200, Stopwatch.GetTimestamp(), cap, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse));
            Assert.That(result.ErrorMessage, Does.Contain("larger than the client's cap of 1 MiB"));
            Assert.That(endless.BytesRead, Is.LessThanOrEqualTo(cap + (16 * 1024)), "reading stops within one read buffer of the cap");
        });
    }

    [Test]
    public async Task ReadAsync_FrameDeclaringTwoGigabytes_IsRefusedBeforeTheDecoderAllocatesIt()
    {
        // A prelude with a valid CRC that declares a 2 GB frame: AWSSDK.Core's decoder would allocate the declared length at once.
        var prelude = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(prelude, int.MaxValue - 15);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prelude.AsSpan(8), BedrockMigrationHarness.Emulator.EventStream.Crc32.Compute(prelude.AsSpan(0, 8)));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var result = await ConverseStreamReader.ReadAsync(new ChunkedStream(prelude, int.MaxValue), 200, Stopwatch.GetTimestamp(), 1024 * 1024, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse));
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, Is.LessThan(16 * 1024 * 1024));
        });
    }

    private static byte[] Events((string Type, string Json)[] events) => Concat([.. events.Select(e => Event(e.Type, e.Json))]);

    private static Task<ModelCallResult> ReadAsync(byte[] body, int chunkSize) =>
        ConverseStreamReader.ReadAsync(new ChunkedStream(body, chunkSize), 200, Stopwatch.GetTimestamp(), BedrockClientOptions.DefaultMaxResponseBytes, CancellationToken.None);

}
