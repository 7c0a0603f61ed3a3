using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>Broken uses of issue 13's keys: each gives exactly the expected problems, with line and field (exit 2 in the CLI).</summary>
public sealed class SuiteLoaderConversationProblemTests
{
    // Lines 1-4; tests add their keys from line 5 on.
    private const string Header = "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\ntools: [ { name: lookup_order, input_schema: tools/lookup.json } ]\n";

    /// <summary>One expected problem: its line, field and a part of its message.</summary>
    public sealed record Expected(int? Line, string? Field, string MessagePart);

    private static IEnumerable<TestCaseData> BrokenSuites()
    {
        static TestCaseData Case(string name, string yaml, params Expected[] expected) =>
            new TestCaseData(yaml, expected).SetName($"Load_{name}_ReportsExactly");

        const string Cases = "cases:\n  - id: c\n";
        yield return Case("PromptAndMessages", Cases + "    prompt: hi\n    messages: [ { role: user, content: hi } ]\n",
            new Expected(8, "cases[0].messages", "either prompt: (one user message) or messages:"));
        yield return Case("NeitherPromptNorMessages", Cases + "    schema: schemas/answer.json\n",
            new Expected(6, "cases[0].prompt", "add prompt: (the user message) or messages:"));
        yield return Case("FirstTurnAssistant", Cases + "    messages:\n      - { role: assistant, content: Hello }\n      - { role: user, content: hi }\n",
            new Expected(8, "cases[0].messages[0]", "the first turn must be the user's"));
        yield return Case("TwoUserTurns", Cases + "    messages:\n      - { role: user, content: a }\n      - { role: user, content: b }\n",
            new Expected(9, "cases[0].messages[1]", "two user turns in a row (turns 0 and 1)"));
        yield return Case("LastTurnAssistant", Cases + "    messages:\n      - { role: user, content: a }\n      - { role: assistant, content: b }\n",
            new Expected(8, "cases[0].messages", "the last turn must be the user's"));
        yield return Case("UnknownRole", Cases + "    messages: [ { role: system, content: a } ]\n",
            new Expected(7, "cases[0].messages[0].role", "role must be user or assistant (found `system`)"));
        yield return Case("EmptyMessages", Cases + "    messages: []\n",
            new Expected(7, "cases[0].messages", "messages: holds no turn"));
        yield return Case("BlockWithTwoKinds", Cases + "    messages: [ { role: user, content: [ { text: a, image: x.png } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0]", "found text, image"));
        yield return Case("MisspelledBlockKey", Cases + "    messages: [ { role: user, content: [ { text: a }, { imgae: x.png } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[1].imgae", "did you mean `image`?"),
            new Expected(7, "cases[0].messages[0].content[1]", "a block must be a mapping with one of text:"));
        yield return Case("EmptyRenderedText", Cases + "    messages: [ { role: user, content: \"{{ blank }}\" } ]\n    vars: { blank: \" \" }\n",
            new Expected(7, "cases[0].messages[0].content", "the message of case `c` renders to empty text"));
        yield return Case("ToolUseInUserTurn", Cases + "    messages: [ { role: user, content: [ { tool_use: { id: x, name: lookup_order, input: {} } } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].tool_use", "a tool_use block belongs to an assistant turn"));
        yield return Case("UnansweredToolCall", Cases + """
                messages:
                  - { role: user, content: a }
                  - { role: assistant, content: [ { tool_use: { id: call-1, name: lookup_order, input: { order_id: A } } } ] }
                  - { role: user, content: b }

            """,
            new Expected(9, "cases[0].messages[1]", "the tool call `call-1` has no tool_result"));
        yield return Case("ResultForNoCall", Cases + """
                messages:
                  - { role: user, content: a }
                  - { role: assistant, content: b }
                  - { role: user, content: [ { tool_result: { id: call-9, content: ok } } ] }

            """,
            new Expected(10, "cases[0].messages[2]", "the tool_result `call-9` answers no tool_use"));
        yield return Case("ToolResultBadStatus", Cases + """
                messages:
                  - { role: user, content: a }
                  - { role: assistant, content: [ { tool_use: { id: c1, name: issue_refund, input: {} } } ] }
                  - { role: user, content: [ { tool_result: { id: c1, content: ok, status: done } } ] }

            """,
            new Expected(10, "cases[0].messages[2].content[0].tool_result.status", "status must be success or error (found `done`)"));
        yield return Case("ToolNotOffered", Cases + """
                messages:
                  - { role: user, content: a }
                  - { role: assistant, content: [ { tool_use: { id: c1, name: issue_refund, input: {} } } ] }
                  - { role: user, content: [ { tool_result: { id: c1, content: ok } } ] }

            """,
            new Expected(6, "cases[0].messages", "names the tool `issue_refund`, which the case does not offer"));
        yield return Case("ImageNotAnImage", Cases + "    messages: [ { role: user, content: [ { image: files/note.txt } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].image", "is not PNG, JPEG, GIF or WebP"));
        yield return Case("ImageTooLarge", Cases + "    messages: [ { role: user, content: [ { image: files/huge.png } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].image", "is larger than 3.75 MiB"));
        yield return Case("ImageMissing", Cases + "    messages: [ { role: user, content: [ { image: files/gone.png } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].image", "the image `files/gone.png` was not found"));
        yield return Case("ImageOutsideFolder", Cases + "    messages: [ { role: user, content: [ { image: ../outside.png } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].image", "is outside the suite's folder"));
        yield return Case("DocumentOfAnUnknownFormat", Cases + "    messages: [ { role: user, content: [ { document: files/data.json }, { text: a } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].document", "has no extension Bedrock takes (pdf, csv"));
        yield return Case("DocumentBadName", Cases + "    messages: [ { role: user, content: [ { document: files/note.txt, name: \"a  b\" } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].name", "a document's name may hold letters"));
        yield return Case("SixDocuments", Cases + "    messages: [ { role: user, content: [ " + string.Join(", ", Enumerable.Repeat("{ document: files/note.txt }", 6)) + " ] } ]\n",
            new Expected(7, "cases[0].messages", "at most 20 images and 5 documents (Bedrock's limits); this case has 0 and 6"));
        yield return Case("NameOnAnImage", Cases + "    messages: [ { role: user, content: [ { image: files/dot.png, name: x } ] } ]\n",
            new Expected(7, "cases[0].messages[0].content[0].name", "name: belongs to a document: block only"));
        yield return Case("MessagesWithInvokeApi", "api: invoke\ninvoke: { body_template: \"{}\" }\n" + Cases + "    messages: [ { role: user, content: hi } ]\n",
            new Expected(null, "tools", "tools is sent with api: converse only"),
            new Expected(8, "cases[0].messages", "messages is sent with api: converse only"));
        yield return Case("ConverseOnlyKeysWithInvokeApi",
            "api: invoke\ninvoke: { body_template: \"{}\" }\nadditional_fields: { a: 1 }\n" + Cases + "    prompt: hi\n    system: s\n    structured_output: false\n",
            new Expected(null, "tools", "tools is sent with api: converse only"),
            new Expected(null, "additional_fields", "additional_fields is sent with api: converse only"),
            new Expected(9, "cases[0].system", "system is sent with api: converse only"),
            new Expected(9, "cases[0].structured_output", "structured_output is sent with api: converse only"));
        yield return Case("ToolBadName", Cases + "    prompt: hi\n    tools: [ { name: \"look up\", input_schema: tools/lookup.json } ]\n",
            new Expected(8, "cases[0].tools[0].name", "a tool's name may hold only letters, digits, `_` and `-`"));
        yield return Case("ToolSchemaNotAnObject", Cases + "    prompt: hi\n    tools: [ { name: x, input_schema: schemas/string.json } ]\n",
            new Expected(8, "cases[0].tools[0].input_schema", "must have \"type\": \"object\" at its top"));
        yield return Case("ToolWithoutSchema", Cases + "    prompt: hi\n    tools: [ { name: x, descripton: y } ]\n",
            new Expected(8, "cases[0].tools[0].descripton", "did you mean `description`?"),
            new Expected(8, "cases[0].tools[0].input_schema", "`input_schema` is required"));
        yield return Case("DuplicateTool", Cases + "    prompt: hi\n    tools: [ { name: x, input_schema: tools/lookup.json }, { name: x, input_schema: tools/lookup.json } ]\n",
            new Expected(8, "cases[0].tools[1].name", "the tool `x` is defined twice"));
        yield return Case("CachePointNotLast", Cases + "    prompt: hi\n    tools: [ { cache_point: true }, { name: x, input_schema: tools/lookup.json } ]\n",
            new Expected(8, "cases[0].tools[0].cache_point", "cache_point goes alone in the last item of tools:"));
        yield return Case("ToolChoiceUnknownTool", Cases + "    prompt: hi\n    tool_choice: { tool: refund }\n",
            new Expected(8, "cases[0].tool_choice", "tool_choice names `refund`, which is not one of the tools (lookup_order)"));
        yield return Case("ToolChoiceBadWord", Cases + "    prompt: hi\n    tool_choice: always\n",
            new Expected(8, "cases[0].tool_choice", "tool_choice must be auto"));
        yield return Case("ExpectToolUnknownTool", Cases + "    prompt: hi\n    expect_tool: { name: issue_refund }\n",
            new Expected(8, "cases[0].expect_tool.name", "expect_tool names `issue_refund`, which is not one of the case's tools (lookup_order)"));
        yield return Case("ExpectToolWithSchema", Cases + "    prompt: hi\n    schema: schemas/answer.json\n    expect_tool: { name: lookup_order }\n",
            new Expected(9, "cases[0].expect_tool", "takes no schema:"));
        yield return Case("ExpectToolBadPointer", Cases + "    prompt: hi\n    expect_tool: { name: lookup_order, input: [ { pointer: order_id, equals: A } ] }\n",
            new Expected(8, "cases[0].expect_tool.input[0].pointer", "a pointer is a JSON Pointer"));
        yield return Case("StructuredOutputWithoutSchema", Cases + "    prompt: hi\n    structured_output: true\n",
            new Expected(8, "cases[0].structured_output", "the case has no schema:"));
        yield return Case("SuiteStructuredOutputButNoSchemaAnywhere", "structured_output: true\n" + Cases + "    prompt: hi\n",
            new Expected(null, "structured_output", "no case has a schema:"));
        yield return Case("AdditionalFieldsNotAMapping", "additional_fields: [1]\n" + Cases + "    prompt: hi\n",
            new Expected(5, "additional_fields", "additional_fields must be a mapping"));
        yield return Case("SystemMappingWithoutText", "system: { cache_point: true }\n" + Cases + "    prompt: hi\n",
            new Expected(5, "system.text", "`text` is required"));
    }

    [TestCaseSource(nameof(BrokenSuites))]
    public void Load_BrokenSuite_ReportsExactlyTheExpectedProblems(string yaml, Expected[] expected)
    {
        var problems = ProblemsOf(Header + yaml);

        Assert.That(problems, Has.Length.EqualTo(expected.Length), () => string.Join("\n", problems));
        foreach (var want in expected)
        {
            Assert.That(problems.Any(p => p.Line == want.Line && p.Field == want.Field && p.Message.Contains(want.MessagePart, StringComparison.Ordinal)),
                Is.True, () => $"expected {want} among:\n{string.Join("\n", problems)}");
        }
    }

    [Test]
    public void Load_ArmMappingMisspelledKeyAndNoModel_ReportsBoth()
    {
        var problems = ProblemsOf("name: t\nbaseline: a.model-v1:0\ncandidate:\n  modle: b.model-v1:0\ncases: [ { id: c, prompt: hi } ]\n");

        Assert.That(problems.Select(p => (p.Line, p.Field)), Is.EquivalentTo(new (int?, string?)[] { (4, "candidate.model"), (4, "candidate.modle") }));
        Assert.That(problems.Single(p => p.Field == "candidate.modle").Message, Does.Contain("did you mean `model`?"));
    }

    [Test]
    public void Load_ArmInferenceOutOfRange_NamesTheArmsField()
    {
        var problems = ProblemsOf("name: t\nbaseline: a.model-v1:0\ncandidate:\n  model: b.model-v1:0\n  inference: { temperature: 2 }\ncases: [ { id: c, prompt: hi } ]\n");

        Assert.That(problems.Single().Field, Is.EqualTo("candidate.inference.temperature"));
        Assert.That(problems.Single().Line, Is.EqualTo(5));
    }

    private static SuiteProblem[] ProblemsOf(string yaml)
    {
        using var dir = new SuiteDirectory();
        var folder = Path.Combine(dir.Root, "suite");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(dir.Root, "outside.png"), TinyPng.Of(1, 1));
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        File.WriteAllBytes(Path.Combine(folder, "files", "dot.png"), TinyPng.Of(1, 1));
        File.WriteAllBytes(Path.Combine(folder, "files", "huge.png"), [.. TinyPng.Of(1, 1), .. new byte[(int)InputFileKind.Image.MaxBytes]]);
        File.WriteAllText(Path.Combine(folder, "files", "note.txt"), "a note");
        File.WriteAllText(Path.Combine(folder, "files", "data.json"), "{}");
        Directory.CreateDirectory(Path.Combine(folder, "tools"));
        File.WriteAllText(Path.Combine(folder, "tools", "lookup.json"), """{ "type": "object" }""");
        Directory.CreateDirectory(Path.Combine(folder, "schemas"));
        File.WriteAllText(Path.Combine(folder, "schemas", "answer.json"), """{ "type": "object" }""");
        File.WriteAllText(Path.Combine(folder, "schemas", "string.json"), """{ "type": "string" }""");
        var suite = Path.Combine(folder, "suite.yaml");
        File.WriteAllText(suite, yaml);
        var e = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(suite))!;
        return [.. e.Problems];
    }
}
