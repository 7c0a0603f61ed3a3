using BedrockMigrationHarness.Judging;

namespace BedrockMigrationHarness.Tests.Judging;

internal sealed class SimulatedJudgeTests
{
    private static Func<double> Draws(params double[] values)
    {
        var queue = new Queue<double>(values);
        return queue.Dequeue;
    }

    [TestCase(JudgePick.Second)]
    [TestCase(JudgePick.Tie)]
    public void Judge_BiasDrawUnderTheBias_PicksAWhateverTheTruth(JudgePick truth)
    {
        var verdict = new SimulatedJudge(Accuracy: 1, PositionBias: 0.1).Judge(truth, Draws(0.05, 0.0));
        Assert.That(verdict.Pick, Is.EqualTo(JudgePick.First));
    }

    [Test]
    public void Judge_AccurateDraw_GivesTheTruth()
    {
        var verdict = new SimulatedJudge(Accuracy: 0.8, PositionBias: 0.1).Judge(JudgePick.Second, Draws(0.5, 0.79));
        Assert.That(verdict.Pick, Is.EqualTo(JudgePick.Second));
    }

    [TestCase(JudgePick.First, 0.2, JudgePick.Second)]
    [TestCase(JudgePick.First, 0.7, JudgePick.Tie)]
    [TestCase(JudgePick.Tie, 0.2, JudgePick.First)]
    [TestCase(JudgePick.Tie, 0.7, JudgePick.Second)]
    public void Judge_InaccurateDraw_GivesOneOfTheOtherPicks(JudgePick truth, double third, JudgePick expected)
    {
        var verdict = new SimulatedJudge(Accuracy: 0.8, PositionBias: 0.1).Judge(truth, Draws(0.5, 0.9, third));
        Assert.That(verdict.Pick, Is.EqualTo(expected));
    }

    [Test]
    public void Judge_ManyPairs_MatchesTheErrorModelsRates()
    {
        // Truth B on every pair: P(B) = (1 − 0.1) × 0.8 = 0.72; P(A) = 0.1 + 0.9 × 0.2 / 2 = 0.19. Seeded, so exact each run.
        var judge = new SimulatedJudge(Accuracy: 0.8, PositionBias: 0.1);
        var random = new Random(7);
        const int n = 20_000;
        var picks = Enumerable.Range(0, n).Select(_ => judge.Judge(JudgePick.Second, random.NextDouble).Pick).ToArray();
        // 4 standard errors of a rate near 0.7 over 20,000 draws is about 0.013.
        Assert.Multiple(() =>
        {
            Assert.That(picks.Count(p => p == JudgePick.Second) / (double)n, Is.EqualTo(0.72).Within(0.013));
            Assert.That(picks.Count(p => p == JudgePick.First) / (double)n, Is.EqualTo(0.19).Within(0.011));
        });
    }
}
