using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Import.Logs.LogFixtures;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>Converse and ConverseStream records (Fixtures/InvocationLogs/converse.jsonl).</summary>
public sealed class InvocationLogReaderConverseTests
{
    [Test]
    public async Task ReadAsync_ConverseStreamNovaLite_KeepsSettingsAnswerAndLatency()
    {
        var entries = await ReadAsync([File("converse.jsonl")]);

        var invocation = Kept(entries[0]);
        Assert.Multiple(() =>
        {
            Assert.That(invocation.Origin, Is.EqualTo(new LogRecordOrigin(File("converse.jsonl"), 1)));
            Assert.That(invocation.RequestId, Is.EqualTo("b3a1c2d4-0001-4000-8000-000000000001"));
            Assert.That(invocation.Timestamp, Is.EqualTo(new DateTimeOffset(2025, 3, 11, 0, 38, 2, TimeSpan.Zero)));
            Assert.That(invocation.Operation, Is.EqualTo(LoggedOperation.ConverseStream));
            Assert.That(invocation.ModelId, Is.EqualTo("amazon.nova-lite-v1:0"));
            Assert.That(invocation.Region, Is.EqualTo("us-east-1"));
            Assert.That(invocation.Request.Messages, Is.EqualTo(new[] { Turn.UserText("hello, how are you today?") }));
            Assert.That(invocation.Request.Inference.MaxTokens, Is.EqualTo(512));
            Assert.That(invocation.Request.Inference.Temperature, Is.EqualTo(0.7));
            Assert.That(invocation.Request.Inference.TopP, Is.EqualTo(0.9));
            Assert.That(invocation.Request.Inference.StopSequences, Is.Empty);
            Assert.That(invocation.Request.AdditionalFieldsJson, Is.Null, "an empty additionalModelRequestFields sends nothing");
            Assert.That(invocation.Request.NotReplayed, Is.Empty);
            Assert.That(invocation.Answer!.Text, Is.EqualTo("I am doing well, thank you for asking."));
            Assert.That(invocation.Answer.StopReason, Is.EqualTo("end_turn"));
            Assert.That(invocation.Answer.LatencyMs, Is.EqualTo(302));
            Assert.That(invocation.Answer.InputTokens, Is.EqualTo(7));
            Assert.That(invocation.Answer.OutputTokens, Is.EqualTo(11));
            Assert.That(invocation.Answer.CacheReadInputTokens, Is.EqualTo(0));
        });
    }

