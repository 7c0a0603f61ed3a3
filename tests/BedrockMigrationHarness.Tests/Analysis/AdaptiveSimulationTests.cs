using BedrockMigrationHarness.Analysis.Simulation;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

/// <summary>A small, seeded version of the adaptive-sampling simulation in docs/statistics.md ("Adaptive sampling").</summary>
internal sealed class AdaptiveSimulationTests
{
    private const int Runs = 24;

    private static readonly SimulationDesign Pocock = new("adaptive Pocock", 5, AdaptiveSettings.Default with { Spending = SpendingFunction.Pocock });

    [Test]
    public void DrawSamples_MoreRounds_KeepTheEarlierSamplesAsTheyWere()
    {
        var suite = new SyntheticSuite(new SimulationScenario("drop", 20, 5, 0.03, 0, GateSettings.Default).Realistic() with { MedianSlowdown = 0.25 });

        List<AttemptRecord> firstRound = suite.DrawSamples(17, 0, 5);
        List<AttemptRecord> whole = suite.DrawSamples(17, 0, 40);
        List<AttemptRecord> rounds = [.. firstRound, .. suite.DrawSamples(17, 5, 12), .. suite.DrawSamples(17, 12, 40)];

        static IEnumerable<AttemptRecord> Ordered(IEnumerable<AttemptRecord> records) =>
            records.OrderBy(static r => r.CaseId, StringComparer.Ordinal).ThenBy(static r => r.Sample).ThenBy(static r => r.Arm);

        Assert.Multiple(() =>
        {
            Assert.That(Ordered(rounds), Is.EqualTo(Ordered(whole)));
            Assert.That(Ordered(whole.Where(static r => r.Sample < 5)), Is.EqualTo(Ordered(firstRound)));
            Assert.That(whole, Has.Count.EqualTo(20 * 40 * 2));
            Assert.That(suite.DrawSamples(18, 0, 5).Select(static r => r.ClientLatencyMs), Is.Not.EqualTo(firstRound.Select(static r => r.ClientLatencyMs)), "another run draws other answers");
        });
    }

    [Test]
    public void Run_FixedDesign_TakesItsSamplesAndReportsNoStop()
    {
        DesignOutcome outcome = AdaptiveSimulation.Run(new SimulationScenario("identical", 20, 5, 0, 0, GateSettings.Default), new SimulationDesign("fixed 20 x 20", 20, null), 4, 5);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.SamplesPerCase, Is.All.EqualTo(20));
            Assert.That(outcome.MeanCalls, Is.EqualTo(20 * 20 * 2));
            Assert.That(outcome.Stops, Is.Empty);
            Assert.That(outcome.Verdicts.Runs, Is.EqualTo(4));
        });
    }

    [Test]
    public void Run_AdaptiveIdenticalArms_GivesNoNoGo()
    {
        DesignOutcome outcome = AdaptiveSimulation.Run(new SimulationScenario("identical", 20, 5, 0, 0, GateSettings.Default), Pocock, Runs, 12345);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdicts.NoGo, Is.Zero);
            Assert.That(outcome.SamplesPerCase, Is.All.InRange(5, 100));
            Assert.That(outcome.Stops.Values.Sum(), Is.EqualTo(Runs), "every adaptive run stops for a reason");
        });
    }

    [Test]
    public void Run_AdaptiveTenPointComplianceDrop_EndsNoGoBeforeTheCap()
    {
        DesignOutcome outcome = AdaptiveSimulation.Run(new SimulationScenario("drop", 20, 5, 0.10, 0, GateSettings.Default), Pocock, Runs, 54321);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdicts.NoGo, Is.EqualTo(Runs));
            Assert.That(outcome.Stops.GetValueOrDefault(LookStop.Decided), Is.EqualTo(Runs));
            Assert.That(outcome.SamplesPerCase, Is.All.LessThan(AdaptiveSettings.DefaultMaxSamples));
        });
    }
}
