using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Writing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;
using static BedrockMigrationHarness.Tests.Import.LoggedInvocations;

namespace BedrockMigrationHarness.Tests.Import.Writing;

/// <summary>Written by the suite writer, read back by the suite loader: the same requests and references.</summary>
[TestFixture]
public sealed class SuiteWriterRoundTripTests
{
    private static readonly string[] Texts =
    [
        "Hi {{ name }}! {% if x %} not a template",
        "key: value # not a comment\n- not a list\n  indented\n",
        "trailing spaces   \nand \"quotes\" and 'single'",
        "windows\r\nline ends\ttab",
        "control \u0001\u001b[31m red \u2028 separator",
        "unicode é 中文 😀 مرحبا\n\n\nthree breaks\n\n",
        "true",
        "0042",
        new string('x', 20_000) + " " + new string('y', 20_000),
    ];

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public void Load_WrittenSuite_SameTurnsSystemAndReference()
    {
        var cases = Texts.Select((text, i) => Create(i + 1, prompt: text, system: new SystemOverride(Texts[^(i + 1)], false),
            answer: new LoggedAnswer(text, [], "end_turn", 100 + i, 5, 7, null, null))).ToList();

        var suite = WriteAndLoad(cases);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Cases, Has.Length.EqualTo(cases.Count));
            for (var i = 0; i < cases.Count; i++)
            {
                var loaded = suite.Cases[i];
                Assert.That(loaded.Messages, Is.EqualTo(cases[i].Request.Messages), $"case {i} messages");
                Assert.That(loaded.System, Is.EqualTo(cases[i].Request.System), $"case {i} system");
                Assert.That(loaded.Reference!.Text, Is.EqualTo(cases[i].Answer!.Text), $"case {i} reference");
                Assert.That(loaded.Reference.Production, Is.EqualTo(new ProductionCall(Haiku, cases[i].RequestId, cases[i].Timestamp, "Converse", 100 + i, 5, 7)));
            }
        });
    }

    [Test]
    public void Load_WrittenAgentCase_SameConversationToolsAndSettings()
    {
        var agent = SuiteWriterTests.Agent(1, inference: new LoggedInference(2048, null, 0.9, ["</answer>"]));
        var other = Create(2, inference: new LoggedInference(512, 0.5, null, null));
        var third = Create(3, inference: new LoggedInference(512, 0.5, null, null));

        var suite = WriteAndLoad([agent, other, third]);
        var loaded = suite.Cases[0];
        var turns = loaded.Messages;

        Assert.Multiple(() =>
        {
            Assert.That(suite.BaselineModelId, Is.EqualTo(Haiku));
            Assert.That(loaded.System, Is.EqualTo(agent.Request.System));
            Assert.That(turns[0].Parts[0], Is.EqualTo(new TextPart("Where is order A-1042?")));
            Assert.That(turns[0].Parts[1], Is.TypeOf<ImagePart>().And.Property("Sha256").EqualTo(Sha((ImagePart)agent.Request.Messages[0].Parts[1])));
            Assert.That(((DocumentPart)turns[0].Parts[2]).Name, Is.EqualTo("Refund policy"));
            Assert.That(((DocumentPart)turns[0].Parts[2]).Format, Is.EqualTo("md"));
            Assert.That(turns[0].Parts[3], Is.TypeOf<CachePointPart>());
            Assert.That(turns[1], Is.EqualTo(agent.Request.Messages[1]));
            Assert.That(turns[2], Is.EqualTo(agent.Request.Messages[2]));
            Assert.That(loaded.Tools!.Choice, Is.EqualTo(agent.Request.Tools!.Choice));
            Assert.That(loaded.Tools.CachePoint, Is.True);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(loaded.Tools.Tools[0].InputSchemaJson), JsonNode.Parse(agent.Request.Tools.Tools[0].InputSchemaJson)), Is.True);
            Assert.That(loaded.Tools.Tools[0] with { InputSchemaJson = "" }, Is.EqualTo(agent.Request.Tools.Tools[0] with { InputSchemaJson = "" }));
            Assert.That(loaded.AdditionalFieldsJson, Is.EqualTo("""{"top_k":40}"""));
            var effective = loaded.Inference!.ApplyTo(suite.Inference);
            Assert.That((effective.MaxTokens, effective.Temperature, effective.TopP, effective.StopSequences.Single()), Is.EqualTo((2048, (double?)null, (double?)0.9, "</answer>")));
            var plain = suite.Cases[1].Inference?.ApplyTo(suite.Inference) ?? suite.Inference;
            Assert.That((plain.MaxTokens, plain.Temperature, plain.TopP, plain.StopSequences.Length), Is.EqualTo((512, (double?)0.5, (double?)null, 0)));
            Assert.That(loaded.Reference!.ToolCalls.Single(), Is.EqualTo(new ToolCall("", "lookup_order", """{"order_id":"A-1042"}""")));
        });
    }

    [Test]
    public void Load_InferSchemas_JsonReferenceGetsACheckedSchemaAndTextReferenceNone()
    {
        var json = Create(1, answer: new LoggedAnswer("""{ "category": "billing", "priority": 2, "tags": ["refund"] }""", [], "end_turn", 100, 5, 7, null, null));
        var text = Create(2, answer: new LoggedAnswer("Your refund is on its way.", [], "end_turn", 100, 5, 7, null, null));

        var suite = WriteAndLoad([json, text], inferSchemas: true);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Cases[0].SchemaPath, Is.EqualTo("schemas/0001-00000001.json"));
            var schema = JsonNode.Parse(suite.Cases[0].SchemaJson!)!;
            Assert.That(schema["required"]!.AsArray().Select(k => k!.GetValue<string>()), Is.EqualTo(new[] { "category", "priority", "tags" }));
            Assert.That(schema["properties"]!["priority"]!["type"]!.GetValue<string>(), Is.EqualTo("number"));
            Assert.That(suite.Cases[1].SchemaPath, Is.Null, "a text reference has no schema to infer");
        });
    }

    private SuiteDefinition WriteAndLoad(IReadOnlyList<LoggedInvocation> cases, bool inferSchemas = false)
    {
        new SuiteWriter(Plan(_dir.File("x"), o => o with { InferSchemas = inferSchemas }), NoRedaction.Instance, new FakeTimeProvider(Start))
            .Write(_dir.Path, cases, cases.ToDictionary(c => c.RequestId, _ => 1));
        return SuiteLoader.Load(Path.Combine(_dir.Path, SuiteWriter.SuiteFile));
    }

    private static string Sha(ImagePart part) => Convert.ToHexStringLower(SHA256.HashData(part.Bytes.Span));
}