    [Test]
    public async Task ReadAsync_ConverseWithToolsAndMetadata_DecodesSystemHistoryToolsAndNotReplayedFields()
    {
        var invocation = Kept((await ReadAsync([File("converse.jsonl")]))[1]);

        var request = invocation.Request;
        Assert.Multiple(() =>
        {
            Assert.That(invocation.RequestMetadata, Is.EqualTo(new Dictionary<string, string> { ["team"] = "orders", ["traceId"] = "trace-0002" }));
            Assert.That(request.System, Is.EqualTo(new SystemOverride("You are the order assistant of Example Shop.", CachePoint: true)));
            Assert.That(request.Messages, Has.Length.EqualTo(3));
            Assert.That(request.Messages[1].Parts, Is.EqualTo(new ContentPart[]
            {
                new TextPart("Let me look it up."),
                new ToolUsePart("tooluse_1", "get_order", """{"orderId":"1042"}"""),
            }));
            Assert.That(request.Messages[2].Parts, Is.EqualTo(new ContentPart[]
            {
                new ToolResultPart("tooluse_1", """{"status":"shipped","carrier":"UPS"}""", IsJson: true, IsError: false),
            }));
            Assert.That(request.Tools!.Tools.Single().Name, Is.EqualTo("get_order"));
            Assert.That(request.Tools.Tools.Single().InputSchemaJson, Does.Contain("\"orderId\""));
            Assert.That(request.Tools.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Auto)));
            Assert.That(request.AdditionalFieldsJson, Is.EqualTo("""{"top_k":50}"""));
            Assert.That(request.NotReplayed, Is.EqualTo(new[] { "guardrailConfig" }));
            Assert.That(request.Inference, Is.EqualTo(new LoggedInference(400, 0.2, null, null)));
            Assert.That(invocation.Answer!.LatencyMs, Is.EqualTo(845));
            Assert.That(invocation.Answer.InputTokens, Is.EqualTo(310));
        });
    }

    [Test]
    public async Task ReadAsync_RecordWithIdentityAndSchemaLast_DecodesRegardlessOfKeyOrder()
    {
        var invocation = Kept((await ReadAsync([File("converse.jsonl")]))[2]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.ModelId, Does.StartWith("arn:aws:bedrock:us-east-1:111122223333:inference-profile/"));
            Assert.That(invocation.Request.Messages.Select(m => m.Role), Is.EqualTo(new[] { TurnRole.User, TurnRole.Assistant, TurnRole.User }));
            Assert.That(invocation.Answer!.Text, Is.EqualTo("The capital of Missouri is Jefferson City."), "text blocks are one answer, joined");
            Assert.That(invocation.Answer.LatencyMs, Is.EqualTo(1134));
        });
    }

    [Test]
    public async Task ReadAsync_SameRecordWithMembersReordered_HasTheSameBodyHash()
    {
        const string A = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":5,"temperature":0.5},"additionalModelRequestFields":{"a":1,"b":{"c":2,"d":3}}}},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"hello"}]}},"stopReason":"end_turn"}}}""";
        const string B = """{"output":{"outputBodyJson":{"stopReason":"end_turn","output":{"message":{"content":[{"text":"hello"}],"role":"assistant"}}}},"input":{"inputBodyJson":{"additionalModelRequestFields":{"b":{"d":3,"c":2},"a":1},"inferenceConfig":{"temperature":0.5,"maxTokens":5},"messages":[{"content":[{"text":"hi"}],"role":"user"}]}},"modelId":"other","operation":"ConverseStream","timestamp":"2025-01-01T00:00:01Z","requestId":"r2"}""";
        const string C = """{"requestId":"r3","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"hi!"}]}],"inferenceConfig":{"maxTokens":5,"temperature":0.5},"additionalModelRequestFields":{"a":1,"b":{"c":2,"d":3}}}},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"hello"}]}},"stopReason":"end_turn"}}}""";

        var entries = await ReadTextAsync(string.Join("\n", A, B, C));

        var hashes = entries.Select(e => Kept(e).Request.BodySha256).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hashes[0], Is.EqualTo(hashes[1]));
            Assert.That(hashes[0], Is.Not.EqualTo(hashes[2]));
            Assert.That(hashes[0], Does.Match("^[0-9a-f]{64}$"));
            Assert.That(Kept(entries[1]).Request.AdditionalFieldsJson, Is.EqualTo("""{"a":1,"b":{"c":2,"d":3}}"""));
        });
    }

    [Test]
    public async Task ReadAsync_DocumentLoggedAsS3Uri_FetchesItThroughTheStore()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        var pdf = "%PDF-1.4 returns policy"u8.ToArray();
        store.Put("example-logs", "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2025/03/11/00/data/b3a1c2d4-0004-4000-8000-000000000004_input_media_00.pdf", pdf);

        var invocation = Kept((await ReadAsync([File("converse.jsonl")], store))[3]);

        var document = (DocumentPart)invocation.Request.Messages[0].Parts[0];
        Assert.Multiple(() =>
        {
            Assert.That(document.Format, Is.EqualTo("pdf"));
            Assert.That(document.Name, Is.EqualTo("Returns policy"));
            Assert.That(document.Path, Does.StartWith("s3://example-logs/AWSLogs/").And.EndWith("_input_media_00.pdf"));
            Assert.That(document.Sha256, Is.EqualTo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf))));
            Assert.That(document.Bytes.ToArray(), Is.EqualTo(pdf));
        });
    }

    [Test]
    public async Task ReadAsync_DocumentLoggedAsS3UriWithoutStore_DropsAsMediaUnreadable()
    {
        var dropped = Dropped((await ReadAsync([File("converse.jsonl")]))[3]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.MediaUnreadable));
            Assert.That(dropped.RequestId, Is.EqualTo("b3a1c2d4-0004-4000-8000-000000000004"));
            Assert.That(dropped.Detail, Does.Contain("messages[0].content[0].document.source").And.Contain("no S3 access"));
        });
    }

    [Test]
    public async Task ReadAsync_MissingMediaObject_DropsAsMediaUnreadableNamingIt()
    {
        using var temp = new TempDirectory();
        var store = new FolderObjectStore(temp.Path);
        Directory.CreateDirectory(Path.Combine(temp.Path, "example-logs"));

        var dropped = Dropped((await ReadAsync([File("converse.jsonl")], store))[3]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.MediaUnreadable));
            Assert.That(dropped.Detail, Does.Contain("NoSuchKey").And.Contain("_input_media_00.pdf"));
        });
    }

    [Test]
    public async Task ReadAsync_InlineImageBytes_DecodesThemAsAnInlineImage()
    {
        var png = new byte[] { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3 };
        var record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"image":{"format":"png","source":{"bytes":"BASE64"}}},{"text":"What is this?"}]}]}},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"A parcel."}]}}}}}"""
            .Replace("BASE64", Convert.ToBase64String(png), StringComparison.Ordinal);

        var image = (ImagePart)Kept((await ReadTextAsync(record))[0]).Request.Messages[0].Parts[0];

        Assert.Multiple(() =>
        {
            Assert.That(image.Path, Is.EqualTo("inline"));
            Assert.That(image.Format, Is.EqualTo("png"));
            Assert.That(image.Bytes.ToArray(), Is.EqualTo(png));
        });
    }

    [Test]
    public async Task ReadAsync_ReasoningOfAnEarlierTurn_LeavesItOutAndNamesIt()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"2+2?"}]},{"role":"assistant","content":[{"reasoningContent":{"reasoningText":{"text":"add","signature":"sig"}}},{"text":"4"}]},{"role":"user","content":[{"text":"and 3+3?"}]}]}},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"6"}]}}}}}""";

        var request = Kept((await ReadTextAsync(Record))[0]).Request;

        Assert.Multiple(() =>
        {
            Assert.That(request.Messages[1].Parts, Is.EqualTo(new ContentPart[] { new TextPart("4") }));
            Assert.That(request.NotReplayed, Is.EqualTo(new[] { "reasoningContent" }));
        });
    }

    [Test]
    public async Task ReadAsync_AnswerWithToolCall_KeepsTheCall()
    {
        const string Record = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[{"role":"user","content":[{"text":"Where is 7?"}]}],"toolConfig":{"tools":[{"toolSpec":{"name":"get_order","inputSchema":{"json":{"type":"object"}}}},{"cachePoint":{"type":"default"}}],"toolChoice":{"tool":{"name":"get_order"}}}}},"output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t9","name":"get_order","input":{"orderId":"7"}}}]}},"stopReason":"tool_use"}}}""";

        var invocation = Kept((await ReadTextAsync(Record))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.Answer!.ToolCalls, Is.EqualTo(new[] { new ToolCall("t9", "get_order", """{"orderId":"7"}""") }));
            Assert.That(invocation.Answer.Text, Is.Empty);
            Assert.That(invocation.Request.Tools!.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Tool, "get_order")));
            Assert.That(invocation.Request.Tools.CachePoint, Is.True);
        });
    }
}
