using BedrockMigrationHarness.Import;
using static BedrockMigrationHarness.Tests.Import.Logs.LogFixtures;

namespace BedrockMigrationHarness.Tests.Import.Logs;

/// <summary>Hostile and unusable records: each becomes one drop with its reason and a detail naming the field.</summary>
public sealed class InvocationLogReaderDropTests
{
    private const string Output = """
        "output":{"outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}}}}
        """;

    private const string Head = """
        "requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m",
        """;

    private static string Record(string input, string head = Head) =>
        "{" + head + "\"input\":{\"inputBodyJson\":" + input + "}," + Output + "}";

    private const string Hello = """{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""";

    [TestCase("""{"requestId":"r1"}""", "timestamp is missing")]
    [TestCase("""{"requestId":7}""", "requestId must be a string (found the number 7)")]
    [TestCase("""[1,2]""", "a record must be a JSON object")]
    [TestCase("""{"schemaType":"Other","requestId":"r1"}""", "schemaType is `Other`, not ModelInvocationLog")]
    [TestCase("""{"requestId":"r1","timestamp":"yesterday","operation":"Converse","modelId":"m","input":{}}""", "timestamp `yesterday` is not a date and time (e.g. 2025-03-11T00:38:02Z)")]
    [TestCase("""{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":"x"}""", "input must be an object (found a string)")]
    public async Task ReadAsync_BrokenEnvelope_DropsAsMalformedNamingTheField(string line, string detail)
    {
        var dropped = Dropped((await ReadTextAsync(line))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.MalformedRecord));
            Assert.That(dropped.Detail, Is.EqualTo(detail));
        });
    }

    [Test]
    public async Task ReadAsync_TokenCountBeyondInt_DropsAsMalformedNamingTheField()
    {
        var line = Record(Hello).Replace("\"inputBodyJson\"", "\"inputTokenCount\":99999999999999999999999,\"inputBodyJson\"", StringComparison.Ordinal);

        var dropped = Dropped((await ReadTextAsync(line))[0]);

        Assert.That(dropped.Detail, Is.EqualTo("input.inputTokenCount must be a whole number of at most 2147483647 (found the number 99999999999999999999999)"));
    }

    [Test]
    public async Task ReadAsync_MaxTokensOfWrongType_DropsAsMalformedNamingTheField()
    {
        var dropped = Dropped((await ReadTextAsync(Record("""{"messages":[{"role":"user","content":[{"text":"hi"}]}],"inferenceConfig":{"maxTokens":"many"}}""")))[0]);

        Assert.That(dropped.Detail, Is.EqualTo("inferenceConfig.maxTokens must be a whole number of at most 2147483647 (found a string)"));
    }

    [Test]
    public async Task ReadAsync_NestingDeeperThanTheLimit_DropsAsMalformed()
    {
        var deep = new string('[', 200) + new string(']', 200);

        var dropped = Dropped((await ReadTextAsync(Record("""{"messages":[],"x":""" + deep + "}")))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.MalformedRecord));
            Assert.That(dropped.Detail, Is.EqualTo("not a JSON record: it nests deeper than 64 levels"));
            Assert.That(dropped.Origin.Line, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReadAsync_InvalidUtf8_DropsThatLineOnly()
    {
        using var temp = new Support.TempDirectory();
        var path = temp.File("log.jsonl");
        var good = System.Text.Encoding.UTF8.GetBytes(Record(Hello) + "\n");
        var bad = System.Text.Encoding.UTF8.GetBytes(Record(Hello).Replace("hi", "h\u00e9", StringComparison.Ordinal) + "\n");
        bad[Array.IndexOf(bad, (byte)0xC3)] = 0xFF;
        await System.IO.File.WriteAllBytesAsync(path, [.. bad, .. good]);

        var entries = await ReadAsync([path]);

        Assert.Multiple(() =>
        {
            Assert.That(Dropped(entries[0]).Detail, Is.EqualTo("not a JSON record: it is not valid UTF-8"));
            Assert.That(Kept(entries[1]).Origin.Line, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ReadAsync_LineLongerThanTheLimit_DropsItAndReadsTheNextLine()
    {
        using var temp = new Support.TempDirectory();
        var path = temp.File("log.jsonl");
        await System.IO.File.WriteAllTextAsync(path, Record(Hello).Replace("hi", new string('x', 5000), StringComparison.Ordinal) + "\n\n" + Record(Hello) + "\n");
        var reader = new InvocationLogReader(null, maxLineBytes: 1024, maxDocumentBytes: 1 << 20);

        var entries = await ReadAsync([path], reader: reader);

        Assert.Multiple(() =>
        {
            Assert.That(entries, Has.Count.EqualTo(2));
            Assert.That(Dropped(entries[0]).Detail, Does.StartWith("the line is longer than"));
            Assert.That(Kept(entries[1]).Origin.Line, Is.EqualTo(3), "the blank line is skipped, not counted as a record");
        });
    }

    [Test]
    public async Task ReadAsync_ErrorCode_DropsAsFailedCall()
    {
        var line = Record(Hello).Replace("\"input\"", "\"errorCode\":\"ThrottlingException\",\"input\"", StringComparison.Ordinal);

        var dropped = Dropped((await ReadTextAsync(line))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.FailedCall));
            Assert.That(dropped.Detail, Is.EqualTo("the call failed with ThrottlingException"));
        });
    }

    [Test]
    public async Task ReadAsync_NoOutput_DropsAsFailedCall()
    {
        const string Line = """{"requestId":"r1","timestamp":"2025-01-01T00:00:00Z","operation":"Converse","modelId":"m","input":{"inputBodyJson":{"messages":[]}}}""";

        Assert.That(Dropped((await ReadTextAsync(Line))[0]).Reason, Is.EqualTo(DropReason.FailedCall));
    }

    [Test]
    public async Task ReadAsync_EmbeddingOperation_DropsAsUnsupportedOperation()
    {
        var line = Record(Hello, Head.Replace("Converse", "ApplyGuardrail", StringComparison.Ordinal));

        var dropped = Dropped((await ReadTextAsync(line))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.UnsupportedOperation));
            Assert.That(dropped.Detail, Does.Contain("`ApplyGuardrail`"));
        });
    }

    [TestCase("""{"messages":[{"role":"user","content":[{"text":"hi"}]},{"role":"assistant","content":[{"text":"Sure:"}]}]}""", "the last turn is the assistant's (a prefilled answer); a conversation the harness sends ends with the user")]
    [TestCase("""{"messages":[{"role":"assistant","content":[{"text":"Hi"}]},{"role":"user","content":[{"text":"hi"}]}]}""", "the first turn is the assistant's; a conversation starts with the user")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"user","content":[{"text":"b"}]}]}""", "turns 1 and 2 are both the user's; roles must alternate")]
    [TestCase("""{"messages":[]}""", "the request has no turn")]
    [TestCase("""{"messages":[{"role":"user","content":[{"text":"a"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"f","input":{}}}]},{"role":"user","content":[{"text":"b"}]}]}""", "tool call `t1` of turn 2 has no tool result in the next turn")]
    [TestCase("""{"messages":[{"role":"user","content":[{"video":{"format":"mp4"}}]}]}""", "messages[0].content[0] is a `video` block, which the harness cannot send")]
    [TestCase("""{"messages":[{"role":"user","content":[{"image":{"format":"tiff","source":{"bytes":""}}}]}]}""", "messages[0].content[0].image.format has format `tiff`; the harness sends png, jpeg, gif, webp")]
    public async Task ReadAsync_ConversationBreakingARule_DropsAsUnreplayableNamingTheRule(string body, string detail)
    {
        var dropped = Dropped((await ReadTextAsync(Record(body)))[0]);

        Assert.Multiple(() =>
        {
            Assert.That(dropped.Reason, Is.EqualTo(DropReason.UnreplayableConversation));
            Assert.That(dropped.Detail, Is.EqualTo(detail));
        });
    }

    [Test]
    public async Task ReadAsync_RecordsOutsideTheDates_DropsThemAsOutsideDates()
    {
        var early = Record(Hello);
        var late = early.Replace("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z", StringComparison.Ordinal);
        var options = new LogReadOptions(new DateTimeOffset(2025, 1, 15, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero));

        var entries = await ReadTextAsync(early + "\n" + late, options: options);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => Dropped(e).Reason), Is.EqualTo(new[] { DropReason.OutsideDates, DropReason.OutsideDates }), "Until is exclusive");
            Assert.That(Dropped(entries[0]).RequestId, Is.EqualTo("r1"));
        });
    }
}
