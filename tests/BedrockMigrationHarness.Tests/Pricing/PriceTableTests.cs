using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Pricing;

[TestFixture]
public sealed class PriceTableTests
{
    [Test]
    public void CostOf_ThousandInFiveHundredOut_IsHandComputed()
    {
        // 1,000 × $3 / 1M + 500 × $15 / 1M = $0.003 + $0.0075.
        var price = new ModelPrice(3, 15, null, null, new DateOnly(2026, 1, 1), "t", false, 2);

        Assert.That(price.CostOf(1000, 500), Is.EqualTo(0.0105).Within(1e-15));
    }

    [Test]
    public void CostOf_CacheTokens_PricedAtCachePricesOrInputPriceWithoutThem()
    {
        // 1,000 × $3 + 500 × $15 + 2,000 cache reads × $0.30 + 400 cache writes × $3.75, per 1M: $0.003 + $0.0075 + $0.0006 + $0.0015.
        var price = new ModelPrice(3, 15, 0.30, 3.75, new DateOnly(2026, 1, 1), "t", false, 2);
        var noCachePrices = price with { CacheReadPerMillion = null, CacheWritePerMillion = null };

        Assert.Multiple(() =>
        {
            Assert.That(price.CostOf(1000, 500, 2000, 400), Is.EqualTo(0.0126).Within(1e-15));
            // Without cache prices: 2,400 cached tokens at the $3 input price add $0.0072.
            Assert.That(noCachePrices.CostOf(1000, 500, 2000, 400), Is.EqualTo(0.0177).Within(1e-15));
        });
    }

    [Test]
    public void RepositoryPriceTable_Loads_EveryPriceUnverifiedWithSourceAndDate()
    {
        var path = Path.Combine(RepoPaths.Root, "prompts", "pricing.yaml");

        var table = PriceTableLocator.Load(Path.Combine(RepoPaths.Root, "prompts", "examples", "support-tickets", "suite.yaml"), null)!;

        Assert.That(table, Is.Not.Null);
        Assert.That(Path.GetFullPath(table.File, RepoPaths.Root), Is.EqualTo(path).Or.EndsWith(Path.Combine("prompts", "pricing.yaml")));
        Assert.That(table.Models, Has.Count.GreaterThanOrEqualTo(8));
        Assert.That(table.Models.Values, Has.All.Matches<ModelPrice>(p => !p.Verified && p.Source.Length > 0 && p.ExtendedAccessMultiplier == 2));
        Assert.That(table.Find("us.anthropic.claude-sonnet-4-5-20250929-v1:0")!.InputPerMillion, Is.EqualTo(3.00));
        Assert.That(table.Find("amazon.nova-micro-v1:0")!.OutputPerMillion, Is.EqualTo(0.14));
    }

    [Test]
    public void Read_BatchPrices_ReadBesideTheOnDemandOnes()
    {
        var problems = new ProblemCollector();

        var table = PriceTableReader.Parse("""
            models:
              "amazon.nova-micro-v1:0":
                input_per_million: 0.035
                output_per_million: 0.14
                batch_input_per_million: 0.0175
                batch_output_per_million: 0.07
                as_of: 2025-07-20
                source: test
            """, "pricing.yaml", problems);

        Assert.That(problems.Sorted(), Is.Empty);
        var micro = table!.Models["amazon.nova-micro-v1:0"];
        Assert.That((micro.BatchInputPerMillion, micro.BatchOutputPerMillion, micro.HasBatchPrices), Is.EqualTo(((double?)0.0175, (double?)0.07, true)));
    }

    [Test]
    public void Read_BadBatchPrices_ReportedWithTheirLines()
    {
        var problems = new ProblemCollector();

        var table = PriceTableReader.Parse("""
            models:
              "a.model-v1:0":
                input_per_million: 1
                output_per_million: 2
                batch_input_per_million: -0.5
                batch_output_per_million: 1
                as_of: 2025-07-20
                source: test
              "b.model-v1:0":
                input_per_million: 1
                output_per_million: 2
                batch_output_per_million: 1
                as_of: 2025-07-20
                source: test
            """, "pricing.yaml", problems);

        Assert.That(table, Is.Null);
        var message = Assert.Throws<SuiteValidationException>(problems.ThrowIfAny)!.Message;
        Assert.That(message, Does.Contain("pricing.yaml:5").And.Contain("batch_input_per_million must be US dollars per million tokens, a number from 0 to 100000"));
        Assert.That(message, Does.Contain("pricing.yaml:12").And.Contain("batch_output_per_million needs batch_input_per_million beside it"));
    }

