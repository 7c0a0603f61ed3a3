using System.Collections.Immutable;
using System.Text;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Writing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;
using static BedrockMigrationHarness.Tests.Import.LoggedInvocations;

namespace BedrockMigrationHarness.Tests.Import.Writing;

[TestFixture]
public sealed class SuiteWriterTests
{
    private const string LookupSchema = """{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}""";

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    /// <summary>A tool-using conversation with every block kind, as the reader decodes a Converse record.</summary>
    internal static LoggedInvocation Agent(int n, string schema = LookupSchema, LoggedInference? inference = null) => Create(n,
        system: new SystemOverride("You are the order assistant.\nBe brief.", true),
        messages:
        [
            new Turn(TurnRole.User, [new TextPart("Where is order A-1042?"), new ImagePart("png", "s3://logs/data/x_input_media_00.png", "", Png),
                new DocumentPart("md", "Refund policy", "inline", "", Encoding.UTF8.GetBytes("# Refunds\nWithin 30 days.")), new CachePointPart()]),
            new Turn(TurnRole.Assistant, [new ToolUsePart("tooluse_1", "lookup_order", """{"order_id":"A-1042"}""")]),
            new Turn(TurnRole.User, [new ToolResultPart("tooluse_1", """{"status":"shipped","eta":"2026-12-04"}""", true, false)]),
        ],
        tools: new ToolConfiguration([new ToolDefinition("lookup_order", "Looks up an order.", schema, false)], new ToolChoice(ToolChoiceKind.Tool, "lookup_order"), true),
        additionalFields: """{"top_k":40}""",
        inference: inference,
        notReplayed: ["guardrailConfig"],
        answer: new LoggedAnswer("It has shipped.", [new ToolCall("tooluse_2", "lookup_order", """{"order_id":"A-1042"}""")], "tool_use", 812, 1200, 35, null, null));

