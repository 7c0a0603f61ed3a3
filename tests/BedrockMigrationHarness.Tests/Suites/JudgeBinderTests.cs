using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>The suite's and the cases' <c>judge:</c> as loaded (their problems are rows of <see cref="SuiteLoaderProblemTests"/>).</summary>
public sealed class JudgeBinderTests
{
    private const string Arms = """
        name: judged
        baseline: anthropic.claude-3-5-sonnet-20241022-v2:0
        candidate: us.anthropic.claude-sonnet-4-5-20250929-v1:0

        """;

    private static SuiteDefinition Load(string yaml, params (string Path, string Content)[] files)
    {
        using var dir = new SuiteDirectory();
        foreach (var (path, content) in files)
        {
            dir.Write(path, content);
        }

        dir.WriteSuite(Arms + yaml);
        return SuiteLoader.Load(dir.SuitePath);
    }

    [Test]
    public void Load_JudgeWithEveryKey_BindsItsSettings()
    {
        var suite = Load("""
            judge:
              model: mistral.mistral-large-2407-v1:0
              mode: reference
              rubric: "The answer that resolves the ticket wins. {{ not a template }}"
              cases: [ticket-*, faq-03]
              inference: { max_tokens: 300, top_p: 0.5 }
            cases:
              - { id: ticket-1, prompt: a, reference: "A." }
              - { id: faq-03, prompt: b, reference: "B." }
              - { id: other, prompt: c, reference: "C." }
            """);

        Assert.That(suite.Judge, Is.EqualTo(new JudgeSettings("mistral.mistral-large-2407-v1:0", JudgeMode.Reference,
            "The answer that resolves the ticket wins. {{ not a template }}", ["ticket-*", "faq-03"], new InferenceSettings(300, 0, 0.5, []))));
        Assert.That(suite.Cases.Select(suite.Judge!.Applies), Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public void Load_JudgeWithOnlyItsModel_TakesTheDefaultsAndTheQualityGate()
    {
        var suite = Load("""
            judge: { model: mistral.mistral-large-2407-v1:0 }
            cases: [ { id: one, prompt: a } ]
            """);

        Assert.Multiple(() =>
        {
            Assert.That(suite.Judge, Is.EqualTo(new JudgeSettings("mistral.mistral-large-2407-v1:0", JudgeMode.Pairwise,
                JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference)));
            Assert.That(suite.Gates.Gates, Is.EqualTo(GateSettings.Default.Gates.Add(GateSettings.QualityLossDefault)));
            Assert.That(suite.Cases.Single().Judge, Is.Null);
        });
    }

    [Test]
    public void Load_NoJudge_HasNoJudgeAndNoQualityGate()
    {
        var suite = Load("cases: [ { id: one, prompt: a } ]\n");

        Assert.That(suite.Judge, Is.Null);
        Assert.That(suite.Gates, Is.EqualTo(GateSettings.Default));
    }

    [Test]
    public void Load_CaseJudgeInlineInATableAndInACaseFileAndRubricFiles_BindsEach()
    {
        var suite = Load("""
            judge: { model: mistral.mistral-large-2407-v1:0, rubric_file: rubrics/suite.md }
            cases:
              - id: skipped
                prompt: a
                judge: false
              - table: rows.csv
                prompt: "{{ text }}"
                judge: { rubric: "Table rubric." }
              - folder: cases
              - id: plain
                prompt: b
            """,
            ("rows.csv", "id,text\nrow-1,x\nrow-2,y\n"),
            ("cases/from-file.yaml", "prompt: c\njudge:\n  rubric_file: rubrics/case.md\n"),
            ("rubrics/suite.md", "Suite rubric."),
            ("rubrics/case.md", "File rubric.\n"));

        var judge = suite.Judge!;
        Assert.That(suite.Cases.Select(c => (c.Id, judge.Applies(c), judge.RubricFor(c))), Is.EqualTo(new[]
        {
            ("skipped", false, "Suite rubric."),
            ("row-1", true, "Table rubric."),
            ("row-2", true, "Table rubric."),
            ("from-file", true, "File rubric.\n"),
            ("plain", true, "Suite rubric."),
        }));
        Assert.That(suite.Cases[0].Judge, Is.EqualTo(new CaseJudge(true, null)));
    }
}