    [Test]
    public void Read_BrokenFile_ReportsEveryProblemWithItsLine()
    {
        using var dir = new SuiteDirectory();
        var path = dir.Write("pricing.yaml", """
            extended_access_multiplier: 0.5
            models:
              "a.model-v1:0":
                input_per_million: -1
                output_per_million: 15
                as_of: last week
                source: test
                verifed: true
              "b.model-v1:0":
                input_per_million: 1
            """);
        var problems = new ProblemCollector();

        var table = PriceTableReader.Read(path, problems);

        Assert.That(table, Is.Null);
        var message = Assert.Throws<SuiteValidationException>(problems.ThrowIfAny)!.Message;
        Assert.That(message, Does.Contain("pricing.yaml:1").And.Contain("extended_access_multiplier must be a number from 1 to 100"));
        Assert.That(message, Does.Contain("pricing.yaml:4").And.Contain("input_per_million"));
        Assert.That(message, Does.Contain("as_of must be the date").And.Contain("did you mean `verified`"));
        Assert.That(message, Does.Contain("`output_per_million` is required").And.Contain("`source` is required"));
    }

    [Test]
    public void Read_HugeNumbers_ReportsEachWithItsAllowedRange()
    {
        using var dir = new SuiteDirectory();
        var path = dir.Write("pricing.yaml", """
            extended_access_multiplier: 1e9
            models:
              "a.model-v1:0": { input_per_million: 1e308, output_per_million: .inf, as_of: 2026-01-01, source: test }
            """);
        var problems = new ProblemCollector();

        Assert.That(PriceTableReader.Read(path, problems), Is.Null);
        var message = Assert.Throws<SuiteValidationException>(problems.ThrowIfAny)!.Message;
        Assert.That(message, Does.Contain("pricing.yaml:1 (extended_access_multiplier): extended_access_multiplier must be a number from 1 to 100, e.g. extended_access_multiplier: 2 (found `1e9`)"));
        Assert.That(message, Does.Contain("pricing.yaml:3 (models.a.model-v1:0.input_per_million): input_per_million must be US dollars per million tokens, a number from 0 to 100000"));
        Assert.That(message, Does.Contain("(models.a.model-v1:0.output_per_million): output_per_million must be US dollars per million tokens, a number from 0 to 100000, e.g. output_per_million: 3.00 (found `.inf`)"));
    }

    [Test]
    public void Locate_NoSuitePricingAndNoneAbove_IsNull()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite("name: x");

        Assert.That(PriceTableLocator.Locate(dir.SuitePath, null), Is.Null);
    }

    [Test]
    public void Locate_PromptsPricingAboveTheSuite_IsFound()
    {
        using var dir = new SuiteDirectory();
        var table = dir.Write(Path.Combine("prompts", "pricing.yaml"), "models: {}");
        var suite = dir.Write(Path.Combine("prompts", "team", "suite.yaml"), "name: x");

        Assert.That(PriceTableLocator.Locate(suite, null), Is.EqualTo(table));
        Assert.That(PriceTableLocator.Locate(suite, "../../own.yaml"), Is.EqualTo(Path.Combine(dir.Root, "own.yaml")));
    }

    [Test]
    public void Estimate_TwoCasesTwoSamples_IsHandComputed()
    {
        // System 8 chars + prompt 12 chars = 20 chars → 5 tokens; + prompt 13 chars = 21 → 6 tokens. 2 samples per case.
        // Baseline: 4 calls, input 2 × (5 + 6) = 22, output 4 × 100 = 400 → (22 × $1 + 400 × $2) / 1M = $0.000822.
        var suite = SuiteFactory.Create() with
        {
            BaselineModelId = "model-a",
            CandidateModelId = "model-b",
            Samples = 2,
            SystemPrompt = "12345678",
            Inference = new InferenceSettings(100, null, null, []),
            Cases = [new PromptCase("one", [Turn.UserText("twelve chars")], null, null, [], null), new PromptCase("two", [Turn.UserText("thirteen char")], null, null, [], null)],
        };
        var prices = new PriceTable("p.yaml", new Dictionary<string, ModelPrice>
        {
            ["model-a"] = new(1, 2, null, null, new DateOnly(2026, 1, 1), "t", true, 2),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));

        var estimate = RunCostEstimator.Estimate(suite, null, prices);

        var baseline = estimate.Arms.Single(a => a.Arm == Arm.Baseline);
        Assert.That(baseline.Calls, Is.EqualTo(4));
        Assert.That(baseline.InputTokens, Is.EqualTo(22));
        Assert.That(baseline.MaxOutputTokens, Is.EqualTo(400));
        Assert.That(baseline.Usd, Is.EqualTo(0.000822).Within(1e-15));
        Assert.That(estimate.Arms.Single(a => a.Arm == Arm.Candidate).Usd, Is.Null, "model-b has no price");
        Assert.That(estimate.TotalUsd, Is.Null);
    }
}
