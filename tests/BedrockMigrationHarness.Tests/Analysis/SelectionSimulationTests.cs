using BedrockMigrationHarness.Analysis.Simulation;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Analysis;

/// <summary>
/// The winner's curse of choosing among several candidates (docs/statistics.md, "Choosing among several candidates"),
/// pinned on seeded runs: the best-looking of three identical candidates looks better than it is, one chosen before the
/// run does not, and "some candidate may go" is at least as likely as "the chosen one may go".
/// </summary>
[TestFixture]
public sealed class SelectionSimulationTests
{
    private const int Runs = 120;

    private static SimulationScenario Scenario(double drop = 0) =>
        new SimulationScenario("identical", 20, 5, 0, 0, GateSettings.Default).Realistic() with { CorrectnessDrop = drop };

    [Test]
    public void ThreeIdenticalCandidates_TheBestLooksBetterThanItIsAndTheOneChosenBeforeDoesNot()
    {
        var outcome = SelectionSimulation.Run(Scenario(), 3, Runs, seed: 77, bootstrapResamples: 100);

        // 120 runs of 100 answers: the standard error of a mean estimate error is about 3 points / sqrt(120) ≈ 0.3 points.
        Assert.That(outcome.PickedOptimism, Is.GreaterThan(0.015), "the best of three is optimistic by more than 1.5 points");
        Assert.That(Math.Abs(outcome.SingleOptimism), Is.LessThan(0.01), "a candidate chosen before the run is not");
        Assert.That(outcome.AnyMayGo, Is.GreaterThanOrEqualTo(outcome.PickedMayGo).And.GreaterThanOrEqualTo(outcome.SingleMayGo));
        Assert.That(outcome.PickedCoverage, Is.LessThanOrEqualTo(outcome.SingleCoverage));
    }

    [Test]
    public void OneCandidate_IsItsOwnBest()
    {
        var outcome = SelectionSimulation.Run(Scenario(), 1, 40, seed: 77, bootstrapResamples: 100);

        Assert.That(outcome.PickedOptimism, Is.EqualTo(outcome.SingleOptimism));
        Assert.That(outcome.AnyMayGo, Is.EqualTo(outcome.SingleMayGo));
    }

    [Test]
    public void ThreeCandidatesPastTheLimit_SomeOneMayGoMoreOftenThanTheOneChosenBefore()
    {
        var outcome = SelectionSimulation.Run(Scenario(drop: 0.08), 3, Runs, seed: 77, bootstrapResamples: 100);

        Assert.That(outcome.AnyMayGo, Is.GreaterThan(outcome.SingleMayGo + 0.05), "three chances at a wrong GO beat one");
    }
}
