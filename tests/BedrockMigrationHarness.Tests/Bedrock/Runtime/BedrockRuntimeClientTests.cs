using System.Collections.Immutable;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Bedrock.Support.StreamEvents;

namespace BedrockMigrationHarness.Tests.Bedrock.Runtime;

/// <summary>The runtime client over real HTTP against a raw loopback server answering canned wire responses.</summary>
[TestFixture]
internal sealed class BedrockRuntimeClientTests
{
    // A Converse answer as the service model defines it, plus a member this client does not know.
    private const string ConverseOkBody = """
        {
          "output": {"message": {"role": "assistant", "content": [ {"text": "2 + 2 = 4."} ]}},
          "stopReason": "end_turn",
          "usage": {"inputTokens": 17, "outputTokens": 9, "totalTokens": 26, "cacheReadInputTokens": 0, "cacheWriteInputTokens": 0},
          "metrics": {"latencyMs": 412},
          "somethingNew": {"x": 1}
        }
        """;

    [Test]
    public async Task SendAsync_Converse_SendsSpecWireRequestWithVerifiableSignature()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);

        await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Target, Is.EqualTo("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse"));
            Assert.That(request.Header("Host"), Is.EqualTo($"127.0.0.1:{server.BaseUri.Port}"));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(request.BodyText, Is.EqualTo(
                """{"system":[{"text":"You are terse."}],"messages":[{"role":"user","content":[{"text":"Hi"}]}],"inferenceConfig":{"maxTokens":256,"temperature":0.2,"topP":0.9,"stopSequences":["END"]}}"""));
            Assert.That(request.Header("X-Amz-Content-SHA256"), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(request.Body))));
            Assert.That(request.Header("X-Amz-Date"), Does.Match("^[0-9]{8}T[0-9]{6}Z$"));
            Assert.That(request.Header("X-Amz-Security-Token"), Is.Null);
            Assert.That(request.Header("Authorization"), Does.Contain("/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
        });
    }

    [Test]
    public async Task SendAsync_ArnModelId_EncodesColonAndSlashOnceAndSignatureVerifies()
    {
        const string arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);

        await client.SendAsync(BedrockTestClients.Converse(modelId: arn), CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(request.Target, Is.EqualTo(
                "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
        });
    }

    [Test]
    public async Task SendAsync_SessionToken_SendsAndSignsSecurityToken()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        var options = new BedrockClientOptions(
            BedrockTestClients.Region, server.BaseUri,
            new StaticCredentialSource(BedrockTestClients.AccessKey, BedrockTestClients.SecretKey, "session-token-value"));
        using var client = BedrockClientFactory.CreateRuntime(options);

        await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(request.Header("X-Amz-Security-Token"), Is.EqualTo("session-token-value"));
            Assert.That(request.Header("Authorization"), Does.Contain(";x-amz-security-token,"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
        });
    }

    [Test]
    public async Task SendAsync_NoSystemPromptNoOptionalSettings_OmitsThemFromBody()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);
        var request = BedrockTestClients.Converse() with
        {
            SystemPrompt = null,
            Messages = [Turn.UserText("Say \"hi\" – ünïcode")],
            Inference = new InferenceSettings(100, null, null, ImmutableArray<string>.Empty),
        };

        await client.SendAsync(request, CancellationToken.None);

        Assert.That(server.SingleRequest.BodyText, Is.EqualTo(
            """{"messages":[{"role":"user","content":[{"text":"Say \"hi\" – ünïcode"}]}],"inferenceConfig":{"maxTokens":100}}"""));
    }

    [Test]
    public async Task SendAsync_ConverseOk_MapsTextStopReasonUsageAndLatency()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo("2 + 2 = 4."));
            Assert.That(result.StopReason, Is.EqualTo("end_turn"));
            Assert.That(result.InputTokens, Is.EqualTo(17));
            Assert.That(result.OutputTokens, Is.EqualTo(9));
            Assert.That(result.ServerLatencyMs, Is.EqualTo(412));
            Assert.That(result.ClientLatencyMs, Is.GreaterThan(0));
            Assert.That(result.TimeToFirstTokenMs, Is.Null);
            Assert.That(result.HttpStatus, Is.EqualTo(200));
        });
    }

    [Test]
    public async Task SendAsync_SixtyFourConcurrentCalls_AllSucceed()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);

        var results = await Task.WhenAll(Enumerable.Range(0, 64)
            .Select(_ => client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None)));

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome), Is.All.EqualTo(CallOutcome.Success));
            Assert.That(server.Requests, Has.Count.EqualTo(64));
        });
    }

    private const string ToolUseAfterTextBody = """
        {"output":{"message":{"role":"assistant","content":[{"text":"Let me check."},
          {"toolUse":{"toolUseId":"tooluse_abc","name":"get_weather","input":{"city":"Paris"}}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":5}}
        """;

    private const string ToolUseOnlyBody = """
        {"output":{"message":{"role":"assistant","content":[
          {"toolUse":{"toolUseId":"t1","name":"lookup_order","input":{"id":42}}},
          {"toolUse":{"toolUseId":"t2","name":"refund","input":{"id":42,"reason":"late"},"type":"server_tool_use"}}]}},
         "stopReason":"tool_use","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3},"metrics":{"latencyMs":5}}
        """;

    private const string ReasoningAndCacheBody = """
        {"output":{"message":{"role":"assistant","content":[
          {"reasoningContent":{"reasoningText":{"text":"2 and 2 make 4.","signature":"c2ln"}}},
          {"reasoningContent":{"redactedContent":"ZW5jcnlwdGVk"}},
          {"text":"4"}]}},
         "stopReason":"end_turn",
         "usage":{"inputTokens":10,"outputTokens":30,"totalTokens":40,"cacheReadInputTokens":1024,"cacheWriteInputTokens":7},
         "metrics":{"latencyMs":5}}
        """;

    // The scripted answers are real Bedrock shapes, not what this client happens to read.
    [TestCase(ConverseOkBody)]
    [TestCase(ToolUseAfterTextBody)]
    [TestCase(ToolUseOnlyBody)]
    [TestCase(ReasoningAndCacheBody)]
    public void ScriptedConverseAnswers_ConformToTheServiceModel(string body)
    {
        var known = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        known.Remove("somethingNew");

        Assert.That(ServiceModelShapes.BedrockRuntime.Problems(known.ToJsonString(), "ConverseResponse"), Is.Empty);
    }

    [Test]
    public async Task SendAsync_ConverseToolUseAfterText_TextStaysTextAndToolCallIsListed()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ToolUseAfterTextBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo("Let me check."));
            Assert.That(result.ToolCalls, Is.EqualTo(new[] { new ToolCall("tooluse_abc", "get_weather", """{"city":"Paris"}""") }));
            Assert.That(result.StopReason, Is.EqualTo("tool_use"));
        });
    }

    [Test]
    public async Task SendAsync_ConverseToolUseOnly_TextIsFirstToolInputAndEveryCallIsListed()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ToolUseOnlyBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
            Assert.That(result.Text, Is.EqualTo("""{"id":42}"""));
            Assert.That(result.ToolCalls, Is.EqualTo(new[]
            {
                new ToolCall("t1", "lookup_order", """{"id":42}"""),
                new ToolCall("t2", "refund", """{"id":42,"reason":"late"}"""),
            }));
        });
    }

    [Test]
    public async Task SendAsync_ConverseReasoningAndCacheUsage_ReasoningKeptApartAndCacheCountsRead()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ReasoningAndCacheBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
            Assert.That(result.Text, Is.EqualTo("4"));
            Assert.That(result.ReasoningText, Is.EqualTo("2 and 2 make 4.\n\n[redacted]"));
            Assert.That(result.CacheReadInputTokens, Is.EqualTo(1024));
            Assert.That(result.CacheWriteInputTokens, Is.EqualTo(7));
            Assert.That(result.ToolCalls, Is.Empty);
        });
    }

    [Test]
    public async Task SendAsync_ConverseOk_HasNoReasoningToolCallsOrCacheCountsWhenNoneSent()
    {
        const string body = """
            {"output":{"message":{"role":"assistant","content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"totalTokens":3}}
            """;
        await using var server = new RawHttpServer(CannedResponse.Json(200, body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ReasoningText, Is.Null);
            Assert.That(result.ToolCalls, Is.Empty);
            Assert.That(result.CacheReadInputTokens, Is.Null);
            Assert.That(result.CacheWriteInputTokens, Is.Null);
        });
    }

    [Test]
    public async Task SendAsync_StreamToolUseReasoningAndCache_AssemblesThemOverHttp()
    {
        var body = Concat(
            Event("messageStart", """{"role":"assistant","p":"abcdef"}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Look up the order."}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"c2ln"}}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            Event("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"lookup_order"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"id\":"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"42}"}}}"""),
            Event("contentBlockStop", """{"contentBlockIndex":1}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""),
            Event("metadata", """{"usage":{"inputTokens":5,"outputTokens":6,"totalTokens":11,"cacheReadInputTokens":900,"cacheWriteInputTokens":100},"metrics":{"latencyMs":9}}"""));
        await using var server = new RawHttpServer(CannedResponse.EventStream(body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success), result.ErrorMessage);
            Assert.That(result.Text, Is.EqualTo("""{"id":42}"""));
            Assert.That(result.ToolCalls, Is.EqualTo(new[] { new ToolCall("t1", "lookup_order", """{"id":42}""") }));
            Assert.That(result.ReasoningText, Is.EqualTo("Look up the order."));
            Assert.That(result.CacheReadInputTokens, Is.EqualTo(900));
            Assert.That(result.CacheWriteInputTokens, Is.EqualTo(100));
            Assert.That(result.StopReason, Is.EqualTo("tool_use"));
        });
    }

    [Test]
    public async Task SendAsync_StreamToolDeltaThatNeverCloses_IsMalformedResponse()
    {
        var body = Concat(
            Event("contentBlockStart", """{"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"t1","name":"lookup_order"}}}"""),
            Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"id\":4"}}}"""),
            Event("messageStop", """{"stopReason":"tool_use"}"""),
            Event("metadata", """{"usage":{"inputTokens":5,"outputTokens":6,"totalTokens":11}}"""));
        await using var server = new RawHttpServer(CannedResponse.EventStream(body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: true), CancellationToken.None);

        AssertMalformed(result, "the toolUse input of content block 0 is not valid JSON");
    }

    [Test]
    public async Task SendAsync_UnsendableRequest_IsValidationErrorAndNothingIsSent()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);
        var request = BedrockTestClients.Converse() with { AdditionalFieldsJson = "[\"not an object\"]" };

        var result = await client.SendAsync(request, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ValidationError));
            Assert.That(result.ErrorType, Is.EqualTo(BedrockRuntimeClient.UnsendableErrorType));
            Assert.That(result.ErrorMessage, Is.EqualTo("The request was not sent: additionalModelRequestFields must be a JSON object, not array."));
            Assert.That(result.HttpStatus, Is.Null);
            Assert.That(server.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task SendAsync_ConverseWithToolsAndStructuredOutput_SendsThemSigned()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockTestClients.Runtime(server);
        var request = BedrockTestClients.Converse() with
        {
            Tools = new ToolConfiguration([new ToolDefinition("lookup_order", null, """{"type":"object"}""", Strict: true)], new ToolChoice(ToolChoiceKind.Any), CachePoint: false),
            StructuredOutput = new StructuredOutputRequest("""{"type":"object"}""", "answer"),
        };

        await client.SendAsync(request, CancellationToken.None);

        var sent = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(sent.BodyText, Does.EndWith(
                ""","toolConfig":{"tools":[{"toolSpec":{"name":"lookup_order","inputSchema":{"json":{"type":"object"}},"strict":true}}],"toolChoice":{"any":{}}},"outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"schema":"{\"type\":\"object\"}","name":"answer"}}}}}"""));
            Assert.That(ServiceModelShapes.BedrockRuntime.Problems(sent.BodyText, "ConverseRequest"), Is.Empty);
            Assert.That(sent.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(sent)));
        });
    }

    [Test]
    public async Task SendAsync_StreamOk_PostsToConverseStreamAndAssemblesSample()
    {
        await using var server = new RawHttpServer(CannedResponse.EventStream(File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-ok.bin"))));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.SingleRequest.Target, Is.EqualTo("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/converse-stream"));
            Assert.That(server.SingleRequest.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(server.SingleRequest)));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo("Hello, world!"));
            Assert.That(result.StopReason, Is.EqualTo("end_turn"));
            Assert.That(result.InputTokens, Is.EqualTo(12));
            Assert.That(result.OutputTokens, Is.EqualTo(5));
            Assert.That(result.ServerLatencyMs, Is.EqualTo(412));
            Assert.That(result.TimeToFirstTokenMs, Is.Not.Null.And.LessThanOrEqualTo(result.ClientLatencyMs));
        });
    }

    [Test]
    public async Task SendAsync_StreamMidstreamThrottle_IsThrottled()
    {
        await using var server = new RawHttpServer(CannedResponse.EventStream(File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-midstream-throttle.bin"))));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: true), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Throttled));
            Assert.That(result.ErrorType, Is.EqualTo("ThrottlingException"));
            Assert.That(result.ErrorMessage, Is.EqualTo("Too many tokens, please wait before trying again."));
        });
    }

    [Test]
    public async Task SendAsync_StreamErrorBeforeStream_MapsJsonError()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(429, """{"message":"Rate exceeded"}""", ("x-amzn-ErrorType", "ThrottlingException")));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: true), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Throttled));
    }

    [Test]
    public async Task SendAsync_Invoke_SendsBodyAsIsWithAcceptAndReadsUsageHeaders()
    {
        const string requestBody = """{"anthropic_version":"bedrock-2023-05-31","max_tokens":512,"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""";
        const string responseBody = """{"id":"msg_bdrk_1","type":"message","role":"assistant","content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}""";
        await using var server = new RawHttpServer(CannedResponse.Json(
            200, responseBody,
            ("X-Amzn-Bedrock-Input-Token-Count", "10"), ("X-Amzn-Bedrock-Output-Token-Count", "5"), ("X-Amzn-Bedrock-Invocation-Latency", "321")));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(
            BedrockTestClients.Converse(invoke: new InvokeModelBody(requestBody, "/content/0/text")), CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(request.Target, Is.EqualTo("/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke"));
            Assert.That(request.BodyText, Is.EqualTo(requestBody));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(request.Header("Accept"), Is.EqualTo("application/json"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.Success));
            Assert.That(result.Text, Is.EqualTo("Hello!"));
            Assert.That(result.StopReason, Is.EqualTo("end_turn"));
            Assert.That(result.InputTokens, Is.EqualTo(10));
            Assert.That(result.OutputTokens, Is.EqualTo(5));
            Assert.That(result.ServerLatencyMs, Is.EqualTo(321));
        });
    }

    [Test]
    public async Task SendAsync_InvokeWithTags_SendsThemAsTheSignedRequestMetadataHeader()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"content":[{"type":"text","text":"A"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}}"""));
        using var client = BedrockTestClients.Runtime(server);
        var request = BedrockTestClients.Converse(invoke: new InvokeModelBody("""{"prompt":"Hi"}""", "/content/0/text")) with
        {
            Tags = RequestTags.For("support tickets", "ticket-07"),
        };

        await client.SendAsync(request, CancellationToken.None);

        var sent = server.SingleRequest;
        Assert.That(sent.Header("X-Amzn-Bedrock-Request-Metadata"), Is.EqualTo("""{"bmh_suite":"support tickets","case_id":"ticket-07"}"""));
        Assert.That(sent.Header("Authorization"), Does.Contain("x-amzn-bedrock-request-metadata"));
        Assert.That(sent.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(sent)), "the header is signed");
        Assert.That(sent.BodyText, Is.EqualTo("""{"prompt":"Hi"}"""), "the InvokeModel body is sent as rendered");
    }

    [TestCase(
        """{"content":[{"type":"text","text":"A"}],"stop_reason":"max_tokens","usage":{"input_tokens":7,"output_tokens":3}}""",
        "/content/0/text", "A", "max_tokens", 7, 3,
        TestName = "SendAsync_InvokeAnthropicBodyWithoutHeaders_FallsBackToBodyUsage")]
    [TestCase(
        """{"output":{"message":{"role":"assistant","content":[{"text":"B"}]}},"stopReason":"end_turn","usage":{"inputTokens":8,"outputTokens":4,"totalTokens":12}}""",
        "/output/message/content/0/text", "B", "end_turn", 8, 4,
        TestName = "SendAsync_InvokeNovaBodyWithoutHeaders_FallsBackToBodyUsage")]
    [TestCase(
        """{"result":{"a/b":{"n":1}},"stopReason":"end_turn"}""",
        "/result/a~1b", """{"n":1}""", "end_turn", null, null,
        TestName = "SendAsync_InvokePointerToObject_ReturnsRawJson")]
    public async Task SendAsync_InvokeBody(string responseBody, string pointer, string expectedText, string expectedStop, int? input, int? output)
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, responseBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(
            BedrockTestClients.Converse(invoke: new InvokeModelBody("{}", pointer)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Text, Is.EqualTo(expectedText));
            Assert.That(result.StopReason, Is.EqualTo(expectedStop));
            Assert.That(result.InputTokens, Is.EqualTo(input));
            Assert.That(result.OutputTokens, Is.EqualTo(output));
            Assert.That(result.ServerLatencyMs, Is.Null);
        });
    }

    [TestCase(400, "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", "The provided model identifier is invalid.", CallOutcome.ModelEndOfLife, "ValidationException")]
    [TestCase(400, "ValidationException", "  the provided MODEL identifier is invalid. ", CallOutcome.ModelEndOfLife, "ValidationException")]
    [TestCase(400, "ValidationException", "Malformed input request: maxTokens must be at least 1", CallOutcome.ValidationError, "ValidationException")]
    [TestCase(403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", CallOutcome.AccessDenied, "AccessDeniedException")]
    [TestCase(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.", CallOutcome.AccessDenied, "InvalidSignatureException")]
    [TestCase(403, "UnrecognizedClientException", "The security token included in the request is invalid.", CallOutcome.AccessDenied, "UnrecognizedClientException")]
    [TestCase(403, "ExpiredTokenException", "The security token included in the request is expired", CallOutcome.AccessDenied, "ExpiredTokenException")]
    [TestCase(404, "ResourceNotFoundException", "Model not found.", CallOutcome.ResourceNotFound, "ResourceNotFoundException")]
    [TestCase(408, "ModelTimeoutException", "Model has timed out in processing the request.", CallOutcome.ModelTimeout, "ModelTimeoutException")]
    [TestCase(424, "ModelErrorException", "The model failed.", CallOutcome.ModelError, "ModelErrorException")]
    [TestCase(424, "ModelStreamErrorException", "The stream failed.", CallOutcome.ModelError, "ModelStreamErrorException")]
    [TestCase(429, "ThrottlingException", "Too many requests, please wait before trying again.", CallOutcome.Throttled, "ThrottlingException")]
    [TestCase(429, "ModelNotReadyException", "Model is not ready.", CallOutcome.ModelNotReady, "ModelNotReadyException")]
    [TestCase(400, "ServiceQuotaExceededException", "Quota exceeded.", CallOutcome.ServiceQuotaExceeded, "ServiceQuotaExceededException")]
    [TestCase(500, "InternalServerException", "Internal error.", CallOutcome.ServerError, "InternalServerException")]
    [TestCase(503, "ServiceUnavailableException", "Service unavailable.", CallOutcome.ServiceUnavailable, "ServiceUnavailableException")]
    [TestCase(400, "com.amazon.coral.service#ThrottlingException:http://internal", "Slow down.", CallOutcome.Throttled, "ThrottlingException")]
    [TestCase(502, null, "Bad gateway.", CallOutcome.ServerError, "502")]
    [TestCase(418, null, "Teapot.", CallOutcome.ValidationError, "418")]
    [TestCase(500, "SomethingNewException", "New.", CallOutcome.ServerError, "SomethingNewException")]
    [TestCase(400, "SomethingNewException", "New.", CallOutcome.ValidationError, "SomethingNewException")]
    public async Task SendAsync_ErrorResponse_MapsToOutcome(int status, string? errorTypeHeader, string message, CallOutcome expected, string expectedType)
    {
        var body = $$"""{"message":{{System.Text.Json.JsonSerializer.Serialize(message)}}}""";
        var response = errorTypeHeader is null
            ? CannedResponse.Json(status, body)
            : CannedResponse.Json(status, body, ("x-amzn-ErrorType", errorTypeHeader), ("x-amzn-RequestId", "6d90c825-f440-4e68-91b2-f6439ac7d632"));
        await using var server = new RawHttpServer(response);
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(expected));
            Assert.That(result.HttpStatus, Is.EqualTo(status));
            Assert.That(result.ErrorType, Is.EqualTo(expectedType));
            Assert.That(result.ErrorMessage, Is.EqualTo(message));
            Assert.That(result.Text, Is.Null);
        });
    }

    [TestCase("""{"__type":"com.amazonaws.bedrock#ThrottlingException","message":"Body only."}""", CallOutcome.Throttled, "ThrottlingException", "Body only.")]
    [TestCase("""{"code":"ModelNotReadyException","Message":"Capital M."}""", CallOutcome.ModelNotReady, "ModelNotReadyException", "Capital M.")]
    public async Task SendAsync_ErrorCodeInBodyOnly_MapsToOutcome(string body, CallOutcome expected, string expectedType, string expectedMessage)
    {
        await using var server = new RawHttpServer(CannedResponse.Json(400, body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(expected));
            Assert.That(result.ErrorType, Is.EqualTo(expectedType));
            Assert.That(result.ErrorMessage, Is.EqualTo(expectedMessage));
        });
    }

    [Test]
    public async Task SendAsync_ServerNeverAnswers_IsClientTimeout()
    {
        await using var server = new RawHttpServer(CannedResponse.Behaving(ServerBehavior.NeverAnswer));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(timeout: TimeSpan.FromMilliseconds(200)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ClientTimeout));
            Assert.That(result.HttpStatus, Is.Null);
        });
    }

    [Test]
    public async Task SendAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new RawHttpServer(CannedResponse.Behaving(ServerBehavior.NeverAnswer));
        using var client = BedrockTestClients.Runtime(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.That(
            async () => await client.SendAsync(BedrockTestClients.Converse(timeout: TimeSpan.FromMinutes(5)), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task SendAsync_ConnectionReset_IsNetworkError()
    {
        await using var server = new RawHttpServer(CannedResponse.Behaving(ServerBehavior.Reset));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
            Assert.That(result.ErrorMessage, Is.Not.Empty);
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_BodyCutMidway_IsNetworkError(bool stream)
    {
        var body = stream
            ? File.ReadAllBytes(RepoPaths.SpecFile("eventstream-samples", "converse-stream-ok.bin"))
            : System.Text.Encoding.UTF8.GetBytes(ConverseOkBody);
        var contentType = stream ? "application/vnd.amazon.eventstream" : "application/json";
        await using var server = new RawHttpServer(new CannedResponse(200, [new("Content-Type", contentType)], body, ServerBehavior.TruncateBody));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(stream: stream), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
    }

    [Test]
    public async Task SendAsync_SuccessWithUnparsableBody_IsNetworkError()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"output":{"message":"""));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
            Assert.That(result.HttpStatus, Is.EqualTo(200));
        });
    }

    private const string Usage = "\"usage\":{\"inputTokens\":1,\"outputTokens\":2,\"totalTokens\":3}";

    [TestCase("""{"message":"Too many requests.","__type":"ThrottlingException"}""", "error body (ThrottlingException): Too many requests.", TestName = "SendAsync_Converse200WithErrorBody_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"role":"assistant","content":"hi"}},"stopReason":"end_turn",""" + Usage + "}", "`output.message.content` is a string, not an array", TestName = "SendAsync_Converse200ContentString_IsMalformedResponse")]
    [TestCase("""{"output":null,"stopReason":"end_turn",""" + Usage + "}", "no `output`", TestName = "SendAsync_Converse200OutputNull_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":42}]}},"stopReason":"end_turn",""" + Usage + "}", "`output.message.content[0].text` is a number", TestName = "SendAsync_Converse200TextNumber_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn"}""", "no `usage`", TestName = "SendAsync_Converse200WithoutUsage_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},""" + Usage + "}", "no `stopReason`", TestName = "SendAsync_Converse200WithoutStopReason_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":["A"]}},"stopReason":"end_turn",""" + Usage + "}", "`output.message.content[0]` is not an object", TestName = "SendAsync_Converse200BlockNotObject_IsMalformedResponse")]
    [TestCase("""[1,2]""", "not a JSON object", TestName = "SendAsync_Converse200Array_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":-1,"outputTokens":2}}""", "`usage.inputTokens` is -1", TestName = "SendAsync_ConverseNegativeInputTokens_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":-3}}""", "`usage.outputTokens` is -3", TestName = "SendAsync_ConverseNegativeOutputTokens_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn",""" + Usage + ""","metrics":{"latencyMs":-5}}""", "`metrics.latencyMs` is -5", TestName = "SendAsync_ConverseNegativeServerLatency_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":1e20,"outputTokens":2}}""", "`usage.inputTokens` is 1e20", TestName = "SendAsync_ConverseTokenCountOverflow_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A\ud800B"}]}},"stopReason":"end_turn",""" + Usage + "}", "not valid Unicode", TestName = "SendAsync_ConverseLoneSurrogateInText_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t1","name":"n","input":"{\"id\":1}"}}]}},"stopReason":"tool_use",""" + Usage + "}", "`output.message.content[0].toolUse.input` is a string, not an object", TestName = "SendAsync_ConverseToolUseInputString_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t1","input":{}}}]}},"stopReason":"tool_use",""" + Usage + "}", "no `output.message.content[0].toolUse.name`", TestName = "SendAsync_ConverseToolUseWithoutName_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t1","name":"n"}}]}},"stopReason":"tool_use",""" + Usage + "}", "no `output.message.content[0].toolUse.input`", TestName = "SendAsync_ConverseToolUseWithoutInput_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"reasoningContent":{"reasoningText":{"signature":"c2ln"}}},{"text":"A"}]}},"stopReason":"end_turn",""" + Usage + "}", "no `output.message.content[0].reasoningContent.reasoningText.text`", TestName = "SendAsync_ConverseReasoningWithoutText_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"reasoningContent":{}}]}},"stopReason":"end_turn",""" + Usage + "}", "has neither `reasoningText` nor `redactedContent`", TestName = "SendAsync_ConverseEmptyReasoning_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"cacheReadInputTokens":-1}}""", "`usage.cacheReadInputTokens` is -1", TestName = "SendAsync_ConverseNegativeCacheReadTokens_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"text":"A"}]}},"stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":2,"cacheWriteInputTokens":-9}}""", "`usage.cacheWriteInputTokens` is -9", TestName = "SendAsync_ConverseNegativeCacheWriteTokens_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t1","name":"n","input":{"city":["\ud800"]}}}]}},"stopReason":"tool_use",""" + Usage + "}", "`output.message.content[0].toolUse.input.city[0]` is not valid Unicode", TestName = "SendAsync_ConverseLoneSurrogateInToolInput_IsMalformedResponse")]
    [TestCase("""{"output":{"message":{"content":[{"toolUse":{"toolUseId":"t1","name":"n","input":{"\udc00":1}}}]}},"stopReason":"tool_use",""" + Usage + "}", "a member name in `output.message.content[0].toolUse.input` is not valid Unicode", TestName = "SendAsync_ConverseLoneSurrogateInToolInputName_IsMalformedResponse")]
    public async Task SendAsync_Converse200NotAnAnswer(string body, string expectedMessagePart)
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        AssertMalformed(result, expectedMessagePart);
    }

    [Test]
    public async Task SendAsync_InvalidUtf8In200Body_IsMalformedResponse()
    {
        var body = System.Text.Encoding.UTF8.GetBytes(ConverseOkBody.Replace("2 + 2 = 4.", "XX", StringComparison.Ordinal));
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3;
        body[at + 1] = 0x28; // 0xC3 must be followed by a continuation byte (0x80-0xBF)
        await using var server = new RawHttpServer(new CannedResponse(200, [new("Content-Type", "application/json")], body));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        AssertMalformed(result, "not valid UTF-8");
    }

    [Test]
    public async Task SendAsync_ErrorStatusWithLoneSurrogateInMessage_IsClassifiedNotThrown()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(400, """{"message":"bad \ud800 input"}""", ("x-amzn-ErrorType", "ValidationException")));
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.ValidationError));
            Assert.That(result.ErrorMessage, Does.Contain("not valid Unicode"));
        });
    }

    [TestCase("""{"message":"Internal error","__type":"InternalServerException"}""", "", "", "points at nothing", TestName = "SendAsync_Invoke200WithErrorBody_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":7}]}""", "", "", "points at number", TestName = "SendAsync_Invoke200TextNumber_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":null}]}""", "", "", "points at null", TestName = "SendAsync_Invoke200TextNull_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":"A"}],"usage":{"input_tokens":-2,"output_tokens":1}}""", "", "", "`usage.input_tokens` is -2", TestName = "SendAsync_InvokeNegativeBodyTokens_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":"A"}]}""", "X-Amzn-Bedrock-Output-Token-Count", "-4", "X-Amzn-Bedrock-Output-Token-Count` is -4", TestName = "SendAsync_InvokeNegativeTokenHeader_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":"A"}]}""", "X-Amzn-Bedrock-Invocation-Latency", "-1", "X-Amzn-Bedrock-Invocation-Latency` is -1", TestName = "SendAsync_InvokeNegativeLatencyHeader_IsMalformedResponse")]
    [TestCase("""{"content":[{"type":"text","text":"\udc00"}]}""", "", "", "not valid Unicode", TestName = "SendAsync_InvokeLoneSurrogate_IsMalformedResponse")]
    public async Task SendAsync_Invoke200NotAnAnswer(string body, string headerName, string headerValue, string expectedMessagePart)
    {
        var response = headerName.Length == 0 ? CannedResponse.Json(200, body) : CannedResponse.Json(200, body, (headerName, headerValue));
        await using var server = new RawHttpServer(response);
        using var client = BedrockTestClients.Runtime(server);

        var result = await client.SendAsync(BedrockTestClients.Converse(invoke: new InvokeModelBody("{}", "/content/0/text")), CancellationToken.None);

        AssertMalformed(result, expectedMessagePart);
    }

    private static void AssertMalformed(ModelCallResult result, string expectedMessagePart) =>
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.HttpStatus, Is.EqualTo(200));
            Assert.That(result.Text, Is.Null);
            Assert.That(result.InputTokens, Is.Null);
            Assert.That(result.ErrorMessage, Does.Contain(expectedMessagePart));
        });

    [Test]
    public async Task SendAsync_DeclaredBodyAboveTheCap_IsMalformedResponse()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody + new string(' ', 2048)));
        using var client = BedrockClientFactory.CreateRuntime(
            BedrockClientOptions.ForEmulator(server.BaseUri, BedrockTestClients.AccessKey, BedrockTestClients.SecretKey) with { MaxResponseBytes = 1024 });

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse));
            Assert.That(result.ErrorMessage, Does.Contain("larger than the client's cap of 1024 bytes"));
            Assert.That(result.HttpStatus, Is.EqualTo(200));
        });
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task SendAsync_BodyThatNeverEnds_StopsReadingAtTheCap(bool stream)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        var contentType = stream ? "application/vnd.amazon.eventstream" : "application/json";
        await using var server = new RawHttpServer(new CannedResponse(200, [new("Content-Type", contentType)], chunk, ServerBehavior.EndlessBody));
        using var client = BedrockClientFactory.CreateRuntime(
            BedrockClientOptions.ForEmulator(server.BaseUri, BedrockTestClients.AccessKey, BedrockTestClients.SecretKey) with { MaxResponseBytes = 1024 * 1024 });

        // Without the cap the read goes on to the timeout, buffering all it gets.
        var result = await client.SendAsync(BedrockTestClients.Converse(stream: stream, timeout: TimeSpan.FromMinutes(5)), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.MalformedResponse), result.ErrorMessage);
            Assert.That(result.ErrorMessage, Does.Contain("cap of 1 MiB"));
        });
    }

    [Test]
    public async Task SendAsync_NothingListening_IsNetworkError()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(
            new Uri($"http://127.0.0.1:{port}"), BedrockTestClients.AccessKey, BedrockTestClients.SecretKey));

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NetworkError));
    }

    [Test]
    public async Task SendAsync_NoCredentials_IsNoCredentialsWithoutSending()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, ConverseOkBody));
        using var client = BedrockClientFactory.CreateRuntime(
            new BedrockClientOptions(BedrockTestClients.Region, server.BaseUri, new MissingCredentialSource()));

        var result = await client.SendAsync(BedrockTestClients.Converse(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(CallOutcome.NoCredentials));
            Assert.That(result.ErrorMessage, Does.Contain("aws sso login"));
            Assert.That(server.Requests, Is.Empty);
        });
    }

    private sealed class MissingCredentialSource : IAwsCredentialSource
    {
        public Task<CredentialResolution> ResolveAsync(CancellationToken cancellationToken) =>
            Task.FromResult(CredentialResolution.Failed(DefaultChainCredentialSource.Advice));
    }
}
