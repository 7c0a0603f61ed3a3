using System.Collections.Immutable;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli.Output;

/// <summary>What <c>bmh run --dry-run</c> prints: the plan's rows, the judge's apart, and the total.</summary>
[TestFixture]
public sealed class CostEstimateTextTests
{
    private static readonly PriceTable Prices = new("prompts/pricing.yaml", ImmutableSortedDictionary<string, ModelPrice>.Empty);

    private static RunCostEstimate Estimate(double? judgeUsd) => new(
        [new ArmCostEstimate(Arm.Baseline, "a.model-v1:0", 10, 1_000, 2_560, 0.5), new ArmCostEstimate(Arm.Candidate, "b.model-v1:0", 10, 1_000, 2_560, 0.25)],
        new JudgeCostEstimate("j.model-v1:0", 10, 20, 30_000, 10_240, judgeUsd),
        judgeUsd is { } usd ? 0.75 + usd : null);

    private static string Written(RunCostEstimate estimate)
    {
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        CostEstimateText.Write(console, estimate, Prices);
        return output.ToString();
    }

    [Test]
    public void Write_PlanWithAJudge_PrintsTheJudgeRowAndItsShareOfTheTotal()
    {
        var text = Written(Estimate(0.125));

        Assert.That(text, Does.Match(@"judge \(10 pairs × 2 orders\)\s*│\s*j\.model-v1:0\s*│\s*20\s*│\s*30000\s*│\s*10240\s*│\s*\$0\.125"));
        Assert.That(text, Does.Contain("Estimated cost: at most $0.875 for 40 calls, of which the judge $0.125 (prices from prompts/pricing.yaml; retries not counted)."));
    }

    [Test]
    public void Write_JudgeModelWithoutAPrice_SaysSoInItsRowAndTheTotal()
    {
        var text = Written(Estimate(null));

        Assert.That(text, Does.Match(@"j\.model-v1:0\s*│.*│\s*no price"));
        Assert.That(text, Does.Contain("No estimate: prompts/pricing.yaml has no price for j.model-v1:0."));
    }

    [Test]
    public void AtTheCaps_NoCostCap_GivesTheCallsAndCostAtMaxSamples()
    {
        var text = CostEstimateText.AtTheCaps(new AdaptiveSettings(100, null, 0.9, SpendingFunction.Pocock), 5, Estimate(0.125) with { TotalUsd = 17.5 }, Prices);

        Assert.That(text, Is.EqualTo("Until decided: the table is round 1 (5 samples per case); rounds follow while a blocking gate is undecided, " +
            "up to the max_samples cap of 100 per case: at most 40 calls, at most $17.50."));
    }

    [Test]
    public void AtTheCaps_CostCapBelowTheWorstCase_SaysTheCapBoundsTheSpend()
    {
        var text = CostEstimateText.AtTheCaps(new AdaptiveSettings(100, 5, 0.9, SpendingFunction.Pocock), 5, Estimate(0.125) with { TotalUsd = 17.5 }, Prices);

        Assert.That(text, Does.EndWith("at most 40 calls, at most $17.50; the max_cost cap of $5.00 is lower, so the run spends at most about $5.00."));
    }

    [Test]
    public void AtTheCaps_ModelWithoutAPrice_GivesTheCallsAndSaysWhyThereIsNoCost()
    {
        var text = CostEstimateText.AtTheCaps(new AdaptiveSettings(100, null, 0.9, SpendingFunction.Pocock), 5, Estimate(null), Prices);

        Assert.That(text, Does.EndWith("at most 40 calls. No estimate: prompts/pricing.yaml has no price for j.model-v1:0."));
    }
}