    [Test]
    public void Write_AgentCase_EveryPartInTheCaseFileAndFilesBeside()
    {
        var written = Write([Agent(1)]);
        var text = File.ReadAllText(Path.Combine(_dir.Path, "cases", "0001-00000001.yaml"));
        TestContext.Out.WriteLine(text);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# Production request 00000001-5561-4431-93b8-06a817275900: Converse to anthropic.claude-3-haiku-20240307-v1:0 at 2025-03-11T00:01:00Z, from logs/test.jsonl:1.\n"));
            Assert.That(text, Does.Contain("# Not replayed (the harness does not send them): guardrailConfig.\n"));
            Assert.That(text, Does.Contain("system:\n  text: |-\n    You are the order assistant.\n    Be brief.\n  cache_point: true\n"));
            Assert.That(text, Does.Contain("  - image: files/"));
            Assert.That(text, Does.Contain("    name: Refund policy\n").Or.Contain("    name: \"Refund policy\"\n"));
            Assert.That(text, Does.Contain("tool_choice:\n  tool: lookup_order\n"));
            Assert.That(text, Does.Contain("  - cache_point: true\n"));
            Assert.That(text, Does.Contain("additional_fields:\n  top_k: 40\n"));
            Assert.That(text, Does.Contain("    latency_ms: 812\n    input_tokens: 1200\n    output_tokens: 35\n"));
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "tools", "lookup_order.json")), Does.Contain("\"order_id\""));
            Assert.That(Directory.GetFiles(Path.Combine(_dir.Path, "files")).Select(Path.GetExtension).Order(), Is.EqualTo(new[] { ".md", ".png" }));
            Assert.That(written.ToolSchemas, Is.EqualTo(1));
            Assert.That(written.NotReplayed, Is.EqualTo(ImmutableSortedDictionary<string, int>.Empty.Add("guardrailConfig", 1)));
        });
    }

    [Test]
    public void Write_SameToolWithAnotherSchema_SecondFileNumbered()
    {
        var written = Write([Agent(1), Agent(2), Agent(3, """{"type":"object","properties":{"id":{"type":"integer"}}}""")]);

        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(Path.Combine(_dir.Path, "tools")).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "lookup_order-2.json", "lookup_order.json" }));
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "cases", "0003-00000003.yaml")), Does.Contain("input_schema: tools/lookup_order-2.json"));
            Assert.That(written.ToolSchemas, Is.EqualTo(2));
        });
    }

    [Test]
    public void Write_VaryingInference_MostCommonAtTheSuiteDifferencesInTheCase()
    {
        Write([
            Create(1, inference: new LoggedInference(512, 0.5, null, null)),
            Create(2, inference: new LoggedInference(512, 0.5, null, null)),
            Create(3, inference: new LoggedInference(1024, null, 0.9, ["</answer>"])),
        ]);
        var suite = File.ReadAllText(Path.Combine(_dir.Path, "suite.yaml"));
        var third = File.ReadAllText(Path.Combine(_dir.Path, "cases", "0003-00000003.yaml"));
        TestContext.Out.WriteLine(suite);

        Assert.Multiple(() =>
        {
            Assert.That(suite, Does.Contain("inference:\n  max_tokens: 512\n  temperature: 0.5\ncases:\n- folder: cases\n"));
            Assert.That(suite, Does.Contain("templates: false\n"));
            Assert.That(suite, Does.Contain("# The candidate is the baseline until you change it"));
            Assert.That(third, Does.Contain("inference:\n  max_tokens: 1024\n  temperature: null\n  top_p: 0.9\n  stop_sequences:\n  - </answer>\n")
                .Or.Contain("inference:\n  max_tokens: 1024\n  temperature: null\n  top_p: 0.9\n  stop_sequences:\n  - \"</answer>\"\n"));
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "cases", "0001-00000001.yaml")), Does.Not.Contain("inference:"));
        });
    }

    [Test]
    public void Write_CandidateAndRegionGiven_UsedAsGiven()
    {
        Write([Create(1, region: "eu-west-1")], o => o with { Candidate = "amazon.nova-pro-v1:0", Name = "prod-bot" });
        var suite = File.ReadAllText(Path.Combine(_dir.Path, "suite.yaml"));

        Assert.That(suite, Does.Contain("name: prod-bot\n").And.Contain("candidate: amazon.nova-pro-v1:0\n").And.Contain("region: eu-west-1\n")
            .And.Not.Contain("until you change it"));
    }

    [Test]
    public void Write_MostCallsStreamed_SuiteStreamsAndTheOtherCaseSaysNot()
    {
        Write([
            Create(1, operation: LoggedOperation.ConverseStream),
            Create(2, operation: LoggedOperation.InvokeModelWithResponseStream),
            Create(3, operation: LoggedOperation.Converse),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "suite.yaml")), Does.Contain("\nstream: true\n"));
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "cases", "0003-00000003.yaml")), Does.Contain("\nstream: false\n"));
            Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "cases", "0001-00000001.yaml")), Does.Not.Contain("stream:"));
        });
    }

    [Test]
    public void Write_RepeatedBody_CaseHeaderSaysHowOften()
    {
        var invocation = Create(1);
        new SuiteWriter(Plan(_dir.File("x")), NoRedaction.Instance, new FakeTimeProvider(Start))
            .Write(_dir.Path, [invocation], new Dictionary<string, int> { [invocation.RequestId] = 3 });

        Assert.That(File.ReadAllText(Path.Combine(_dir.Path, "cases", "0001-00000001.yaml")),
            Does.Contain("# The same request body was logged 3 times; it is imported once.\n"));
    }

    [TestCase(1, 4, "00000001-5561-4431-93b8-06a817275900", "0001-00000001")]
    [TestCase(12345, 5, "ff4b6c63-5561", "12345-ff4b6c63")]
    [TestCase(7, 4, "--", "0007")]
    public void CaseId_PlaceAndRequestId(int number, int width, string requestId, string expected)
    {
        Assert.That(SuiteWriter.CaseId(number, width, requestId), Is.EqualTo(expected));
    }

    private WrittenSuite Write(IReadOnlyList<LoggedInvocation> cases, Func<ImportOptions, ImportOptions>? change = null) =>
        new SuiteWriter(Plan(_dir.File("x"), change), NoRedaction.Instance, new FakeTimeProvider(Start))
            .Write(_dir.Path, cases, cases.ToDictionary(c => c.RequestId, _ => 1));
}
