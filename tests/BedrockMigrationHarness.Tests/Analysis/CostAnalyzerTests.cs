using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

[TestFixture]
internal sealed class CostAnalyzerTests
{
    private static readonly DateTimeOffset ExtendedAccess = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>model-a: $1 in / $2 out per 1M tokens, 3× in extended access; model-b: $3 in / $4 out.</summary>
    private static PriceTable Prices() => new("pricing.yaml", new Dictionary<string, ModelPrice>
    {
        ["model-a"] = new(1.00, 2.00, null, null, new DateOnly(2026, 1, 1), "test", true, 3),
        ["model-b"] = new(3.00, 4.00, null, null, new DateOnly(2026, 1, 1), "test", false, 2),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal));

    private static ModelLifecycleFacts Lifecycle(string model, string status, DateTimeOffset? extendedAccess = null) =>
        new(model, model, AnalysisFixtures.Start, status, null, extendedAccess, extendedAccess?.AddMonths(3));

    private static JournalHeader Header(SuiteDefinition suite, string candidateStatus = "ACTIVE") =>
        AnalysisFixtures.Header(suite) with
        {
            Pricing = Prices(),
            BaselineLifecycle = Lifecycle("model-a", "LEGACY", ExtendedAccess),
            CandidateLifecycle = Lifecycle("model-b", candidateStatus),
        };

    private static RunAnalysis Analyze(JournalHeader header, IReadOnlyList<AttemptRecord> records) =>
        RunAnalyzer.Analyze(header, records, AnalysisFixtures.Completed, RunAnalyzer.DefaultSeed, 500).Analysis;

    [Test]
    public void Analyze_ConstantTokens_MatchesHandComputedCosts()
    {
        // Every answer: 50 input tokens; output 100 on the baseline, 150 on the candidate.
        // Baseline per 1,000 requests: 1000 × (50 × $1 + 100 × $2) / 1e6 = $0.25; candidate 1000 × (50 × $3 + 150 × $4) / 1e6 = $0.75.
        // At 100,000 requests a month: $25 and $75, delta +$50 (+200%); extended access 3 × $25 = $75.
        var suite = AnalysisFixtures.Suite();
        var records = AnalysisFixtures.Run(suite, tokens: (arm, _, _) => arm == Arm.Baseline ? 100 : 150);

        var cost = Analyze(Header(suite), records).Cost!;

        Assert.Multiple(() =>
        {
            Assert.That(cost.Baseline.PerThousandRequests.Value, Is.EqualTo(0.25).Within(1e-12));
            Assert.That(cost.Candidate.PerThousandRequests.Value, Is.EqualTo(0.75).Within(1e-12));
            Assert.That(cost.Baseline.Monthly.Value, Is.EqualTo(25).Within(1e-9));
            Assert.That(cost.Candidate.Monthly.Value, Is.EqualTo(75).Within(1e-9));
            Assert.That(cost.MonthlyDelta.Value, Is.EqualTo(50).Within(1e-9));
            Assert.That(cost.MonthlyChange.Value, Is.EqualTo(2.0).Within(1e-12));
            Assert.That(cost.BaselineExtendedAccessMonthly.Value, Is.EqualTo(75).Within(1e-9));
            Assert.That(cost.ExtendedAccessMultiplier, Is.EqualTo(3));
            Assert.That(cost.ExtendedAccessFrom, Is.EqualTo(ExtendedAccess));
            Assert.That(cost.MonthlyDelta.Interval!.Lower, Is.EqualTo(50).Within(1e-9), "no variation, so the interval is the point");
            Assert.That(cost.PricesVerified, Is.False, "model-b's price is unverified");
        });
    }

