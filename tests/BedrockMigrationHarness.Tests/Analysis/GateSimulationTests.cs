using BedrockMigrationHarness.Analysis.Simulation;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

/// <summary>A small, seeded version of the error-rate simulation in docs/statistics.md.</summary>
internal sealed class GateSimulationTests
{
    private const int Runs = 200;
    private const double Alpha = 0.05;

    [Test]
    public void IdenticalArms_FalseNoGoRate_IsAtMostAlphaPlusThreeStandardErrors()
    {
        SimulationOutcome outcome = GateSimulation.Run(new SimulationScenario("identical", 20, 5, 0, 0, GateSettings.Default), Runs, 12345, 1000);
        double falseAlarm = outcome.Rate(outcome.NoGo);
        double standardError = Math.Sqrt(Alpha * (1 - Alpha) / Runs);
        Assert.Multiple(() =>
        {
            Assert.That(falseAlarm, Is.LessThanOrEqualTo(Alpha + (3 * standardError)));
            Assert.That(outcome.Rate(outcome.Go + outcome.GoWithWarnings), Is.GreaterThan(0.8));
        });
    }

    [Test]
    public void IdenticalArmsRealisticBaseline_FalseNoGoRate_IsAtMostAlphaPlusThreeStandardErrors()
    {
        SimulationOutcome outcome = GateSimulation.Run(new SimulationScenario("identical, realistic", 20, 5, 0, 0, GateSettings.Default).Realistic(), Runs, 12345, 1000);
        double standardError = Math.Sqrt(Alpha * (1 - Alpha) / Runs);

        Assert.That(outcome.Rate(outcome.NoGo), Is.LessThanOrEqualTo(Alpha + (3 * standardError)));
    }

    [Test]
    public void ThreePointComplianceDrop_IsRarelyWavedThrough()
    {
        SimulationOutcome outcome = GateSimulation.Run(new SimulationScenario("drop", 20, 5, 0.03, 0, GateSettings.Default), Runs, 54321, 200);
        Assert.That(outcome.Rate(outcome.NoGo + outcome.Inconclusive), Is.GreaterThan(0.7));
    }

    [Test]
    public void Realistic_CorrectnessDrop_DrawsTheStatedFormatAndCorrectnessRates()
    {
        var suite = new SyntheticSuite(new SimulationScenario("drop", 20, 250, 0, 0, GateSettings.Default).Realistic() with { CorrectnessDrop = 0.10 });
        var checker = new ResponseChecker(suite.Header.Suite.Cases);
        var checks = suite.Draw(new Random(3))
            .Select(r => (r.Arm, Check: checker.Check(suite.Header.Suite.Cases.Single(c => c.Id == r.CaseId), r.Text)))
            .ToList();

        double Share(Arm arm, Func<CheckResult, bool> test) =>
            (double)checks.Count(c => c.Arm == arm && test(c.Check)) / checks.Count(c => c.Arm == arm);

        Assert.Multiple(() =>
        {
            Assert.That(Share(Arm.Baseline, static c => c.FormatCompliant), Is.EqualTo(0.98).Within(0.01));
            Assert.That(Share(Arm.Candidate, static c => c.FormatCompliant), Is.EqualTo(0.98).Within(0.01));
            Assert.That(Share(Arm.Baseline, static c => c.ExpectationsMet), Is.EqualTo(0.90).Within(0.015));
            Assert.That(Share(Arm.Candidate, static c => c.ExpectationsMet), Is.EqualTo(0.80).Within(0.015));
            Assert.That(checks.Where(static c => c.Check.FormatCompliant).All(static c => c.Check.SchemaErrors.IsEmpty), Is.True, "wrong answers stay schema-valid");
        });
    }

    [Test]
    public void MedianSlowdown_RaisesThePooledMedianByThatFactor()
    {
        var suite = new SyntheticSuite(new SimulationScenario("p50", 20, 250, 0, 0, GateSettings.Default) with { MedianSlowdown = 0.25 });
        var records = suite.Draw(new Random(5));

        double Median(Arm arm)
        {
            double[] latency = [.. records.Where(r => r.Arm == arm).Select(static r => r.ClientLatencyMs).Order()];
            return latency[latency.Length / 2];
        }

        Assert.That(Median(Arm.Candidate) / Median(Arm.Baseline), Is.EqualTo(1.25).Within(0.05));
    }

