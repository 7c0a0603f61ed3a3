using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Runtime;

[TestFixture]
internal sealed class ConverseRequestWriterTests
{
    [TestCase("")]
    [TestCase("de-DE")]
    [TestCase("tr-TR")]
    public void Write_AnyCulture_WritesInvariantNumbers(string culture)
    {
        var request = new ModelRequest(
            "m", "Sys", [Turn.UserText("Prompt")], new InferenceSettings(512, 0.5, 0.95, ImmutableArray.Create("\n\nHuman:", "END")), false, TimeSpan.FromSeconds(1));
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

            Assert.That(json, Is.EqualTo(
                """{"system":[{"text":"Sys"}],"messages":[{"role":"user","content":[{"text":"Prompt"}]}],"inferenceConfig":{"maxTokens":512,"temperature":0.5,"topP":0.95,"stopSequences":["\n\nHuman:","END"]}}"""));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Test]
    public void Write_Tags_AreTheRequestMetadataMemberAndNoTagsNone()
    {
        var plain = new ModelRequest("m", null, [Turn.UserText("P")], new InferenceSettings(1, null, null, []), false, TimeSpan.FromSeconds(1));
        var tagged = plain with { Tags = RequestTags.For("support tickets", "ticket-07") };

        Assert.That(Encoding.UTF8.GetString(ConverseRequestWriter.Write(plain)), Does.Not.Contain("requestMetadata"));
        Assert.That(Encoding.UTF8.GetString(ConverseRequestWriter.Write(tagged)),
            Does.EndWith(""","requestMetadata":{"bmh_suite":"support tickets","case_id":"ticket-07"}}"""));
    }

    [Test]
    public void Write_DefaultStopSequences_OmitsThem()
    {
        var request = new ModelRequest("m", "", [Turn.UserText("P")], new InferenceSettings(1, 0, null, default), false, TimeSpan.FromSeconds(1));

        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

        Assert.That(json, Is.EqualTo("""{"messages":[{"role":"user","content":[{"text":"P"}]}],"inferenceConfig":{"maxTokens":1,"temperature":0}}"""));
    }

