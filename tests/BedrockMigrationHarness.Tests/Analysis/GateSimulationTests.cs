using BedrockMigrationHarness.Analysis.Simulation;
using BedrockMigrationHarness.Suites;

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
    public void ThreePointComplianceDrop_IsRarelyWavedThrough()
    {
        SimulationOutcome outcome = GateSimulation.Run(new SimulationScenario("drop", 20, 5, 0.03, 0, GateSettings.Default), Runs, 54321, 200);
        Assert.That(outcome.Rate(outcome.NoGo + outcome.Inconclusive), Is.GreaterThan(0.7));
    }

    [Test]
    public void TailSlowdown_IsCalibratedOnTheSuiteWideP99()
    {
        var suite = new SyntheticSuite(new SimulationScenario("tail", 20, 5, 0, 0.25, GateSettings.Default));
        (double baseline, double candidate) = suite.TrueP99();
        Assert.That(candidate / baseline, Is.EqualTo(1.25).Within(1e-6));
    }
}
