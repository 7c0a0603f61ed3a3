using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Suites;

public sealed class SuiteLoaderTests
{
    private const string GoodSuite = """
        name: good-suite
        baseline: anthropic.claude-3-5-sonnet-20241022-v2:0
        candidate: anthropic.claude-sonnet-4-5-20250929-v1:0
        region: eu-west-1
        samples: 3
        concurrency: 2
        timeout_seconds: 30.5
        stream: true
        noise_floor: true
        system: "You work for {{ company }}."
        inference: { max_tokens: 256, temperature: 0.2, top_p: 0.9, stop_sequences: ["</answer>"] }
        api: invoke
        invoke:
          body: bodies/anthropic.json.sbn
        vars: { company: Acme }
        cases:
          - id: greet
            prompt: "Hello from {{ company }} to {{ name }}"
            vars: { name: Ann }
            stream: false
            expect:
              - contains: Ann
              - regex: "^H"
          - table: rows.csv
            id: "row-{{ row_id }}"
            schema: schemas/s.json
            prompt: "{{ text }} | {{ schema }}"
            expect: [ { pointer: /category, equals: "{{ expected }}" } ]
          - table: ids.csv
            prompt: "{{ text }}"
          - table: plain.csv
            prompt: |
              {{ text }}
        gates:
          latency_p50_increase: { max_percent: 30, severity: warning }
          cost_increase: { max_percent: 15 }
          confidence: 0.9
        traffic: { requests_per_month: 5000 }
        retry: { max_attempts: 3, base_delay_ms: 20, max_delay_ms: 200 }
        """;

    private const string Schema = """{ "type": "object", "properties": { "category": { "type": "string" } } }""";

    private const string Body = """
        {"anthropic_version":"bedrock-2023-05-31","max_tokens":{{ max_tokens }},"temperature":{{ temperature }},"top_p":{{ top_p }},
         "system":{{ system | object.to_json }},"stop_sequences":{{ stop_sequences }},
         "messages":[{"role":"user","content":[{"type":"text","text":{{ prompt | object.to_json }}}]}]}
        """;

    private static SuiteDirectory WriteGoodSuite()
    {
        var dir = new SuiteDirectory();
        dir.WriteSuite(GoodSuite);
        dir.Write("schemas/s.json", Schema);
        dir.Write("bodies/anthropic.json.sbn", Body);
        dir.Write("rows.csv", "row_id,text,expected\n1,\"a, b\",billing\n2,c,shipping\n");
        dir.Write("ids.csv", "id,text\ncustom-id,x\n");
        dir.Write("plain.csv", "text\ny\nz\n");
        return dir;
    }

