using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Run;

[TestFixture]
public sealed class RunCostEstimatorTests
{
    private static ModelRequest Request(params Turn[] turns) =>
        new("m", null, [.. turns], new InferenceSettings(10, null, null, []), false, TimeSpan.FromSeconds(1));

    [TestCase(75, 10, 1)]
    [TestCase(750, 2, 2)]
    [TestCase(4000, 3000, RunCostEstimator.MaxImageTokens)]
    public void ImageTokens_Png_IsWidthTimesHeightOver750Capped(int width, int height, long expected) =>
        Assert.That(RunCostEstimator.ImageTokens(TinyPng.Of(width, height)), Is.EqualTo(expected));

    [Test]
    public void ImageTokens_SizeNotInTheHeader_IsTheCap() =>
        Assert.That(RunCostEstimator.ImageTokens([0xFF, 0xD8, 0xFF, 0xE0]), Is.EqualTo(RunCostEstimator.MaxImageTokens));

    [Test]
    public void InputTokens_CountsTextToolCallsResultsImagesDocumentsAndToolSchemas()
    {
        var png = TinyPng.Of(75, 20); // 1,500 pixels: 2 tokens
        var request = Request(
            new Turn(TurnRole.User, [new TextPart("12345678"), new ImagePart("png", "p.png", "h", png), new DocumentPart("txt", "d", "d.txt", "h", new byte[40])]),
            new Turn(TurnRole.Assistant, [new ToolUsePart("c1", "look", "{}")]), // 6 characters
            new Turn(TurnRole.User, [new ToolResultPart("c1", "ok", false, false)])) with // 2 characters
        {
            SystemPrompt = "abcd", // 4 characters
            Tools = new ToolConfiguration([new ToolDefinition("look", "desc", "{\"type\":\"object\"}", false)], null, false), // 4 + 4 + 17
        };

        // ⌈(8 + 6 + 2 + 4 + 25) / 4⌉ = 12 for the text, 2 for the image, 40 / 4 = 10 for the document.
        Assert.That(RunCostEstimator.InputTokens(request), Is.EqualTo(12 + 2 + 10));
    }

    [Test]
    public void Estimate_CaseMaxTokens_BoundsThatCasesOutputUnlessTheArmSetsIt()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("""
            name: t
            baseline: a.model-v1:0
            candidate: { model: b.model-v1:0, inference: { max_tokens: 50 } }
            samples: 3
            inference: { max_tokens: 100 }
            cases:
              - { id: long, prompt: hi, inference: { max_tokens: 1000 } }
              - { id: short, prompt: hi }
            """);
        var suite = SuiteLoader.Load(dir.SuitePath);

        var estimate = RunCostEstimator.Estimate(suite, null, null);

