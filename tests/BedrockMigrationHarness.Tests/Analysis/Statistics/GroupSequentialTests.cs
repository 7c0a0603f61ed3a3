using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class GroupSequentialTests
{
    [Test]
    public void Boundaries_OBrienFlemingTypeFiveEqualLooks_MatchPublishedValues()
    {
        // Lan–DeMets O'Brien–Fleming-type spending, one-sided α = 0.025, five equally spaced looks: the upper bounds
        // R's gsDesign gives (gsDesign(k = 5, test.type = 1, sfu = sfLDOF)): 4.8769, 3.3569, 2.6803, 2.2898, 2.0310.
        double[] c = GroupSequential.Boundaries(SpendingFunction.OBrienFleming, 0.025, [0.2, 0.4, 0.6, 0.8, 1.0]);
        Assert.That(c, Is.EqualTo(new[] { 4.8769, 3.3569, 2.6803, 2.2898, 2.0310 }).Within(0.002));
    }

    [Test]
    public void Boundaries_OneLook_IsTheFixedSampleQuantile()
    {
        double[] c = GroupSequential.Boundaries(SpendingFunction.Pocock, 0.025, [1.0]);
        Assert.That(c[0], Is.EqualTo(1.959964).Within(1e-6));
    }

    [TestCase(SpendingFunction.Pocock)]
    [TestCase(SpendingFunction.OBrienFleming)]
    public void Boundaries_UnequalLooks_CrossingProbabilitiesAreTheSpentError(SpendingFunction function)
    {
        // Monte Carlo of the null process at unequal, unplanned looks: the share of paths first crossing by look k must be
        // s(t_k), within 4 standard errors (200,000 seeded paths).
        double[] fractions = [0.05, 0.08, 0.2, 0.45, 0.5, 1.0];
        const double error = 0.05;
        double[] c = GroupSequential.Boundaries(function, error, fractions);
        const int paths = 200_000;
        var random = new Random(7);
        var crossedBy = new int[fractions.Length];
        for (int p = 0; p < paths; p++)
        {
            double score = 0, previous = 0;
            for (int k = 0; k < fractions.Length; k++)
            {
                score += Normal(random) * Math.Sqrt(fractions[k] - previous);
                previous = fractions[k];
                if (score / Math.Sqrt(fractions[k]) >= c[k])
                {
                    for (int j = k; j < fractions.Length; j++)
                    {
                        crossedBy[j]++;
                    }

                    break;
                }
            }
        }

        for (int k = 0; k < fractions.Length; k++)
        {
            double expected = GroupSequential.Spent(function, error, fractions[k]);
            double standardError = Math.Sqrt(Math.Max(expected, 1e-4) * (1 - expected) / paths);
            Assert.That((double)crossedBy[k] / paths, Is.EqualTo(expected).Within(4 * standardError), $"look {k + 1} at t = {fractions[k]}");
        }
    }

    [Test]
    public void Boundaries_RepeatedFraction_SpendsNothingMore()
    {
        double[] c = GroupSequential.Boundaries(SpendingFunction.Pocock, 0.025, [0.3, 0.3, 0.6]);
        Assert.That(c[1], Is.EqualTo(c[0]));
        Assert.That(c[2], Is.LessThan(GroupSequential.MaxZ));
    }

    [Test]
    public void Spent_IsZeroAtZeroAndTheWholeErrorAtOne()
    {
        foreach (SpendingFunction function in Enum.GetValues<SpendingFunction>())
        {
            Assert.That(GroupSequential.Spent(function, 0.025, 0), Is.Zero);
            Assert.That(GroupSequential.Spent(function, 0.025, 1), Is.EqualTo(0.025).Within(1e-12));
            Assert.That(GroupSequential.Spent(function, 0.025, 0.5), Is.InRange(0.0, 0.025));
        }
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