    [Test]
    public void CaseFlags_CountLatencyFlagsPerCase()
    {
        SimulationOutcome slow = GateSimulation.Run(new SimulationScenario("p50 x2", 20, 20, 0, 0, GateSettings.Default) with { MedianSlowdown = 1.0 }, 10, 99, 200);
        SimulationOutcome same = GateSimulation.Run(new SimulationScenario("identical", 20, 20, 0, 0, GateSettings.Default), 10, 99, 200);

        Assert.Multiple(() =>
        {
            Assert.That(slow.CaseRate(slow.CasesLatencyFlagged), Is.GreaterThan(0.9));
            Assert.That(slow.CasesFlagged, Is.GreaterThanOrEqualTo(slow.CasesLatencyFlagged));
            Assert.That(same.CaseRate(same.CasesLatencyFlagged), Is.LessThan(0.2));
        });
    }

    private static readonly SimulatedJudge Judge = new(Accuracy: 0.8, PositionBias: 0.1);

    [Test]
    public void IdenticalArmsBothWorseSometimes_QualityGateFalseFailRate_IsAtMostAlphaPlusThreeStandardErrors()
    {
        SimulationOutcome outcome = GateSimulation.Run(
            new SimulationScenario("identical, judge", 20, 5, 0, 0, GateSettings.Default).WithJudge(Judge, 0.20, 0.20), Runs, 12345, 1000);
        double standardError = Math.Sqrt(Alpha * (1 - Alpha) / Runs);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Rate(outcome.GateFails.GetValueOrDefault(GateKind.QualityLoss)), Is.LessThanOrEqualTo(Alpha + (3 * standardError)));
            Assert.That(outcome.Judge!.NetLoss, Is.EqualTo(0).Within(0.02));
        });
    }

    [Test]
    public void CandidateWorseOnAFifthOfAnswers_QualityGateFailsMostRunsAtTwentyByTwenty()
    {
        SimulationOutcome outcome = GateSimulation.Run(
            new SimulationScenario("regression, judge", 20, 20, 0, 0, GateSettings.Default).WithJudge(Judge, 0, 0.20), 40, 777, 200);

        Assert.That(outcome.Rate(outcome.GateFails.GetValueOrDefault(GateKind.QualityLoss)), Is.GreaterThan(0.6));
    }

    [Test]
    public void WithJudge_DrawsThePlantedWorseSharesAndBothOrdersOfEveryPair()
    {
        var scenario = new SimulationScenario("judge", 20, 250, 0, 0, GateSettings.Default).WithJudge(Judge, 0.10, 0.30);
        var records = new SyntheticSuite(scenario).Draw(new Random(3));

        double WorseShare(Arm arm) =>
            (double)records.Count(r => r.Arm == arm && r.Text == SyntheticSuite.WorseAnswer) / records.Count(r => r.Arm == arm);

        Assert.Multiple(() =>
        {
            Assert.That(WorseShare(Arm.Baseline), Is.EqualTo(0.10).Within(0.015));
            Assert.That(WorseShare(Arm.Candidate), Is.EqualTo(0.30).Within(0.015));
            Assert.That(records.Count(static r => r.Arm == Arm.JudgeCandidateSecond), Is.EqualTo(20 * 250));
            Assert.That(records.Count(static r => r.Arm == Arm.JudgeCandidateFirst), Is.EqualTo(20 * 250));
            Assert.That(records.Where(static r => r.Arm.IsJudge()).All(static r => JudgeVerdictReader.Read(r) is not null), Is.True);
            Assert.That(scenario.Gates.Gates.Count(static g => g.Kind == GateKind.QualityLoss), Is.EqualTo(1));
            Assert.That(scenario.WithJudge(Judge, 0, 0).Gates.Gates.Count(static g => g.Kind == GateKind.QualityLoss), Is.EqualTo(1), "added once");
        });
    }

    [Test]
    public void TailSlowdown_IsCalibratedOnTheSuiteWideP99()
    {
        var suite = new SyntheticSuite(new SimulationScenario("tail", 20, 5, 0, 0.25, GateSettings.Default));
        (double baseline, double candidate) = suite.TrueP99();
        Assert.That(candidate / baseline, Is.EqualTo(1.25).Within(1e-6));
    }
}
