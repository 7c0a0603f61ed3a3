using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>
/// Issue 14's suite keys, the ones an imported suite needs: <c>templates: false</c>, <c>folder:</c> case files, a case's
/// <c>inference:</c> and its <c>reference:</c>, loaded from the exact syntax <c>bmh import</c> writes.
/// </summary>
public sealed class SuiteLoaderImportedSuiteTests
{
    private const string Header = "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\n";

    private const string ImportedSuite = """
        name: imported-support-bot
        templates: false
        baseline: anthropic.claude-3-haiku-20240307-v1:0
        candidate: anthropic.claude-haiku-4-5-20251001-v1:0
        inference: { max_tokens: 512, temperature: 0.5 }
        cases:
          - folder: cases
        """;

    private const string ImportedCase = """
        id: 0001-ff4b6c63
        templates: false
        system: "You are {{ role }}, {% if x %}"
        messages:
          - { role: user, content: "Hi {{ name }}! Where is A-1?" }
          - role: assistant
            content:
              - tool_use: { id: call-1, name: lookup_order, input: { order_id: A-1 } }
          - role: user
            content:
              - tool_result: { id: call-1, content: { status: shipped } }
        inference: { max_tokens: 1024, temperature: null }
        tools:
          - { name: lookup_order, input_schema: tools/lookup.json }
        additional_fields: { top_k: 5 }
        reference:
          text: "Hello! I'm doing well..."
          tool_calls: [ { name: lookup_order, input: { order_id: A-1 } } ]
          production:
            model: amazon.nova-lite-v1:0
            request_id: ff4b6c63-5561-4431-93b8-06a817275900
            timestamp: 2025-03-11T00:38:02Z
            operation: ConverseStream
            latency_ms: 302
            input_tokens: 4
            output_tokens: 38
        """;

    private static SuiteDefinition Load(SuiteDirectory dir, string yaml)
    {
        dir.Write("tools/lookup.json", """{ "type": "object", "properties": { "order_id": { "type": "string" } } }""");
        dir.WriteSuite(yaml);
        return SuiteLoader.Load(dir.SuitePath);
    }

    private static SuiteProblem[] Problems(SuiteDirectory dir, string yaml)
    {
        var e = Assert.Throws<SuiteValidationException>(() => Load(dir, yaml))!;
        return [.. e.Problems];
    }

    [Test]
    public void Load_ImportedSuiteWithCaseFolder_ReadsEveryKeyOfTheCaseFile()
    {
        using var dir = new SuiteDirectory();
        dir.Write("cases/0001-ff4b6c63.yaml", ImportedCase);

        var suite = Load(dir, ImportedSuite);

        var c = suite.Cases.Single();
        Assert.That(c.Id, Is.EqualTo("0001-ff4b6c63"));
        Assert.That(c.System!.Text, Is.EqualTo("You are {{ role }}, {% if x %}"));
        Assert.That(((TextPart)c.Messages[0].Parts[0]).Text, Is.EqualTo("Hi {{ name }}! Where is A-1?"));
        Assert.That(c.Messages[2].Parts.Single(), Is.EqualTo(new ToolResultPart("call-1", """{"status":"shipped"}""", true, false)));
        Assert.That(c.Inference!.ApplyTo(suite.Inference), Is.EqualTo(new InferenceSettings(1024, null, null, suite.Inference.StopSequences)));
        Assert.That(c.Tools!.Tools.Single().Name, Is.EqualTo("lookup_order"));
        Assert.That(c.AdditionalFieldsJson, Is.EqualTo("""{"top_k":5}"""));
        Assert.That(c.Reference, Is.EqualTo(new CaseReference("Hello! I'm doing well...",
            [new ToolCall(string.Empty, "lookup_order", """{"order_id":"A-1"}""")],
            new ProductionCall("amazon.nova-lite-v1:0", "ff4b6c63-5561-4431-93b8-06a817275900", new DateTimeOffset(2025, 3, 11, 0, 38, 2, TimeSpan.Zero),
                "ConverseStream", 302, 4, 38))));
    }