    // Every shape of the foundation in one request: a system prompt with a cache point; user text, an image, a
    // document and a cache point; an assistant turn with text and a tool call; tool results as JSON and as an error
    // text; two tools (one strict) and a cache point; a named tool choice; structured output; additional fields.
    private static string BotocoreScript => Path.Combine(RepoPaths.Root, "tests", "BedrockMigrationHarness.Tests", "Bedrock", "Conformance", "botocore_serialize.py");

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47];
    private static readonly byte[] Pdf = "%PDF-1.4"u8.ToArray();

    private static ModelRequest EveryFeature(ToolChoice? choice = null) =>
        new ModelRequest(
            "m",
            "Be exact.",
            [
                new Turn(TurnRole.User, [
                    new TextPart("Where is order 42?"),
                    new ImagePart("png", "img/label.png", "00", Png),
                    new DocumentPart("pdf", "Order terms", "docs/terms.pdf", "11", Pdf),
                    new CachePointPart(),
                ]),
                new Turn(TurnRole.Assistant, [
                    new TextPart("Looking it up."),
                    new ToolUsePart("tooluse_1", "lookup_order", """{ "id" : 42 }"""),
                ]),
                new Turn(TurnRole.User, [
                    new ToolResultPart("tooluse_1", """{"status":"shipped"}""", IsJson: true, IsError: false),
                    new ToolResultPart("tooluse_1", "refund service down", IsJson: false, IsError: true),
                    new TextPart("And the refund?"),
                ]),
            ],
            new InferenceSettings(300, 0.1, null, ["STOP"]),
            false,
            TimeSpan.FromSeconds(1))
        {
            CacheSystemPrompt = true,
            Tools = new ToolConfiguration(
                [
                    new ToolDefinition("lookup_order", "Finds an order.", """{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}""", Strict: true),
                    new ToolDefinition("refund", null, """{"type":"object"}""", Strict: false),
                ],
                choice ?? new ToolChoice(ToolChoiceKind.Tool, "lookup_order"),
                CachePoint: true),
            StructuredOutput = new StructuredOutputRequest("""{"type":"object","properties":{"answer":{"type":"string"}}}""", "answer"),
            AdditionalFieldsJson = """{"thinking":{"type":"enabled","budget_tokens":1024}}""",
        };

    [Test]
    public void Write_EveryFeature_WritesEachShapeAsTheApiDefinesIt()
    {
        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(EveryFeature()));

        Assert.That(json, Is.EqualTo(
            """{"system":[{"text":"Be exact."},{"cachePoint":{"type":"default"}}],"messages":[{"role":"user","content":[{"text":"Where is order 42?"},{"image":{"format":"png","source":{"bytes":"iVBORw=="}}},{"document":{"format":"pdf","name":"Order terms","source":{"bytes":"JVBERi0xLjQ="}}},{"cachePoint":{"type":"default"}}]},{"role":"assistant","content":[{"text":"Looking it up."},{"toolUse":{"toolUseId":"tooluse_1","name":"lookup_order","input":{"id":42}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"tooluse_1","content":[{"json":{"status":"shipped"}}]}},{"toolResult":{"toolUseId":"tooluse_1","content":[{"text":"refund service down"}],"status":"error"}},{"text":"And the refund?"}]}],"inferenceConfig":{"maxTokens":300,"temperature":0.1,"stopSequences":["STOP"]},"toolConfig":{"tools":[{"toolSpec":{"name":"lookup_order","description":"Finds an order.","inputSchema":{"json":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}},"strict":true}},{"toolSpec":{"name":"refund","inputSchema":{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}],"toolChoice":{"tool":{"name":"lookup_order"}}},"outputConfig":{"textFormat":{"type":"json_schema","structure":{"jsonSchema":{"schema":"{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}","name":"answer"}}}},"additionalModelRequestFields":{"thinking":{"type":"enabled","budget_tokens":1024}}}"""));
    }

    [TestCase(ToolChoiceKind.Auto, "ConverseRequest")]
    [TestCase(ToolChoiceKind.Any, "ConverseRequest")]
    [TestCase(ToolChoiceKind.Tool, "ConverseRequest")]
    [TestCase(ToolChoiceKind.Tool, "ConverseStreamRequest")]
    public void Write_EveryFeature_ConformsToTheServiceModel(ToolChoiceKind kind, string shape)
    {
        var request = EveryFeature(new ToolChoice(kind, kind == ToolChoiceKind.Tool ? "refund" : null));

        var problems = ServiceModelShapes.BedrockRuntime.Problems(Encoding.UTF8.GetString(ConverseRequestWriter.Write(request)), shape);

        Assert.That(problems, Is.Empty);
    }

    // An oracle from outside: botocore validates the same parameters and serializes them to the same JSON.
    [TestCase("Converse")]
    [TestCase("ConverseStream")]
    public async Task Write_EveryFeature_BotocoreAcceptsAndSerializesTheSameBody(string operation)
    {
        var written = ConverseRequestWriter.Write(EveryFeature());
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, written);
            var result = await ExternalProcess.RunAsync("python3", [BotocoreScript, operation, path]);
            if (result is null)
            {
                Assert.Fail("python3 is not installed; this test needs python3 with boto3 (pip install boto3).");
            }

            Assert.Multiple(() =>
            {
                Assert.That(result!.ExitCode, Is.Zero, $"botocore refused the body:\n{result.StandardError}");
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(result.StandardOutput), JsonNode.Parse(written)), Is.True, result.StandardOutput);
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Write_PlainTextRequest_ConformsToTheServiceModel()
    {
        var request = new ModelRequest("m", null, [Turn.UserText("Hi")], new InferenceSettings(1, null, null, default), false, TimeSpan.FromSeconds(1));

        var problems = ServiceModelShapes.BedrockRuntime.Problems(Encoding.UTF8.GetString(ConverseRequestWriter.Write(request)), "ConverseRequest");

        Assert.That(problems, Is.Empty);
    }

    // The validator is only evidence if it catches what is wrong: each mutation of a conforming body must be reported.
    [TestCase("system.0.cachePoint", """{"type":"default"}""", "is a union: exactly one member must be set, not 2", TestName = "Problems_UnionWithTwoMembers_IsReported")]
    [TestCase("messages.1.role", "\"robot\"", "not one of", TestName = "Problems_RoleOutsideEnum_IsReported")]
    [TestCase("messages.0.content.1.image.source.bytes", "\"not base64!\"", "is not base64", TestName = "Problems_BytesNotBase64_IsReported")]
    [TestCase("toolConfig.toolChoice.tool.name", "\"\"", "below the minimum 1", TestName = "Problems_EmptyToolName_IsReported")]
    [TestCase("toolConfig.toolChoice.tool.name", "\"!?\"", "does not match", TestName = "Problems_ToolNameOutsidePattern_IsReported")]
    [TestCase("outputConfig.textFormat.structure.jsonSchema.schema", """{"type":"object"}""", "is Object, not String", TestName = "Problems_SchemaAsObject_IsReported")]
    [TestCase("inferenceConfig.temperature", "1.5", "above the maximum 1", TestName = "Problems_TemperatureAboveRange_IsReported")]
    [TestCase("inferenceConfig.colour", "1", "is not a body member of InferenceConfiguration", TestName = "Problems_UnknownMember_IsReported")]
    [TestCase("modelId", "\"m\"", "$.modelId is not a body member", TestName = "Problems_UriMemberInBody_IsReported")]
    public void Problems_MutatedBody_AreReported(string pointer, string value, string expected)
    {
        var body = JsonNode.Parse(ConverseRequestWriter.Write(EveryFeature()))!;
        var segments = pointer.Split('.');
        var parent = segments[..^1].Aggregate(body, (node, segment) => int.TryParse(segment, CultureInfo.InvariantCulture, out var i) ? node[i]! : node[segment]!);
        parent[segments[^1]] = JsonNode.Parse(value);

        var problems = ServiceModelShapes.BedrockRuntime.Problems(body.ToJsonString(), "ConverseRequest");

        Assert.That(problems, Has.Some.Contain(expected));
    }

    [Test]
    public void Problems_MissingRequiredMember_IsReported()
    {
        var body = JsonNode.Parse(ConverseRequestWriter.Write(EveryFeature()))!;
        body["messages"]![0]!.AsObject().Remove("role");

        var problems = ServiceModelShapes.BedrockRuntime.Problems(body.ToJsonString(), "ConverseRequest");

        Assert.That(problems, Has.Some.EqualTo("$.messages[0].role is required by Message."));
    }

    [Test]
    public void Write_CacheSystemPromptWithoutSystemPrompt_SendsNoSystem()
    {
        var request = new ModelRequest("m", null, [Turn.UserText("P")], new InferenceSettings(1, null, null, default), false, TimeSpan.FromSeconds(1))
        {
            CacheSystemPrompt = true,
        };

        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

        Assert.That(json, Is.EqualTo("""{"messages":[{"role":"user","content":[{"text":"P"}]}],"inferenceConfig":{"maxTokens":1}}"""));
    }

    [Test]
    public void Write_ToolsWithoutChoice_OmitsToolChoice()
    {
        var request = new ModelRequest("m", null, [Turn.UserText("P")], new InferenceSettings(1, null, null, default), false, TimeSpan.FromSeconds(1))
        {
            Tools = new ToolConfiguration([new ToolDefinition("t", "", """{"type":"object"}""", Strict: false)], null, CachePoint: false),
        };

        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

        Assert.That(json, Does.EndWith(""","toolConfig":{"tools":[{"toolSpec":{"name":"t","inputSchema":{"json":{"type":"object"}}}}]}}"""));
    }

    [TestCase("tool", "[1,2]", "the input schema of tool lookup_order must be a JSON object, not array", TestName = "Write_ToolSchemaArray_IsUnsendable")]
    [TestCase("tool", """{"type":"object","type":"string"}""", "the input schema of tool lookup_order is not valid JSON", TestName = "Write_ToolSchemaDuplicateKey_IsUnsendable")]
    [TestCase("toolUse", "\"42\"", "the input of tool call tooluse_1 must be a JSON object, not string", TestName = "Write_ToolUseInputString_IsUnsendable")]
    [TestCase("toolResult", "{\"a\":", "the result of tool call tooluse_1 is not valid JSON", TestName = "Write_ToolResultJsonCut_IsUnsendable")]
    [TestCase("schema", "true", "the structured-output schema answer must be a JSON object, not true", TestName = "Write_OutputSchemaBoolean_IsUnsendable")]
    [TestCase("additional", "{} {}", "additionalModelRequestFields is not valid JSON", TestName = "Write_AdditionalFieldsTrailingJson_IsUnsendable")]
    public void Write_RawJsonNotWhatTheApiTakes_Throws(string where, string raw, string expected)
    {
        var request = EveryFeature();
        request = where switch
        {
            "tool" => request with { Tools = request.Tools! with { Tools = [request.Tools!.Tools[0] with { InputSchemaJson = raw }] } },
            "toolUse" => request with { Messages = [request.Messages[0], new Turn(TurnRole.Assistant, [new ToolUsePart("tooluse_1", "lookup_order", raw)]), request.Messages[2]] },
            "toolResult" => request with { Messages = [request.Messages[0], request.Messages[1], new Turn(TurnRole.User, [new ToolResultPart("tooluse_1", raw, IsJson: true, IsError: false)])] },
            "schema" => request with { StructuredOutput = request.StructuredOutput! with { SchemaJson = raw } },
            _ => request with { AdditionalFieldsJson = raw },
        };

        var exception = Assert.Throws<UnsendableRequestException>(() => ConverseRequestWriter.Write(request));

        Assert.That(exception.Message, Does.StartWith(expected));
    }

    [Test]
    public void Write_LoneSurrogateInText_SendsTheReplacementCharacter()
    {
        var request = new ModelRequest("m", null, [Turn.UserText("A\ud800B")], new InferenceSettings(1, null, null, default), false, TimeSpan.FromSeconds(1));

        var json = Encoding.UTF8.GetString(ConverseRequestWriter.Write(request));

        Assert.That(json, Is.EqualTo("""{"messages":[{"role":"user","content":[{"text":"A\uFFFDB"}]}],"inferenceConfig":{"maxTokens":1}}"""));
    }

    [Test]
    public void Write_LoneSurrogateEscapeInRawJson_IsUnsendableNotAnotherException()
    {
        var request = EveryFeature() with { AdditionalFieldsJson = """{"a":"\ud800"}""" };

        var exception = Assert.Throws<UnsendableRequestException>(() => ConverseRequestWriter.Write(request));

        Assert.That(exception.Message, Does.StartWith("additionalModelRequestFields holds text that is not valid Unicode"));
    }

    [Test]
    public void Write_ImageWithoutBytes_Throws()
    {
        var request = new ModelRequest(
            "m", null, [new Turn(TurnRole.User, [new TextPart("See"), new ImagePart("png", "img/a.png", "00", ReadOnlyMemory<byte>.Empty)])],
            new InferenceSettings(1, null, null, default), false, TimeSpan.FromSeconds(1));

        var exception = Assert.Throws<UnsendableRequestException>(() => ConverseRequestWriter.Write(request));

        Assert.That(exception.Message, Does.StartWith("img/a.png has no bytes to send"));
    }

    [Test]
    public void Write_NamedToolChoiceWithoutName_Throws()
    {
        var request = EveryFeature(new ToolChoice(ToolChoiceKind.Tool));

        var exception = Assert.Throws<UnsendableRequestException>(() => ConverseRequestWriter.Write(request));

        Assert.That(exception.Message, Is.EqualTo("the tool choice names no tool."));
    }
}