    [Test]
    public void Analyze_CacheTokens_PricedInTheProjectionAndSummarisedPerArm()
    {
        // As above, and every candidate answer reads 1,000 cached tokens and writes 500 at $0.30 / $3.75 per 1M:
        // candidate per 1,000 requests 1000 × (50 × $3 + 150 × $4 + 1000 × $0.30 + 500 × $3.75) / 1e6 = $2.925.
        var suite = AnalysisFixtures.Suite();
        var records = AnalysisFixtures.Run(suite, tokens: (arm, _, _) => arm == Arm.Baseline ? 100 : 150)
            .Select(r => r.Arm == Arm.Candidate ? r with { CacheReadInputTokens = 1000, CacheWriteInputTokens = 500, ReasoningText = "Think." } : r)
            .ToList();
        var header = Header(suite);
        var prices = header.Pricing!;
        header = header with
        {
            Pricing = prices with { Models = prices.Models.SetItem("model-b", prices.Models["model-b"] with { CacheReadPerMillion = 0.30, CacheWritePerMillion = 3.75 }) },
        };

        var analysis = Analyze(header, records);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Cost!.Candidate.PerThousandRequests.Value, Is.EqualTo(2.925).Within(1e-12));
            Assert.That(analysis.Cost.Candidate.PerThousandRequests.Interval!.Lower, Is.EqualTo(2.925).Within(1e-9), "the bootstrap prices cache tokens too");
            Assert.That(analysis.Cost.Baseline.PerThousandRequests.Value, Is.EqualTo(0.25).Within(1e-12));
            Assert.That(analysis.Candidate.MeanCacheReadInputTokens!.Value, Is.EqualTo(1000));
            Assert.That(analysis.Candidate.MeanCacheWriteInputTokens!.Value, Is.EqualTo(500));
            Assert.That(analysis.Baseline.MeanCacheReadInputTokens, Is.Null, "the baseline reports no cache usage");
            Assert.That(analysis.Candidate.AnswersWithReasoning, Is.EqualTo(100));
            Assert.That(analysis.Candidate.MeanReasoningChars, Is.EqualTo(6));
        });
    }

    [Test]
    public void Analyze_RunSpend_CountsEveryCallWithTokensIncludingRetries()
    {
        // 100 answers per arm: 100 × $0.00025 + 100 × $0.00075 = $0.10; a retried call that was answered but cut adds
        // 1000 × $1 / 1e6 + 0 = $0.001; a throttled call has no tokens and costs nothing.
        var suite = AnalysisFixtures.Suite();
        var records = AnalysisFixtures.Run(suite, tokens: (arm, _, _) => arm == Arm.Baseline ? 100 : 150);
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Baseline, 0, CallOutcome.Throttled, final: false));
        records.Add(AnalysisFixtures.Answer("case-00", Arm.Baseline, 0) with { Final = false, InputTokens = 1000, OutputTokens = 0 });

        var cost = Analyze(Header(suite), records).Cost!;

        Assert.That(cost.RunSpend, Is.EqualTo(0.101).Within(1e-12));
    }

    [Test]
    public void Analyze_VaryingTokens_IntervalsContainThePointAndTheCostGateFails()
    {
        var suite = AnalysisFixtures.Suite();
        var records = AnalysisFixtures.Run(suite, tokens: (arm, c, s) => (arm == Arm.Baseline ? 100 : 150) + (c * 7 % 40) + s);

        var analysis = Analyze(Header(suite), records);
        var cost = analysis.Cost!;
        var gate = analysis.Gates.Single(g => g.Spec.Kind == GateKind.CostIncrease);

        Assert.Multiple(() =>
        {
            Assert.That(cost.MonthlyDelta.Interval!.Lower, Is.LessThan(cost.MonthlyDelta.Value));
            Assert.That(cost.MonthlyDelta.Interval.Upper, Is.GreaterThan(cost.MonthlyDelta.Value));
            Assert.That(gate.State, Is.EqualTo(GateState.Fail));
            Assert.That(gate.Unit, Is.EqualTo("usd"));
            Assert.That(gate.Baseline, Is.EqualTo(cost.Baseline.Monthly.Value));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.GoWithWarnings), "the cost gate warns by default");
        });
    }

    [Test]
    public void Analyze_ModelWithoutPrice_HasNoCostAndNoCostGate()
    {
        var suite = AnalysisFixtures.Suite() with { CandidateModelId = "model-unpriced" };

        var analysis = Analyze(Header(suite), AnalysisFixtures.Run(suite));

        Assert.That(analysis.Cost, Is.Null);
        Assert.That(analysis.Gates.Select(g => g.Spec.Kind), Does.Not.Contain(GateKind.CostIncrease));
    }

    [Test]
    public void Analyze_InferenceProfileIds_TakeTheirBaseModelsPrice()
    {
        var prices = Prices() with
        {
            Models = Prices().Models.Add("anthropic.claude-x-20250101-v1:0", new ModelPrice(3, 15, null, null, new DateOnly(2026, 1, 1), "t", false, 2)),
        };

        Assert.That(prices.Find("us.anthropic.claude-x-20250101-v1:0")!.InputPerMillion, Is.EqualTo(3));
        Assert.That(prices.Find("global.anthropic.claude-x-20250101-v1:0")!.OutputPerMillion, Is.EqualTo(15));
        Assert.That(prices.Find("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-x-20250101-v1:0"), Is.Not.Null);
        Assert.That(prices.Find("anthropic.claude-y-20250101-v1:0"), Is.Null);
    }

    [TestCase("LEGACY", GateState.Fail)]
    [TestCase("ACTIVE", GateState.Pass)]
    public void Analyze_CandidateLifecycleGate_WarnsWhenTheCandidateIsItselfLegacy(string status, GateState expected)
    {
        var suite = AnalysisFixtures.Suite();
        var records = AnalysisFixtures.Run(suite);

        var gate = Analyze(Header(suite, status) with { Pricing = null }, records).Gates.Single(g => g.Spec.Kind == GateKind.CandidateLifecycle);

        Assert.That(gate.State, Is.EqualTo(expected));
        Assert.That(gate.Spec.Severity, Is.EqualTo(GateSeverity.Warning));
        if (expected == GateState.Fail)
        {
            Assert.That(gate.Explanation, Does.Contain("deprecated model"));
        }
    }

    [Test]
    public void Analyze_CandidateLifecycleUnknown_LeavesTheGateOut()
    {
        var suite = AnalysisFixtures.Suite();
        var header = Header(suite) with { CandidateLifecycle = ModelLifecycleFacts.Failed("model-b", AnalysisFixtures.Start, "AccessDeniedException (HTTP 403): no") };

        var analysis = Analyze(header, AnalysisFixtures.Run(suite));

        Assert.That(analysis.Gates.Select(g => g.Spec.Kind), Does.Not.Contain(GateKind.CandidateLifecycle));
        Assert.That(analysis.Lifecycle!.Candidate.Stage, Is.EqualTo(LifecycleStage.Unknown));
    }
}
