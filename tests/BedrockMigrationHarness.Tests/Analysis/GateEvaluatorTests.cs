using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class GateEvaluatorTests
{
    private static GateInputs Inputs(
        int baseCompliant = 100, int baseAnswered = 100, int candCompliant = 100, int candAnswered = 100,
        int candErrors = 0, int candFinished = 100,
        (double, double)? p50 = null, double[]? p50Change = null,
        (double, double)? p99 = null, double[]? p99Change = null,
        (double, double)? tokens = null, double[]? tokensChange = null) =>
        new(0.95, 5, baseCompliant, baseAnswered, candCompliant, candAnswered, 3, 1, 0, 100, candErrors, candFinished,
            p50 ?? (1000, 1000), p50Change ?? Spread(0, 0.05),
            p99 ?? (3000, 3000), p99Change ?? Spread(0, 0.05),
            tokens ?? (100, 100), tokensChange ?? Spread(0, 0.05));

    /// <summary>1,000 replicates evenly spread over centre ± halfWidth.</summary>
    private static double[] Spread(double centre, double halfWidth) =>
        [.. Enumerable.Range(0, 1000).Select(i => centre - halfWidth + (2 * halfWidth * i / 999.0))];

    private static GateResult Judge(GateKind kind, double threshold, GateInputs inputs) =>
        GateEvaluator.Evaluate(new GateSpec(kind, threshold, GateSeverity.Blocking), inputs)!;

    [TestCase(100, GateState.Pass)]
    [TestCase(98, GateState.Pass)]
    [TestCase(97, GateState.Inconclusive)]
    [TestCase(90, GateState.Fail)]
    public void ComplianceFloor_States(int compliant, GateState expected)
    {
        GateResult gate = Judge(GateKind.ComplianceFloor, 0.98, Inputs(candCompliant: compliant));
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(expected));
            Assert.That(gate.Candidate, Is.EqualTo(compliant / 100.0));
            Assert.That(gate.DeltaInterval, Is.EqualTo(ProportionIntervals.Wilson(compliant, 100, 0.95)));
            Assert.That(gate.SamplesNeeded, expected == GateState.Inconclusive ? Is.GreaterThan(5) : Is.Null);
        });
    }

    [Test]
    public void ComplianceFloor_Explanation_SaysNumbersInvariantly()
    {
        GateResult gate = Judge(GateKind.ComplianceFloor, 0.98, Inputs(candCompliant: 90));
        Assert.That(gate.Explanation, Is.EqualTo("Candidate compliance 90.0% (95% CI 82.6% to 94.5%, 90/100) is below the 98.0% floor."));
    }

    [Test]
    public void ComplianceFloor_NoAnswers_InconclusiveWithoutInterval()
    {
        GateResult gate = Judge(GateKind.ComplianceFloor, 0.98, Inputs(candCompliant: 0, candAnswered: 0));
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Inconclusive));
            Assert.That(gate.DeltaInterval, Is.Null);
            Assert.That(gate.SamplesNeeded, Is.Null);
        });
    }

    [TestCase(100, 100, GateState.Pass)]
    [TestCase(100, 99, GateState.Pass)] // exactly on the 1-point limit
    [TestCase(100, 97, GateState.Inconclusive)]
    [TestCase(100, 80, GateState.Fail)]
    public void ComplianceDrop_States(int baseCompliant, int candCompliant, GateState expected)
    {
        GateResult gate = Judge(GateKind.ComplianceDrop, 0.01, Inputs(baseCompliant: baseCompliant, candCompliant: candCompliant));
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(expected));
            Assert.That(gate.Delta, Is.EqualTo((candCompliant - baseCompliant) / 100.0).Within(1e-12));
            Assert.That(gate.Explanation, Does.Contain("3 cases worse, 1 better (exact sign test p = 0.313)"));
        });
    }

    [TestCase(GateKind.LatencyP50Increase)]
    [TestCase(GateKind.LatencyP99Increase)]
    [TestCase(GateKind.OutputTokensIncrease)]
    public void RelativeGates_AllThreeStates(GateKind kind)
    {
        GateInputs With((double, double) point, double[] change) => kind switch
        {
            GateKind.LatencyP50Increase => Inputs(p50: point, p50Change: change),
            GateKind.LatencyP99Increase => Inputs(p99: point, p99Change: change),
            _ => Inputs(tokens: point, tokensChange: change),
        };

        GateResult pass = Judge(kind, 0.20, With((1000, 1050), Spread(0.05, 0.1)));
        GateResult inconclusive = Judge(kind, 0.20, With((1000, 1300), Spread(0.3, 0.2)));
        GateResult fail = Judge(kind, 0.20, With((1000, 1500), Spread(0.5, 0.1)));
        Assert.Multiple(() =>
        {
            Assert.That(pass.State, Is.EqualTo(GateState.Pass));
            Assert.That(pass.Delta, Is.EqualTo(0.05).Within(1e-12));
            Assert.That(inconclusive.State, Is.EqualTo(GateState.Inconclusive));
            Assert.That(inconclusive.SamplesNeeded, Is.GreaterThan(5));
            Assert.That(fail.State, Is.EqualTo(GateState.Fail));
            Assert.That(fail.SamplesNeeded, Is.Null);
        });
    }

    [Test]
    public void LatencyP99_Fail_ExplanationReadsLikeAReviewer()
    {
        GateResult gate = Judge(GateKind.LatencyP99Increase, 0.20, Inputs(p99: (1000, 1340), p99Change: Spread(0.415, 0.2053)));
        Assert.That(gate.Explanation, Is.EqualTo("p99 latency rose 34% (95% CI +22% to +61%), above the 20% limit."));
    }

    [Test]
    public void RelativeGate_NoReplicates_Inconclusive()
    {
        GateResult gate = Judge(GateKind.LatencyP50Increase, 0.20, Inputs(p50Change: [double.NaN]));
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Inconclusive));
            Assert.That(gate.DeltaInterval, Is.Null);
        });
    }

    [TestCase(0, GateState.Pass)]
    [TestCase(5, GateState.Pass)]
    [TestCase(7, GateState.Inconclusive)]
    [TestCase(20, GateState.Fail)]
    public void ErrorRate_States(int errors, GateState expected) =>
        Assert.That(Judge(GateKind.ErrorRate, 0.05, Inputs(candErrors: errors)).State, Is.EqualTo(expected));

    [Test]
    public void CostIncrease_WithoutPriceData_IsLeftOut()
    {
        Assert.That(GateEvaluator.Evaluate(new GateSpec(GateKind.CostIncrease, 0.1, GateSeverity.Blocking), Inputs()), Is.Null);
        var settings = new GateSettings(0.95, [new GateSpec(GateKind.CostIncrease, 0.1, GateSeverity.Blocking), new GateSpec(GateKind.ErrorRate, 0.05, GateSeverity.Blocking)]);
        Assert.That(GateEvaluator.EvaluateAll(settings, Inputs()).Select(static g => g.Spec.Kind), Is.EqualTo(new[] { GateKind.ErrorRate }));
    }

    [TestCase(0.30, 0.05, 0.20, true, GateState.Fail)]
    [TestCase(0.25, 0.15, 0.20, true, GateState.Inconclusive)]
    [TestCase(0.20, 0.10, 0.20, true, GateState.Pass)]
    [TestCase(0.96, 0.05, 0.98, false, GateState.Inconclusive)]
    [TestCase(0.90, 0.05, 0.98, false, GateState.Fail)]
    [TestCase(0.99, 0.05, 0.98, false, GateState.Pass)]
    public void Decide_ThreeZones(double estimate, double halfWidth, double limit, bool higherIsWorse, GateState expected) =>
        Assert.That(GateEvaluator.Decide(estimate, new Interval(estimate - halfWidth, estimate + halfWidth), limit, higherIsWorse), Is.EqualTo(expected));
}
