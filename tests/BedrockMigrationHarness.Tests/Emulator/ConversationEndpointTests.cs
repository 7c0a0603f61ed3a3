using System.Net;
using BedrockMigrationHarness.Tests.Emulator.Support;
using static BedrockMigrationHarness.Tests.Emulator.Support.ConverseBodies;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>Conversations as Converse sends them: several turns, images, documents, tool calls and results, cache points.</summary>
[TestFixture]
public sealed class ConversationEndpointTests
{
    private const string Model = EmulatorTestProfiles.Current;

    private RunningEmulator _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _emulator = await RunningEmulator.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    private static string FullConversation => Body(
        [
            User(Text("Here is my receipt and the photo of the parcel."), Image(2000, "jpeg"), Document("Receipt A-1001", 500, "pdf"), CachePoint),
            Assistant(Text("Let me look the order up."), ToolUse("tooluse_1")),
            User(ToolResult("tooluse_1")),
            Assistant(Text("Your order shipped on Monday.")),
            User(Text("Thanks. When will it arrive?")),
        ],
        ToolConfig());

    [TestCase("converse")]
    [TestCase("converse-stream")]
    public async Task Converse_MultiTurnWithMediaToolsAndCachePoints_Answers200(string operation)
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, Model, operation, FullConversation);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Converse_AfterToolResult_AnswersTextWithEndTurn()
    {
        var json = Body([User(Text("Where is order A-1001?")), Assistant(ToolUse("tooluse_1")), User(ToolResult("tooluse_1"))], ToolConfig());

        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, Model, "converse", json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(body["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        Assert.That(body["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
    }

    private static IEnumerable<TestCaseData> BadConversations()
    {
        yield return Case("two user turns in a row", Body(User(Text("a")), User(Text("b"))),
            "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
        yield return Case("starts with the assistant", Body(Assistant(Text("a")), User(Text("b"))),
            "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        yield return Case("ends with the assistant", Body(User(Text("a")), Assistant(Text("b"))),
            "A conversation must end with a user message. Try again with a conversation that ends with a user message.");
        yield return Case("tool blocks without toolConfig", Body(User(Text("a")), Assistant(ToolUse("t1")), User(ToolResult("t1"))),
            "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        yield return Case("more results than calls", Body([User(Text("a")), Assistant(ToolUse("t1")), User(ToolResult("t1"), ToolResult("t2"))], ToolConfig()),
            "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of previous turn.");
        yield return Case("a result for another call", Body([User(Text("a")), Assistant(ToolUse("t1")), User(ToolResult("t9"))], ToolConfig()),
            "unexpected `tool_use_id` found in `tool_result` blocks: t9");
        yield return Case("a call left unanswered", Body([User(Text("a")), Assistant(ToolUse("t1")), User(Text("never mind"))], ToolConfig()),
            "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: t1");
        yield return Case("a file name with a dot", Body(User(Text("Read this."), Document("receipt.pdf"))),
            "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets.");
        yield return Case("a file name with two spaces", Body(User(Text("Read this."), Document("my  receipt"))),
            "The name can't contain more than one consecutive whitespace character.");
        yield return Case("a document without text", Body(User(Document("Receipt"))),
            "messages.0.content: a message that includes a document must also include a text block.");
        yield return Case("an image from the assistant", Body(User(Text("a")), Assistant(Image(10)), User(Text("b"))),
            "messages.1.content: images and documents can only be included in user messages.");
        yield return Case("21 images", Body(User([Text("Compare these."), .. Enumerable.Repeat(Image(10), 21)])),
            "Too many images: the request has 21 and the limit is 20.");
        yield return Case("6 documents", Body(User([Text("Compare these."), .. Enumerable.Range(1, 6).Select(i => Document($"Doc {i}"))])),
            "Too many documents: the request has 6 and the limit is 5.");
        yield return Case("an image over 3.75 MB", Body(User(Text("Look."), Image(3_932_161))),
            "An image is 3932161 bytes; images must be no larger than 3.75 MB (3932160 bytes).");
        yield return Case("a document over 4.5 MB", Body(User(Text("Read."), Document("Big", 4_718_593))),
            "A document is 4718593 bytes; documents must be no larger than 4.5 MB (4718592 bytes).");
        yield return Case("bytes that are not base64", Body(User(Text("Look."), """{"image":{"format":"png","source":{"bytes":"not base64!"}}}""")),
            "Value at 'messages.1.member.content.2.member.image.source.bytes' failed to satisfy constraint: Member must be base64-encoded binary data");
        yield return Case("an image format Bedrock lacks", Body(User(Text("Look."), Image(10, "bmp"))),
            "Value 'bmp' at 'messages.1.member.content.2.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]");
        yield return Case("a document format Bedrock lacks", Body(User(Text("Read."), Document("Deck", 10, "pptx"))),
            "Value 'pptx' at 'messages.1.member.content.2.member.document.format' failed to satisfy constraint: Member must satisfy enum value set: [pdf, csv, doc, docx, xls, xlsx, html, txt, md]");
        yield return Case("an unknown block type", Body(User(Text("Watch."), """{"video":{"format":"mp4"}}""")),
            "Value at 'messages.1.member.content.2.member' failed to satisfy constraint: Member must be one of the content blocks");
        yield return Case("a cache point of another type", Body(User(Text("a"), """{"cachePoint":{"type":"forever"}}""")),
            "Value at 'messages.1.member.content.2.member.cachePoint.type' failed to satisfy constraint: Member must satisfy enum value set: [default]");
        yield return Case("a tool result with a bad status", Body([User(Text("a")), Assistant(ToolUse("t1")), User("""{"toolResult":{"toolUseId":"t1","content":[{"text":"x"}],"status":"maybe"}}""")], ToolConfig()),
            "Value 'maybe' at 'messages.3.member.content.1.member.toolResult.status' failed to satisfy constraint: Member must satisfy enum value set: [success, error]");

        static TestCaseData Case(string name, string json, string message) => new TestCaseData(json, message).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(BadConversations))]
    public async Task Converse_BadConversation_Returns400WithTheServiceMessage(string json, string expectedMessagePart)
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, Model, "converse", json);
        var body = await EmulatorHttp.ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType"), Is.EqualTo(new[] { "ValidationException" }));
        Assert.That(body["message"]!.GetValue<string>(), Does.Contain(expectedMessagePart));
    }

    [Test]
    public async Task ConverseStream_BadConversation_Returns400BeforeTheStream()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, Model, "converse-stream", Body(User(Text("a")), User(Text("b"))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
    }

    [Test]
    public async Task Converse_DocumentName_UnderscoresAndBracketsPass()
    {
        using var response = await EmulatorHttp.PostJsonAsync(_emulator.Client, Model, "converse", Body(User(Text("Read."), Document("Receipt_2026 (copy) [1]-final"))));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
