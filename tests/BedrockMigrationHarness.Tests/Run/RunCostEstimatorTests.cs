using BedrockMigrationHarness.Execution;
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
}
