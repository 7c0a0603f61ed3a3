using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Execution;

/// <summary>RunPlan.RequestFor: the whole request of a case on an arm, arm over case over suite.</summary>
[TestFixture]
public sealed class RunPlanRequestTests
{
    private const string Suite = """
        name: t
        baseline: a.model-v1:0
        candidate:
          model: b.model-v1:0
          system: { text: "Candidate system.", cache_point: true }
          inference: { top_p: null }
          additional_fields: { thinking: { budget_tokens: 2048 }, top_k: null }
          structured_output: true
          prompt_suffix: "\nAnswer in JSON."
        noise_floor: true
        system: Suite system.
        inference: { max_tokens: 200, temperature: 0.5, top_p: 0.9 }
        additional_fields: { top_k: 40, thinking: { type: enabled, budget_tokens: 1024 } }
        tools: [ { name: lookup_order, input_schema: tools/lookup.json } ]
        cases:
          - id: json
            prompt: Status of A-1?
            schema: schemas/answer.json
          - id: own-system
            system: Case system.
            additional_fields: { thinking: { type: disabled } }
            messages:
              - { role: user, content: Hi }
              - { role: assistant, content: Hello }
              - role: user
                content:
                  - text: Where is A-1?
                  - cache_point: true
        """;

    private static SuiteDefinition Load(SuiteDirectory dir)
    {
        dir.Write("tools/lookup.json", """{ "type": "object" }""");
        dir.Write("schemas/answer.json", """{ "type": "object" }""");
        dir.WriteSuite(Suite);
        return SuiteLoader.Load(dir.SuitePath);
    }

    [Test]
    public void RequestFor_Baseline_TakesTheCaseOverTheSuite()
    {
        using var dir = new SuiteDirectory();
        var suite = Load(dir);

        var json = RunPlan.RequestFor(suite, suite.Cases[0], Arm.Baseline);
        var own = RunPlan.RequestFor(suite, suite.Cases[1], Arm.Baseline);

        Assert.That((json.ModelId, json.SystemPrompt, json.CacheSystemPrompt), Is.EqualTo(("a.model-v1:0", "Suite system.", false)));
        Assert.That(json.Inference.TopP, Is.EqualTo(0.9));
        Assert.That(json.StructuredOutput, Is.Null);
        Assert.That(json.AdditionalFieldsJson, Is.EqualTo("""{"top_k":40,"thinking":{"type":"enabled","budget_tokens":1024}}"""));
        Assert.That(json.Tools!.Tools.Single().Name, Is.EqualTo("lookup_order"));
        Assert.That(own.SystemPrompt, Is.EqualTo("Case system."));
        Assert.That(own.AdditionalFieldsJson, Is.EqualTo("""{"top_k":40,"thinking":{"type":"disabled","budget_tokens":1024}}"""));
        Assert.That(own.Messages, Is.EqualTo(suite.Cases[1].Messages));
    }

    [Test]
    public void RequestFor_Candidate_AppliesEveryOverrideOverCaseAndSuite()
    {
        using var dir = new SuiteDirectory();
        var suite = Load(dir);

        var json = RunPlan.RequestFor(suite, suite.Cases[0], Arm.Candidate);
        var own = RunPlan.RequestFor(suite, suite.Cases[1], Arm.Candidate);

        Assert.That((json.ModelId, json.SystemPrompt, json.CacheSystemPrompt), Is.EqualTo(("b.model-v1:0", "Candidate system.", true)));
        Assert.That(own.SystemPrompt, Is.EqualTo("Candidate system."));
        Assert.That(json.Inference, Is.EqualTo(new InferenceSettings(200, 0.5, null, suite.Inference.StopSequences)));
        Assert.That(json.StructuredOutput, Is.EqualTo(new StructuredOutputRequest("""{ "type": "object" }""", "answer")));
        Assert.That(own.StructuredOutput, Is.Null, "a case without a schema is sent without structured output");
        Assert.That(json.AdditionalFieldsJson, Is.EqualTo("""{"thinking":{"type":"enabled","budget_tokens":2048}}"""));
        Assert.That(own.AdditionalFieldsJson, Is.EqualTo("""{"thinking":{"type":"disabled","budget_tokens":2048}}"""));
        Assert.That(json.Messages.Single().Parts.Single(), Is.EqualTo(new TextPart("Status of A-1?\nAnswer in JSON.")));
        Assert.That(own.Messages[2].Parts, Is.EqualTo(new ContentPart[] { new TextPart("Where is A-1?\nAnswer in JSON."), new CachePointPart() }));
        Assert.That(own.Messages[0], Is.EqualTo(suite.Cases[1].Messages[0]), "only the last user turn gets the suffix");
    }

    [Test]
    public void RequestFor_CaseInference_LiesBetweenTheSuitesAndTheArms()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: t
            baseline: a.model-v1:0
            candidate: { model: b.model-v1:0, inference: { top_p: null, stop_sequences: ["</b>"] } }
            inference: { max_tokens: 200, temperature: 0.5, top_p: 0.9 }
            cases:
              - { id: one, prompt: hi, inference: { max_tokens: 900, temperature: null, top_p: 0.2, stop_sequences: ["</a>"] } }
            """);
        var suite = SuiteLoader.Load(dir.SuitePath);

        var baseline = RunPlan.RequestFor(suite, suite.Cases[0], Arm.Baseline);
        var candidate = RunPlan.RequestFor(suite, suite.Cases[0], Arm.Candidate);

        Assert.That((baseline.Inference.MaxTokens, baseline.Inference.Temperature, baseline.Inference.TopP, baseline.Inference.StopSequences.Single()),
            Is.EqualTo((900, (double?)null, (double?)0.2, "</a>")));
        Assert.That((candidate.Inference.MaxTokens, candidate.Inference.Temperature, candidate.Inference.TopP, candidate.Inference.StopSequences.Single()),
            Is.EqualTo((900, (double?)null, (double?)null, "</b>")));
        Assert.That(RequestComparer.Differences(baseline, candidate).Select(d => d.Field), Is.EqualTo(new[] { "top_p", "stop_sequences" }));
    }

    [Test]
    public void Create_NoiseFloorArm_IsSentExactlyAsTheBaseline()
    {
        using var dir = new SuiteDirectory();
        var suite = Load(dir);

        var plan = RunPlan.Create(suite);

        foreach (var @case in suite.Cases)
        {
            var baseline = plan.Attempts.First(a => a.Key.CaseId == @case.Id && a.Key.Arm == Arm.Baseline).Request;
            var repeat = plan.Attempts.First(a => a.Key.CaseId == @case.Id && a.Key.Arm == Arm.BaselineRepeat).Request;
            Assert.That(repeat, Is.SameAs(baseline).Or.EqualTo(baseline));
        }
    }

    [Test]
    public void RequestFor_EveryArm_TagsTheSuiteAndTheCaseForTheInvocationLogs()
    {
        using var dir = new SuiteDirectory();
        var suite = Load(dir) with { Name = " Order  assistant\t(EU) – v2" };

        var baseline = RunPlan.RequestFor(suite, suite.Cases[1], Arm.Baseline);
        var candidate = RunPlan.RequestFor(suite, suite.Cases[1], Arm.Candidate);

        Assert.That(baseline.Tags, Is.EqualTo(new RequestTags("Order assistant -EU- - v2", "own-system")));
        Assert.That(candidate.Tags, Is.EqualTo(baseline.Tags), "both arms carry the same tags");
    }
}
