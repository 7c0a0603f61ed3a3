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
        new(0.95, 5, new PairedRates(baseCompliant, baseAnswered, candCompliant, candAnswered, 3, 1),
            new PairedRates(baseCompliant, baseAnswered, candCompliant, candAnswered, 3, 1), 0, 100, candErrors, candFinished,
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
            Assert.That(gate.DeltaInterval, Is.EqualTo(ProportionIntervals.ClopperPearson(compliant, 100, 0.95)));
            Assert.That(gate.SamplesNeeded, expected == GateState.Inconclusive ? Is.GreaterThan(5) : Is.Null);
        });
    }

    [Test]
    public void ComplianceFloor_Explanation_SaysNumbersInvariantly()
    {
        GateResult gate = Judge(GateKind.ComplianceFloor, 0.98, Inputs(candCompliant: 90));
        Assert.That(gate.Explanation, Is.EqualTo("Candidate format compliance 90.0% (95% CI 82.4% to 95.1%, 90/100) is below the 98.0% floor."));
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

    /// <summary>
    /// The exact probability that a floor gate FAILs when the true rate sits exactly on the 98% floor: summed over
    /// every count the candidate can get, with its binomial probability. Wilson gave 5.1% at 100 answers and 3.3% at 400.
    /// </summary>
    [TestCase(GateKind.ComplianceFloor, 100)]
    [TestCase(GateKind.ComplianceFloor, 400)]
    [TestCase(GateKind.CorrectnessFloor, 100)]
    [TestCase(GateKind.CorrectnessFloor, 400)]
    public void Floor_TrueRateOnTheLimit_FailsAtMostHalfOfAlpha(GateKind kind, int answers)
    {
        const double floor = 0.98;
        double falseFail = 0;
        for (int passed = 0; passed <= answers; passed++)
        {
            GateResult gate = Judge(kind, floor, Inputs(baseAnswered: answers, baseCompliant: answers, candCompliant: passed, candAnswered: answers));
            if (gate.State == GateState.Fail)
            {
                falseFail += Binomial(passed, answers, floor);
            }
        }

        Assert.That(falseFail, Is.LessThanOrEqualTo(0.025).And.GreaterThan(0.005));
    }

    [TestCase(100)]
    [TestCase(400)]
    public void ErrorRate_TrueRateOnTheLimit_FailsAtMostHalfOfAlpha(int attempts)
    {
        const double limit = 0.05;
        double falseFail = 0;
        for (int errors = 0; errors <= attempts; errors++)
        {
            if (Judge(GateKind.ErrorRate, limit, Inputs(candErrors: errors, candFinished: attempts)).State == GateState.Fail)
            {
                falseFail += Binomial(errors, attempts, limit);
            }
        }

        Assert.That(falseFail, Is.LessThanOrEqualTo(0.025).And.GreaterThan(0.005));
    }

    /// <summary>P(X = k) for X ~ Binomial(n, p), by the recurrence from P(X = 0) in logs (no underflow): no shared code with the gates.</summary>
    private static double Binomial(int k, int n, double p)
    {
        double log = n * Math.Log(1 - p);
        for (int i = 1; i <= k; i++)
        {
            log += Math.Log((double)(n - i + 1) / i * p / (1 - p));
        }

        return Math.Exp(log);
    }

    [Test]
    public void CorrectnessDrop_WithoutExpectations_IsLeftOut()
    {
        GateInputs inputs = Inputs() with { Correctness = null };
        var settings = new GateSettings(0.95, [new GateSpec(GateKind.CorrectnessDrop, 0.05, GateSeverity.Blocking), new GateSpec(GateKind.CorrectnessFloor, 0.9, GateSeverity.Blocking)]);
        Assert.That(GateEvaluator.EvaluateAll(settings, inputs), Is.Empty);
    }

    [Test]
    public void ComplianceDrop_TinySignTestP_PrintsBelowOneThousandth()
    {
        GateResult gate = Judge(GateKind.ComplianceDrop, 0.01, Inputs(baseCompliant: 100, candCompliant: 50) with
        {
            Compliance = new PairedRates(100, 100, 50, 100, 20, 0),
        });
        Assert.That(gate.Explanation, Does.EndWith("20 cases worse, 0 better (exact sign test p < 0.001)."));
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

    private static QualityLossInputs Quality(int losses, int wins, double[] replicates, JudgeMode mode = JudgeMode.Pairwise,
        int judged = 100, int failed = 0, int notJudged = 0) =>
        new(mode, judged + failed + notJudged, judged, wins, losses, failed, notJudged, 6, 2, replicates);

    [TestCase(20, 2, 0.10, GateState.Fail)]
    [TestCase(10, 2, 0.05, GateState.Inconclusive)]
    [TestCase(7, 2, 0.05, GateState.Pass)]
    [TestCase(2, 7, 0.05, GateState.Pass)]
    public void QualityLoss_States(int losses, int wins, double halfWidth, GateState expected)
    {
        double net = (losses - wins) / 100.0;
        GateResult gate = Judge(GateKind.QualityLoss, 0.05, Inputs() with { Quality = Quality(losses, wins, Spread(net, halfWidth)) });
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(expected));
            Assert.That(gate.Delta, Is.EqualTo(net).Within(1e-12));
            Assert.That(gate.SamplesNeeded, expected == GateState.Inconclusive ? Is.GreaterThan(5) : Is.Null);
        });
    }

    [Test]
    public void QualityLoss_Explanation_SaysCountsIntervalSignTestAndWhatWasLeftOut()
    {
        GateResult gate = Judge(GateKind.QualityLoss, 0.05, Inputs() with
        {
            Quality = Quality(20, 2, Spread(0.18, 0.10), failed: 3, notJudged: 1),
        });
        Assert.That(gate.Explanation, Is.EqualTo(
            "The judge preferred the baseline's answer in 20 and the candidate's in 2 of 100 pairs judged in both orders: net quality loss +18.0 points (95% CI +8.5 to +27.5), more than the 5.0-point limit; 6 cases worse, 2 better (exact sign test p = 0.145); 4 of 104 pairs left out (3 judge failed, 1 without an answer to judge)."));
    }

    [Test]
    public void QualityLoss_ReferenceMode_NamesTheReference()
    {
        GateResult gate = Judge(GateKind.QualityLoss, 0.05, Inputs() with { Quality = Quality(2, 7, Spread(-0.05, 0.05), JudgeMode.Reference) });
        Assert.That(gate.Explanation, Does.StartWith("The judge preferred the reference in 2 and the candidate's in 7 of 100 pairs"));
    }

    [Test]
    public void QualityLoss_WithoutJudge_IsLeftOut() =>
        Assert.That(GateEvaluator.Evaluate(new GateSpec(GateKind.QualityLoss, 0.05, GateSeverity.Blocking), Inputs()), Is.Null);

    [TestCase(0.02, true)]
    [TestCase(0.06, false)]
    public void PassesAtLevel_QualityLoss_OnlyWhenTheUpperBoundIsInsideTheLimit(double halfWidth, bool expected)
    {
        GateResult gate = Judge(GateKind.QualityLoss, 0.05, Inputs() with { Quality = Quality(3, 1, Spread(0.02, halfWidth)) });
        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Pass));
            Assert.That(GateEvaluator.PassesAtLevel(gate), Is.EqualTo(expected));
        });
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