    [Test]
    public void Load_CaseFolder_OneCasePerYamlFileSortedOrdinalWithTheFileNameAsDefaultId()
    {
        using var dir = new SuiteDirectory();
        dir.Write("cases/b.yml", "prompt: second\n");
        dir.Write("cases/B.yaml", "prompt: first\n");
        dir.Write("cases/c.yaml", "id: third-by-id\nprompt: third\n");
        dir.Write("cases/notes.txt", "not a case");
        dir.Write("cases/nested/d.yaml", "prompt: not read\n");

        var suite = Load(dir, Header + "cases:\n  - { id: inline, prompt: zero }\n  - folder: cases\n");

        Assert.That(suite.Cases.Select(c => (c.Id, c.Prompt)),
            Is.EqualTo(new[] { ("inline", "zero"), ("B", "first"), ("b", "second"), ("third-by-id", "third") }));
    }

    [Test]
    public void Load_TemplatesFalse_SendsBracesAsWrittenEverywhere()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, """
            name: t
            templates: false
            baseline: a.model-v1:0
            candidate: { model: b.model-v1:0, prompt_suffix: " {{ suffix }}", system: "{{ arm }}" }
            system: "{{ suite }}"
            cases:
              - id: one
                prompt: "{{ x }} and {% raw %} and {{ schema }}"
                expect: [ { contains: "{{ y }}" } ]
            """);

        var c = suite.Cases.Single();
        Assert.That((suite.SystemPrompt, suite.Candidate.System!.Text, suite.Candidate.PromptSuffix), Is.EqualTo(("{{ suite }}", "{{ arm }}", " {{ suffix }}")));
        Assert.That(c.Prompt, Is.EqualTo("{{ x }} and {% raw %} and {{ schema }}"));
        Assert.That(c.Expectations.Single().Value, Is.EqualTo("{{ y }}"));
    }

    [Test]
    public void Load_CaseTemplatesFalse_OverridesTheSuitesForThatCaseOnly()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, Header + """
            vars: { who: World }
            cases:
              - { id: rendered, prompt: "Hello {{ who }}" }
              - { id: literal, templates: false, prompt: "Hello {{ who }}" }
            """);

        Assert.That(suite.Cases.Select(c => c.Prompt), Is.EqualTo(new[] { "Hello World", "Hello {{ who }}" }));
    }

    [Test]
    public void Load_ReferenceShorthand_IsTheText()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, Header + "cases:\n  - { id: one, prompt: hi, reference: \"Hello {{ there }}\" }\n");

        Assert.That(suite.Cases.Single().Reference, Is.EqualTo(new CaseReference("Hello {{ there }}", [], null)));
    }

    [Test]
    public void Load_ReferenceWithEmptyTextAndOnlyAToolCall_IsKept()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, Header + """
            cases:
              - id: one
                prompt: hi
                reference: { text: "", tool_calls: [ { name: lookup_order, input: { order_id: 42 } } ] }
            """);

        Assert.That(suite.Cases.Single().Reference, Is.EqualTo(new CaseReference("", [new ToolCall("", "lookup_order", """{"order_id":42}""")], null)));
    }

    [Test]
    public void Load_TimestampWithOffset_IsKeptAsUtc()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, Header + """
            cases:
              - id: one
                prompt: hi
                reference: { text: ok, production: { model: m.x-v1:0, timestamp: "2025-03-11T01:38:02.5+01:00" } }
            """);

        Assert.That(suite.Cases.Single().Reference!.Production!.Timestamp, Is.EqualTo(new DateTimeOffset(2025, 3, 11, 0, 38, 2, 500, TimeSpan.Zero)));
        Assert.That(suite.Cases.Single().Reference!.Production!.Timestamp!.Value.Offset, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Load_CaseInference_IsPartialOverTheSuitesAndNullRemoves()
    {
        using var dir = new SuiteDirectory();

        var suite = Load(dir, Header + """
            inference: { max_tokens: 300, temperature: 0.5, top_p: 0.9, stop_sequences: ["</a>"] }
            cases:
              - { id: one, prompt: hi, inference: { top_p: null, stop_sequences: null } }
              - { id: two, prompt: hi }
            """);

        Assert.That(suite.Cases[0].Inference!.ApplyTo(suite.Inference) with { StopSequences = [] },
            Is.EqualTo(new InferenceSettings(300, 0.5, null, [])));
        Assert.That(suite.Cases[0].Inference!.ApplyTo(suite.Inference).StopSequences, Is.Empty);
        Assert.That(suite.Cases[1].Inference, Is.Null);
    }

    private static IEnumerable<TestCaseData> BrokenKeys()
    {
        static TestCaseData Case(string name, string yaml, int line, string field, string message) =>
            new TestCaseData(yaml, line, field, message).SetName($"Load_{name}_ReportsTheProblem");

        yield return Case("TemplatesNotABool", Header + "templates: no\ncases: [ { id: a, prompt: hi } ]\n",
            4, "templates", "templates must be true (texts are Scriban templates, the default) or false (every text is sent as written, `{{` included) (found `no`)");
        yield return Case("SuiteVarsWithTemplatesFalse", Header + "templates: false\nvars: { a: 1 }\ncases: [ { id: a, prompt: hi } ]\n",
            5, "vars", "vars need templates, but templates: false sends every text as written; remove vars: or templates: false");
        yield return Case("CaseVarsWithCaseTemplatesFalse", Header + "cases:\n  - { id: a, prompt: hi, templates: false, vars: { a: 1 } }\n",
            5, "cases[0].vars", "vars need templates, but templates: false sends every text as written; remove vars: or templates: false");
        yield return Case("TableWithTemplatesFalse", Header + "templates: false\ncases:\n  - { table: t.csv, prompt: hi }\n",
            6, "cases[0].table", "a table needs templates: its prompt is filled in from each row; remove templates: false, or write one case per row");
        yield return Case("CaseInferenceUnknownKey", Header + "cases:\n  - id: a\n    prompt: hi\n    inference: { max_token: 5 }\n",
            7, "cases[0].inference.max_token", "unknown key `max_token` under `cases[0].inference`; did you mean `max_tokens`?");
        yield return Case("CaseInferenceOutOfRange", Header + "cases:\n  - id: a\n    prompt: hi\n    inference: { temperature: 2 }\n",
            7, "cases[0].inference.temperature", "temperature must be a number from 0 to 1, e.g. temperature: 0 (found `2`)");
        yield return Case("CaseInferenceNotAMapping", Header + "cases:\n  - id: a\n    prompt: hi\n    inference: 5\n",
            7, "cases[0].inference", "cases[0].inference must be a mapping, e.g. inference: { max_tokens: 512, temperature: 0 } (found `5`)");
        yield return Case("ReferenceList", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: [ a ]\n",
            7, "cases[0].reference", "reference must be the reference answer's text or a mapping, e.g. reference: { text: \"Your order has shipped.\" } (found a list)");
        yield return Case("ReferenceWithoutText", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { tool_calls: [] }\n",
            7, "cases[0].reference.text", "`text` is required; add it, e.g. text: \"Your order has shipped.\" (text: \"\" when it only called tools)");
        yield return Case("ReferenceTextAList", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: [ a ] }\n",
            7, "cases[0].reference.text", "text must be the reference answer's text (found a list)");
        yield return Case("ReferenceUnknownKey", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, tool_call: [] }\n",
            7, "cases[0].reference.tool_call", "did you mean `tool_calls`?");
        yield return Case("ReferenceToolCallBadName", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, tool_calls: [ { name: \"look up\", input: {} } ] }\n",
            7, "cases[0].reference.tool_calls[0].name", "a tool's name may hold only letters, digits, `_` and `-`, 1 to 64 of them, as Bedrock requires (found `look up`)");
        yield return Case("ReferenceToolCallInputNotAMapping", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, tool_calls: [ { name: x, input: 5 } ] }\n",
            7, "cases[0].reference.tool_calls[0].input", "input must be a mapping of the call's arguments, e.g. input: { order_id: A-1 } (found `5`)");
        yield return Case("ReferenceToolCallWithoutInput", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, tool_calls: [ { name: x } ] }\n",
            7, "cases[0].reference.tool_calls[0].input", "`input` is required; add it, e.g. input: { order_id: A-1 }");
        yield return Case("ProductionWithoutModel", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { latency_ms: 3 } }\n",
            7, "cases[0].reference.production.model", "`model` is required; add it, e.g. model: amazon.nova-lite-v1:0");
        yield return Case("ProductionBadModel", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: \"nova lite\" } }\n",
            7, "cases[0].reference.production.model", "model must be a Bedrock model id, inference profile id or ARN: 1 to 2048 characters from letters, digits and `.` `_` `:` `/` `-`, no spaces (found `nova lite`)");
        yield return Case("ProductionTimestampWithoutOffset", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, timestamp: 2025-03-11T00:38:02 } }\n",
            7, "cases[0].reference.production.timestamp", "timestamp must be an ISO 8601 date and time with its offset, e.g. timestamp: 2025-03-11T00:38:02Z or 2025-03-11T01:38:02+01:00 (found `2025-03-11T00:38:02`)");
        yield return Case("ProductionTimestampImpossibleDate", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, timestamp: 2025-02-30T00:00:00Z } }\n",
            7, "cases[0].reference.production.timestamp", "(found `2025-02-30T00:00:00Z`)");
        yield return Case("ProductionUnknownOperation", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, operation: Invoke } }\n",
            7, "cases[0].reference.production.operation", "operation must be one of Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream (found `Invoke`)");
        yield return Case("ProductionLatencyTooLarge", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, latency_ms: 3600001 } }\n",
            7, "cases[0].reference.production.latency_ms", "latency_ms must be a number of milliseconds from 0 to 3600000, e.g. latency_ms: 302 (found `3600001`)");
        yield return Case("ProductionNegativeTokens", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, output_tokens: -1 } }\n",
            7, "cases[0].reference.production.output_tokens", "output_tokens must be a whole number from 0 to 10000000, e.g. output_tokens: 38 (found `-1`)");
        yield return Case("ProductionTooManyTokens", Header + "cases:\n  - id: a\n    prompt: hi\n    reference: { text: a, production: { model: m, input_tokens: 10000001 } }\n",
            7, "cases[0].reference.production.input_tokens", "input_tokens must be a whole number from 0 to 10000000, e.g. input_tokens: 4 (found `10000001`)");
        yield return Case("FolderWithAnotherKey", Header + "cases:\n  - { folder: cases, prompt: hi }\n",
            5, "cases[0].prompt", "unknown key `prompt` under `cases[0]`; the keys allowed here are: folder");
        yield return Case("FolderMissing", Header + "cases:\n  - folder: nowhere\n",
            5, "cases[0].folder", "the case folder `nowhere` was not found");
        yield return Case("FolderIsTheSuitesOwn", Header + "cases:\n  - folder: .\n",
            5, "cases[0].folder", "the case folder `.` is the suite's own folder, whose suite file is no case; put the case files in a folder below it, e.g. folder: cases");
        yield return Case("FolderOutside", Header + "cases:\n  - folder: ../\n",
            5, "cases[0].folder", "the case folder `../` is outside the suite's folder");
        yield return Case("FolderIsAFile", Header + "cases:\n  - folder: tools/lookup.json\n",
            5, "cases[0].folder", "the case folder `tools/lookup.json` is a file; folder: names a folder holding one .yaml file per case");
        yield return Case("FolderEmpty", Header + "cases:\n  - folder: tools\n",
            5, "cases[0].folder", "the case folder `tools` holds no .yaml or .yml file; add one file per case, or remove the folder: item");
    }

    [TestCaseSource(nameof(BrokenKeys))]
    public void Load_BrokenKey_ReportsExactlyThatProblem(string yaml, int line, string field, string message)
    {
        using var dir = new SuiteDirectory();
        dir.Write("t.csv", "a\n1\n");
        dir.Write("cases/a.yaml", "prompt: hi\n");

        var problems = Problems(dir, yaml);

        Assert.That(problems, Has.Length.EqualTo(1), () => string.Join("\n", problems));
        Assert.That((problems[0].File, problems[0].Line, problems[0].Field), Is.EqualTo((dir.SuitePath, (int?)line, field)));
        Assert.That(problems[0].Message, Does.Contain(message));
    }

    [Test]
    public void Load_ProblemsInCaseFiles_NameTheCaseFileAndItsLine()
    {
        using var dir = new SuiteDirectory();
        dir.Write("cases/0001.yaml", "id: one\nmessages:\n  - { role: user, content: hi }\n  - { role: user, content: again }\n");
        dir.Write("cases/0002.yaml", "prompt: hi\nexpect: [ { regex: \"(\" } ]\nschema: schemas/missing.json\n");
        dir.Write("cases/0003.yaml", "prompt: hi\ntable: t.csv\n");
        dir.Write("cases/0004.yaml", "id: one\nprompt: [ hi ]\n");
        dir.Write("cases/0005.yaml", "id: \"0003\"\nprompt: dup\n");
        dir.Write("cases/0006.yaml", "- a list\n");
        dir.Write("cases/0007.yaml", "id:\nprompt: hi\n");

        var problems = Problems(dir, Header + "cases:\n  - folder: cases\n");

        string File(string name) => Path.Combine(dir.Root, "cases", name);
        Assert.That(problems.Select(p => (p.File, p.Line, p.Field, Start: p.Message[..Math.Min(40, p.Message.Length)])), Is.EquivalentTo(new[]
        {
            (File("0001.yaml"), (int?)4, (string?)"messages[1]", "two user turns in a row (turns 0 and 1);"),
            (File("0002.yaml"), 2, "expect[0].regex", "the regex `(` of case `0002` does not co"),
            (File("0002.yaml"), 3, "schema", "the schema `schemas/missing.json` was no"),
            (File("0003.yaml"), 2, "table", "a case file holds one case; a table: bel"),
            (File("0004.yaml"), 2, "prompt", "prompt must be text (a Scriban template)"),
            (File("0005.yaml"), 1, "id", "case id `0003` is used twice: here and a"),
            (File("0006.yaml"), 1, null, "the top level must be a mapping of keys "),
            (File("0007.yaml"), 1, "id", "`id` is required but has no value; give "),
        }), () => string.Join("\n", problems));
    }

    [Test]
    public void Load_CaseFileNotUtf8_NamesTheCaseFileAndLine()
    {
        using var dir = new SuiteDirectory();
        dir.Write("cases/a.yaml", "x");
        File.WriteAllBytes(Path.Combine(dir.Root, "cases", "a.yaml"), [.. "prompt: hi\nsystem: caf"u8, 0xE9, .. "\n"u8]);

        var problems = Problems(dir, Header + "cases:\n  - folder: cases\n");

        Assert.That(problems.Single().File, Is.EqualTo(Path.Combine(dir.Root, "cases", "a.yaml")));
        Assert.That(problems.Single().Line, Is.EqualTo(2));
        Assert.That(problems.Single().Message, Does.StartWith("the case file is not valid UTF-8: byte 0xE9"));
    }

    [Test]
    public void Load_CaseFileLinkOutsideTheSuitesFolder_IsRefused()
    {
        using var dir = new SuiteDirectory();
        using var outside = new SuiteDirectory();
        outside.Write("secret.yaml", "prompt: secret\n");
        Directory.CreateDirectory(Path.Combine(dir.Root, "cases"));
        File.CreateSymbolicLink(Path.Combine(dir.Root, "cases", "a.yaml"), Path.Combine(outside.Root, "secret.yaml"));

        var problems = Problems(dir, Header + "cases:\n  - folder: cases\n");

        Assert.That(problems.Single().Message, Does.StartWith("the case file `cases/a.yaml` is outside the suite's folder (a symbolic link leads to"));
        Assert.That((problems.Single().Line, problems.Single().Field), Is.EqualTo(((int?)5, "cases[0].folder")));
    }

    [Test]
    public void Load_CaseIdUsedInlineAndInACaseFile_IsAProblemNamingBoth()
    {
        using var dir = new SuiteDirectory();
        dir.Write("cases/one.yaml", "prompt: from the file\n");

        var problems = Problems(dir, Header + "cases:\n  - { id: one, prompt: inline }\n  - folder: cases\n");

        Assert.That(problems.Single().File, Is.EqualTo(Path.Combine(dir.Root, "cases", "one.yaml")));
        Assert.That(problems.Single().Message, Does.StartWith($"case id `one` is used twice: here and at {dir.SuitePath}:5 (cases[0].id)"));
    }
}
