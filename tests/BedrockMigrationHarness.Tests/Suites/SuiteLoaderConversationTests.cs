using System.Security.Cryptography;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>Issue 13's suite keys, loaded: conversations, content blocks from files, tools, structured output, additional fields, cache points, arms.</summary>
public sealed class SuiteLoaderConversationTests
{
    private const string Header = "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\n";

    private const string LookupSchema = """
        { "type": "object", "properties": { "order_id": { "type": "string" } }, "required": ["order_id"] }
        """;

    private static SuiteDefinition Load(SuiteDirectory dir, string yaml, string header = Header)
    {
        dir.Write("tools/lookup.json", LookupSchema);
        dir.Write("schemas/answer.json", """{ "type": "object", "properties": { "status": { "type": "string" } } }""");
        dir.WriteSuite(header + yaml);
        return SuiteLoader.Load(dir.SuitePath);
    }

    [Test]
    public void Load_CaseWithMessages_RendersEveryTurnWithTheCaseVars()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, """
            vars: { shop: Acme }
            cases:
              - id: chat
                vars: { order: A-1 }
                system: "You serve {{ shop }}."
                messages:
                  - { role: user, content: "Hi, I ordered {{ order }}." }
                  - { role: assistant, content: "Thanks, how can I help?" }
                  - role: user
                    content:
                      - text: "Where is {{ order }}?"
                      - cache_point: true
            """);

        var chat = suite.Cases.Single();
        Assert.That(chat.Messages.Select(t => t.Role), Is.EqualTo(new[] { TurnRole.User, TurnRole.Assistant, TurnRole.User }));
        Assert.That(chat.Messages[0].Parts, Is.EqualTo(new ContentPart[] { new TextPart("Hi, I ordered A-1.") }));
        Assert.That(chat.Messages[2].Parts, Is.EqualTo(new ContentPart[] { new TextPart("Where is A-1?"), new CachePointPart() }));
        Assert.That(chat.Prompt, Is.EqualTo("Where is A-1?"));
        Assert.That(chat.System, Is.EqualTo(new SystemOverride("You serve Acme.", false)));
    }

    [Test]
    public void Load_TableCaseWithMessages_RendersEachRow()
    {
        using var dir = new SuiteDirectory();
        dir.Write("rows.csv", "id,question\nq1,Where?\nq2,When?\n");

        var suite = Load(dir, """
            cases:
              - table: rows.csv
                messages:
                  - { role: user, content: "Order A-1" }
                  - { role: assistant, content: "Found it." }
                  - { role: user, content: "{{ question }}" }
            """);

        Assert.That(suite.Cases.Select(c => c.Prompt), Is.EqualTo(new[] { "Where?", "When?" }));
    }

    [Test]
    public void Load_ImageAndDocumentBlocks_CarryBytesFormatAndHash()
    {
        using var dir = new SuiteDirectory();
        var png = TinyPng.Of(4, 3);
        Directory.CreateDirectory(Path.Combine(dir.Root, "files"));
        File.WriteAllBytes(Path.Combine(dir.Root, "files", "parcel.png"), png);
        dir.Write("files/refund_policy v2.md", "# Refunds\nWithin 30 days.\n");

        var suite = Load(dir, """
            cases:
              - id: files
                messages:
                  - role: user
                    content:
                      - image: files/parcel.png
                      - document: "files/refund_policy v2.md"
                      - document: "files/refund_policy v2.md"
                        name: Refund policy (2026)
                      - text: Is the parcel damaged, and can I get a refund?
            """);

        var parts = suite.Cases.Single().Messages.Single().Parts;
        var image = (ImagePart)parts[0];
        Assert.That((image.Format, image.Path, image.Sha256), Is.EqualTo(("png", "files/parcel.png", Convert.ToHexStringLower(SHA256.HashData(png)))));
        Assert.That(image.Bytes.ToArray(), Is.EqualTo(png));
        var document = (DocumentPart)parts[1];
        Assert.That((document.Format, document.Name, document.Bytes.Length), Is.EqualTo(("md", "refund policy v2", 26)));
        Assert.That(((DocumentPart)parts[2]).Name, Is.EqualTo("Refund policy (2026)"));
    }

    [TestCase("a_b.c.txt", "a b c")]
    [TestCase("  --x!!y  .pdf", "--x y")]
    [TestCase("___.csv", "document")]
    public void DefaultName_FileName_IsMadeABedrockDocumentName(string file, string expected) =>
        Assert.That(ConversationBinder.DefaultName(file), Is.EqualTo(expected));

    [Test]
    public void Load_ScriptedToolCallAndResult_BecomeToolUseAndToolResultParts()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, """
            tools:
              - { name: lookup_order, description: Finds an order, input_schema: tools/lookup.json, strict: true }
              - cache_point: true
            tool_choice: auto
            cases:
              - id: second-turn
                messages:
                  - { role: user, content: "Where is A-1?" }
                  - role: assistant
                    content:
                      - tool_use: { id: call-1, name: lookup_order, input: { order_id: A-1, express: true, items: 2 } }
                  - role: user
                    content:
                      - tool_result: { id: call-1, content: { status: shipped, eta: "2026-12-03" } }
                      - tool_result: { id: call-1, content: "carrier down", status: error }
            """);

        var @case = suite.Cases.Single();
        Assert.That(@case.Messages[1].Parts.Single(), Is.EqualTo(new ToolUsePart("call-1", "lookup_order", """{"order_id":"A-1","express":true,"items":2}""")));
        Assert.That(@case.Messages[2].Parts, Is.EqualTo(new ContentPart[]
        {
            new ToolResultPart("call-1", """{"status":"shipped","eta":"2026-12-03"}""", true, false),
            new ToolResultPart("call-1", "carrier down", false, true),
        }));
        Assert.That(@case.Tools, Is.EqualTo(new ToolConfiguration(
            [new ToolDefinition("lookup_order", "Finds an order", LookupSchema, true)], new ToolChoice(ToolChoiceKind.Auto), true)));
    }

    [Test]
    public void Load_CaseTools_ReplaceTheSuitesAndACaseChoiceAloneKeepsThem()
    {
        using var dir = new SuiteDirectory();
        dir.Write("tools/refund.json", """{ "type": "object" }""");

        var suite = Load(dir, """
            tools: [ { name: lookup_order, input_schema: tools/lookup.json } ]
            tool_choice: any
            cases:
              - { id: suite-tools, prompt: hi }
              - id: own-tools
                prompt: hi
                tools: [ { name: issue_refund, input_schema: tools/refund.json } ]
              - id: own-choice
                prompt: hi
                tool_choice: { tool: lookup_order }
                expect_tool: { name: lookup_order, input: [ { pointer: /order_id, equals: A-1 } ] }
            """);

        Assert.That(suite.Cases[0].Tools!.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Any)));
        Assert.That(suite.Cases[1].Tools!.Tools.Single().Name, Is.EqualTo("issue_refund"));
        Assert.That(suite.Cases[1].Tools!.Choice, Is.Null);
        Assert.That(suite.Cases[2].Tools!.Tools.Single().Name, Is.EqualTo("lookup_order"));
        Assert.That(suite.Cases[2].Tools!.Choice, Is.EqualTo(new ToolChoice(ToolChoiceKind.Tool, "lookup_order")));
        Assert.That(suite.Cases[2].ExpectTool!.Name, Is.EqualTo("lookup_order"));
        Assert.That(suite.Cases[2].ExpectTool!.Input.Single(), Is.EqualTo(new Expectation(ExpectationKind.EqualTo, "A-1", "/order_id")));
    }

    [Test]
    public void Load_ArmMappings_BindOverridesOverTheSuitesInference()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, """
            vars: { shop: Acme }
            system: { text: "You serve {{ shop }}.", cache_point: true }
            inference: { max_tokens: 300, temperature: 0.2, top_p: 0.9 }
            additional_fields: { metadata: { team: support }, top_k: 5 }
            cases:
              - { id: one, prompt: hi, schema: schemas/answer.json }
            baseline: { model: a.model-v1:0 }
            candidate:
              model: b.model-v1:0
              system: "You serve {{ shop }}. Answer in JSON."
              inference: { top_p: null, max_tokens: 400 }
              additional_fields: { top_k: null, thinking: { type: enabled, budget_tokens: 1024 } }
              structured_output: true
              prompt_suffix: " Be brief."
            """, header: "name: t\n");

        Assert.That(suite.BaselineModelId, Is.EqualTo("a.model-v1:0"));
        Assert.That(suite.Baseline, Is.EqualTo(ArmOverrides.None));
        Assert.That(suite.CacheSystemPrompt, Is.True);
        Assert.That(suite.Candidate.System, Is.EqualTo(new SystemOverride("You serve Acme. Answer in JSON.", false)));
        var inference = suite.Candidate.Inference!.ApplyTo(suite.Inference);
        Assert.That(inference.MaxTokens, Is.EqualTo(400));
        Assert.That(inference.Temperature, Is.EqualTo(0.2));
        Assert.That(inference.TopP, Is.Null);
        Assert.That((suite.Candidate.Inference.Temperature.IsSet, suite.Candidate.Inference.TopP), Is.EqualTo((false, Optional<double?>.Of(null))));
        Assert.That(suite.Candidate.PromptSuffix, Is.EqualTo(" Be brief."));
        Assert.That(suite.Candidate.StructuredOutput, Is.True);
        Assert.That(suite.AdditionalFieldsJson, Is.EqualTo("""{"metadata":{"team":"support"},"top_k":5}"""));
    }
}