    [Test]
    public void Load_GoodSuite_BindsEverySetting()
    {
        using var dir = WriteGoodSuite();

        var suite = SuiteLoader.Load(dir.SuitePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Name, Is.EqualTo("good-suite"));
            Assert.That(suite.BaselineModelId, Is.EqualTo("anthropic.claude-3-5-sonnet-20241022-v2:0"));
            Assert.That(suite.CandidateModelId, Is.EqualTo("anthropic.claude-sonnet-4-5-20250929-v1:0"));
            Assert.That(suite.Region, Is.EqualTo("eu-west-1"));
            Assert.That(suite.Samples, Is.EqualTo(3));
            Assert.That(suite.Concurrency, Is.EqualTo(2));
            Assert.That(suite.TimeoutSeconds, Is.EqualTo(30.5));
            Assert.That(suite.Stream, Is.True);
            Assert.That(suite.NoiseFloor, Is.True);
            Assert.That(suite.SystemPrompt, Is.EqualTo("You work for Acme."));
            Assert.That(suite.Inference.MaxTokens, Is.EqualTo(256));
            Assert.That(suite.Inference.Temperature, Is.EqualTo(0.2));
            Assert.That(suite.Inference.TopP, Is.EqualTo(0.9));
            Assert.That(suite.Inference.StopSequences, Is.EqualTo(new[] { "</answer>" }));
            Assert.That(suite.Invoke, Is.EqualTo(new InvokeSettings(Body, "/content/0/text")));
            Assert.That(suite.Traffic, Is.EqualTo(new TrafficSettings(5000)));
            Assert.That(suite.Retry, Is.EqualTo(new RetrySettings(3, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200))));
        }
    }

    [Test]
    public void Load_GoodSuite_ExpandsInlineAndTableCases()
    {
        using var dir = WriteGoodSuite();

        var cases = SuiteLoader.Load(dir.SuitePath).Cases;

        Assert.That(cases.Select(c => c.Id), Is.EqualTo(new[] { "greet", "row-1", "row-2", "custom-id", "plain-1", "plain-2" }));
        var greet = cases[0];
        var row1 = cases[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(greet.Prompt, Is.EqualTo("Hello from Acme to Ann"));
            Assert.That(greet.Stream, Is.False);
            Assert.That(greet.SchemaPath, Is.Null);
            Assert.That(greet.SchemaJson, Is.Null);
            Assert.That(greet.Expectations, Is.EqualTo(new[]
            {
                new Expectation(ExpectationKind.Contains, "Ann", null),
                new Expectation(ExpectationKind.Matches, "^H", null),
            }));
            Assert.That(row1.Prompt, Is.EqualTo("a, b | " + Schema));
            Assert.That(row1.SchemaPath, Is.EqualTo("schemas/s.json"));
            Assert.That(row1.SchemaJson, Is.EqualTo(Schema));
            Assert.That(row1.Stream, Is.Null);
            Assert.That(row1.Expectations, Is.EqualTo(new[] { new Expectation(ExpectationKind.EqualTo, "billing", "/category") }));
            Assert.That(cases[2].Expectations.Single().Value, Is.EqualTo("shipping"));
            Assert.That(cases[3].Prompt, Is.EqualTo("x"));
            Assert.That(cases[4].Prompt, Is.EqualTo("y\n"));
        }
    }

    [Test]
    public void Load_GoodSuite_MergesGatesWithDefaults()
    {
        using var dir = WriteGoodSuite();

        var gates = SuiteLoader.Load(dir.SuitePath).Gates;

        Assert.That(gates.ConfidenceLevel, Is.EqualTo(0.9));
        Assert.That(gates.Gates, Is.EqualTo(new[]
        {
            new GateSpec(GateKind.ComplianceFloor, 0.98, GateSeverity.Blocking),
            new GateSpec(GateKind.ComplianceDrop, 0.01, GateSeverity.Blocking),
            new GateSpec(GateKind.CorrectnessDrop, 0.05, GateSeverity.Blocking),
            new GateSpec(GateKind.LatencyP50Increase, 0.30, GateSeverity.Warning),
            new GateSpec(GateKind.LatencyP99Increase, 0.20, GateSeverity.Warning),
            new GateSpec(GateKind.OutputTokensIncrease, 0.25, GateSeverity.Warning),
            new GateSpec(GateKind.ErrorRate, 0.05, GateSeverity.Blocking),
            new GateSpec(GateKind.CostIncrease, 0.15, GateSeverity.Warning),
            new GateSpec(GateKind.CandidateLifecycle, 0, GateSeverity.Warning),
        }));
    }

    [Test]
    public void Load_InvokeSuite_RendersBodyPerCase()
    {
        using var dir = WriteGoodSuite();

        var cases = SuiteLoader.Load(dir.SuitePath).Cases;

        using var body = JsonDocument.Parse(cases[0].InvokeBody!);
        var root = body.RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("max_tokens").GetInt32(), Is.EqualTo(256));
            Assert.That(root.GetProperty("temperature").GetDouble(), Is.EqualTo(0.2));
            Assert.That(root.GetProperty("system").GetString(), Is.EqualTo("You work for Acme."));
            Assert.That(root.GetProperty("stop_sequences")[0].GetString(), Is.EqualTo("</answer>"));
            Assert.That(root.GetProperty("messages")[0].GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("Hello from Acme to Ann"));
            Assert.That(cases.Select(c => c.InvokeBody), Is.All.Not.Null);
        }
    }

    [Test]
    public void Load_InvokeSuiteWithoutOptionalSettings_RendersThemAsJsonNull()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: invoke
            baseline: amazon.nova-lite-v1:0
            candidate: amazon.nova-pro-v1:0
            api: invoke
            invoke:
              text_pointer: /output/message/content/0/text
              body_template: '{"temperature": {{ temperature | object.to_json }}, "system": {{ system | object.to_json }}, "stop": {{ stop_sequences }}, "text": {{ prompt | object.to_json }}}'
            cases:
              - id: quote
                prompt: 'Say "hi"'
            """);

        var suite = SuiteLoader.Load(dir.SuitePath);

        using var body = JsonDocument.Parse(suite.Cases.Single().InvokeBody!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Invoke!.TextPointer, Is.EqualTo("/output/message/content/0/text"));
            Assert.That(body.RootElement.GetProperty("temperature").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.RootElement.GetProperty("system").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(body.RootElement.GetProperty("stop").GetArrayLength(), Is.Zero);
            Assert.That(body.RootElement.GetProperty("text").GetString(), Is.EqualTo("Say \"hi\""));
        }
    }

    [Test]
    public void Load_SchemaWithLocalReferences_Loads()
    {
        using var dir = new SuiteDirectory();
        const string Schema = """
            { "type": "object", "definitions": { "money": { "type": "number", "minimum": 0 } },
              "properties": { "amount": { "$ref": "#/definitions/money" } }, "required": ["amount"] }
            """;
        dir.Write("money.json", Schema);
        dir.WriteSuite("name: refs\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\ncases:\n  - { id: one, prompt: hi, schema: money.json }\n");

        Assert.That(SuiteLoader.Load(dir.SuitePath).Cases.Single().SchemaJson, Is.EqualTo(Schema));
    }

    /// <summary>
    /// What a schema may hold without a problem: annotations, <c>x-</c> keywords, properties named like keywords, draft
    /// 2020-12 keywords by default, draft-07's tuple <c>items</c> when it declares draft-07, and <c>definitions</c> in 2020-12.
    /// </summary>
    [TestCase("""{ "title": "t", "description": "d", "examples": [{}], "default": {}, "$comment": "c", "deprecated": false, "x-owner": "team", "type": "object", "properties": { "requried": { "type": "string", "readOnly": true, "writeOnly": false }, "const": { "const": 1 } } }""")]
    [TestCase("""{ "type": "array", "prefixItems": [{ "type": "string" }], "items": false, "unevaluatedItems": false, "$defs": { "a": { "type": "string" } } }""")]
    [TestCase("""{ "$schema": "http://json-schema.org/draft-07/schema#", "type": "array", "items": [{ "type": "string" }], "additionalItems": false }""")]
    [TestCase("""{ "$schema": "https://json-schema.org/draft/2020-12/schema#", "definitions": { "m": { "minimum": 0 } }, "properties": { "a": { "$ref": "#/definitions/m" } } }""")]
    [TestCase("""{ "$schema": "https://json-schema.org/draft/2019-09/schema", "dependentRequired": { "a": ["b"] }, "if": { "required": ["a"] }, "then": { "minProperties": 2 } }""")]
    [TestCase("""{ "$schema": "http://json-schema.org/draft-06/schema", "type": "object", "propertyNames": { "maxLength": 3 } }""")]
    public void Load_SchemaOfASupportedDraft_Loads(string schema)
    {
        using var dir = new SuiteDirectory();
        dir.Write("s.json", schema);
        dir.WriteSuite("name: drafts\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\ncases:\n  - { id: one, prompt: hi, schema: s.json }\n");

        Assert.That(SuiteLoader.Load(dir.SuitePath).Cases.Single().SchemaJson, Is.EqualTo(schema));
    }

    [Test]
    public void Load_NestingAtTheLimitAndAliases_Loads()
    {
        using var dir = new SuiteDirectory();
        // The top mapping and vars: are two levels; 62 lists make 64, the limit.
        var nested = new string('[', BoundedYamlParser.MaxDepth - 2) + "1" + new string(']', BoundedYamlParser.MaxDepth - 2);
        dir.WriteSuite($"name: deep\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\nvars:\n  deep: {nested}\n  greeting: &hi Hello\n"
            + "cases:\n  - { id: one, prompt: \"{{ greeting }}\" }\n  - { id: two, prompt: *hi }\n");

        var suite = SuiteLoader.Load(dir.SuitePath);

        Assert.That(suite.Cases.Select(c => c.Prompt), Is.EqualTo(new[] { "Hello", "Hello" }));
    }

    [Test]
    public void Load_MinimalSuite_AppliesDefaults()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: minimal
            baseline: a.model-v1:0
            candidate: b.model-v1:0
            cases:
              - id: one
                prompt: Say hi
            """);

        var suite = SuiteLoader.Load(dir.SuitePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Region, Is.EqualTo("us-east-1"));
            Assert.That(suite.Samples, Is.EqualTo(5));
            Assert.That(suite.Concurrency, Is.EqualTo(4));
            Assert.That(suite.TimeoutSeconds, Is.EqualTo(60));
            Assert.That(suite.Stream, Is.False);
            Assert.That(suite.NoiseFloor, Is.False);
            Assert.That(suite.SystemPrompt, Is.Null);
            Assert.That(suite.Inference, Is.EqualTo(new InferenceSettings(512, null, null, [])).Using<InferenceSettings>(SameInference));
            Assert.That(suite.Invoke, Is.Null);
            Assert.That(suite.Gates, Is.SameAs(GateSettings.Default));
            Assert.That(suite.Traffic, Is.EqualTo(new TrafficSettings(1_000_000)));
            Assert.That(suite.Retry, Is.SameAs(RetrySettings.Default));
            Assert.That(suite.Cases.Single(), Is.EqualTo(new PromptCase("one", [Turn.UserText("Say hi")], null, null, [], null)).Using<PromptCase>(SameCase));
        }
    }

    [Test]
    [SetCulture("de-DE")]
    public void Load_UnderGermanCulture_ParsesAndRendersNumbersInvariant()
    {
        Assert.That(CultureInfo.CurrentCulture.Name, Is.EqualTo("de-DE"));
        using var dir = WriteGoodSuite();

        var suite = SuiteLoader.Load(dir.SuitePath);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Inference.TopP, Is.EqualTo(0.9));
            Assert.That(suite.TimeoutSeconds, Is.EqualTo(30.5));
            Assert.That(suite.Cases[0].InvokeBody, Does.Contain("\"temperature\":0.2,\"top_p\":0.9,"));
        }
    }

    [Test]
    public void Load_ExampleSuite_LoadsTwentyCases()
    {
        var suite = SuiteLoader.Load(ExampleSuitePath());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Name, Is.EqualTo("support-tickets"));
            Assert.That(suite.Cases, Has.Length.EqualTo(20));
            Assert.That(suite.Cases.Count(c => c.Id.StartsWith("ticket-", StringComparison.Ordinal)), Is.EqualTo(12));
            Assert.That(suite.Cases, Has.All.Matches<PromptCase>(c => c.SchemaJson is not null && c.Prompt.Contains(c.SchemaJson, StringComparison.Ordinal)));
            Assert.That(suite.Inference.Temperature, Is.Zero);
            Assert.That(suite.Samples, Is.EqualTo(5));
            Assert.That(suite.Concurrency, Is.EqualTo(16));
            Assert.That(suite.Traffic.RequestsPerMonth, Is.EqualTo(2_000_000));
            Assert.That(suite.Gates.Gates, Is.EqualTo(GateSettings.Default.Gates));
        }
    }

    [Test]
    public void Load_ExampleSuite_EachTicketNamesExactlyItsExpectedCategoryAndPriority()
    {
        // The emulator answers enum fields with the values it finds in the prompt text, so each ticket must name its own.
        string[] categories = ["billing", "technical", "account", "shipping", "other"];
        string[] priorities = ["low", "medium", "high", "urgent"];
        var tickets = SuiteLoader.Load(ExampleSuitePath()).Cases.Where(c => c.Id.StartsWith("ticket-", StringComparison.Ordinal));

        foreach (var ticket in tickets)
        {
            var text = ticket.Prompt.Replace(ticket.SchemaJson!, string.Empty, StringComparison.Ordinal).ToLowerInvariant();
            var expected = ticket.Expectations.ToDictionary(e => e.JsonPointer!, e => e.Value);
            Assert.That(categories.Where(w => text.Contains(w, StringComparison.Ordinal)), Is.EqualTo(new[] { expected["/category"] }), ticket.Id);
            Assert.That(priorities.Where(w => text.Contains(w, StringComparison.Ordinal)), Is.EqualTo(new[] { expected["/priority"] }), ticket.Id);
        }
    }

    private static bool SameInference(InferenceSettings a, InferenceSettings b) =>
        a.MaxTokens == b.MaxTokens && a.Temperature == b.Temperature && a.TopP == b.TopP && a.StopSequences.SequenceEqual(b.StopSequences);

    private static bool SameCase(PromptCase a, PromptCase b) =>
        a with { Expectations = [], Messages = [] } == b with { Expectations = [], Messages = [] }
        && a.Expectations.SequenceEqual(b.Expectations) && a.Messages.SequenceEqual(b.Messages);

    private static string ExampleSuitePath()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "prompts", "examples", "support-tickets", "suite.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("prompts/examples/support-tickets/suite.yaml not found above the test directory");
    }
}