        Assert.That(estimate.Arms.Select(a => (a.Arm, a.MaxOutputTokens)),
            Is.EqualTo(new[] { (Arm.Baseline, 3L * (1000 + 100)), (Arm.Candidate, 3L * (50 + 50)) }));
    }

    private const string JudgeModel = "judge.model-v1:0";

    private static readonly ModelPrice OneAndTwo = new(1, 2, null, null, new DateOnly(2026, 12, 1), "test", true, 2);

    private static SuiteDefinition JudgedSuite(params string[] only) => Support.SuiteFactory.Create(cases: 3, samples: 2) with
    {
        Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [.. only], JudgeSettings.DefaultInference with { MaxTokens = 300 }),
    };

    [Test]
    public void Estimate_SuiteWithAJudge_CountsBothOrdersOfEveryPairWithBothAnswersAtTheirLongest()
    {
        var suite = JudgedSuite();
        var prices = new PriceTable("p.yaml", new Dictionary<string, ModelPrice> { [JudgeModel] = OneAndTwo }.ToImmutableSortedDictionary());

        var judge = RunCostEstimator.Estimate(suite, null, prices).Judge!;

        var empty = new JudgedAnswer(string.Empty, []);
        // Per call: the judge's prompt with empty answers, plus both arms' max_tokens (256 each) as the answers.
        var perCase = suite.Cases.Select(c => RunCostEstimator.InputTokens(JudgePrompt.Build(suite, suite.Judge!, c, empty, empty)) + 256 + 256).ToArray();
        Assert.That(perCase, Has.All.GreaterThan(256 + 256 + 100), "the prompt holds the instructions, the rubric and the conversation");
        Assert.That((judge.ModelId, judge.Pairs, judge.Calls), Is.EqualTo((JudgeModel, 6L, 12L)));
        Assert.That(judge.InputTokens, Is.EqualTo(2 * 2 * perCase.Sum()));
        Assert.That(judge.MaxOutputTokens, Is.EqualTo(12 * 300));
        Assert.That(judge.Usd, Is.EqualTo(((judge.InputTokens * 1.0) + (judge.MaxOutputTokens * 2.0)) / 1_000_000).Within(1e-12));
    }

    [Test]
    public void Estimate_JudgeOnSomeCases_CountsOnlyThoseAndAddsItsCostToTheTotal()
    {
        var prices = new PriceTable("p.yaml", new Dictionary<string, ModelPrice>
        {
            ["baseline.model-v1:0"] = OneAndTwo, ["candidate.model-v2:0"] = OneAndTwo, [JudgeModel] = OneAndTwo,
        }.ToImmutableSortedDictionary());

        var estimate = RunCostEstimator.Estimate(JudgedSuite("case-2"), null, prices);

        Assert.That((estimate.Judge!.Pairs, estimate.Calls), Is.EqualTo((2L, 12L + 4L)));
        Assert.That(estimate.TotalUsd, Is.EqualTo(estimate.Arms.Sum(a => a.Usd!.Value) + estimate.Judge.Usd!.Value).Within(1e-12));
    }

    [Test]
    public void Estimate_JudgeModelWithoutAPrice_HasNoTotalAndNamesIt()
    {
        var prices = new PriceTable("p.yaml", new Dictionary<string, ModelPrice>
        {
            ["baseline.model-v1:0"] = OneAndTwo, ["candidate.model-v2:0"] = OneAndTwo,
        }.ToImmutableSortedDictionary());

        var estimate = RunCostEstimator.Estimate(JudgedSuite(), null, prices);

        Assert.That(estimate.Judge!.Usd, Is.Null);
        Assert.That(estimate.TotalUsd, Is.Null);
        Assert.That(estimate.UnpricedModels, Is.EqualTo(new[] { JudgeModel }));
    }

    [Test]
    public void Estimate_ReferenceMode_CountsTheCasesWithAReferenceAndOnlyTheCandidatesAnswer()
    {
        var plain = JudgedSuite();
        var suite = plain with
        {
            Judge = plain.Judge! with { Mode = JudgeMode.Reference },
            Cases = plain.Cases.SetItem(1, plain.Cases[1] with { Reference = new CaseReference(new string('r', 400), [], null) }),
        };

        var judge = RunCostEstimator.Estimate(suite, null, null).Judge!;

        var prompt = RunCostEstimator.InputTokens(JudgePrompt.Build(suite, suite.Judge!, suite.Cases[1],
            new JudgedAnswer(new string('r', 400), []), new JudgedAnswer(string.Empty, [])));
        Assert.That(prompt, Is.GreaterThan(100), "the reference's 400 characters are in the prompt");
        Assert.That((judge.Pairs, judge.Calls), Is.EqualTo((2L, 4L)), "case-2 alone has a reference: 2 samples");
        Assert.That(judge.InputTokens, Is.EqualTo(4 * (prompt + 256)), "the candidate's answer at its max_tokens, no baseline answer");
    }

    [Test]
    public void Estimate_NoJudge_HasNoJudgeRow() =>
        Assert.That(RunCostEstimator.Estimate(Support.SuiteFactory.Create(), null, null).Judge, Is.Null);
}
