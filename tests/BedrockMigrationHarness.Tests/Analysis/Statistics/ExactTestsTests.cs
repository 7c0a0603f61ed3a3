using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class ExactTestsTests
{
    // By hand: P(X ≥ 4 | 5, ½) = (5 + 1)/32; P(X ≥ 7 | 8, ½) = (8 + 1)/256; P(X ≥ 3 | 3, ½) = 1/8.
    [TestCase(4, 1, 6.0 / 32)]
    [TestCase(7, 1, 9.0 / 256)]
    [TestCase(3, 0, 1.0 / 8)]
    [TestCase(0, 0, 1.0)]
    [TestCase(0, 5, 1.0)]
    public void SignTestOneSided_HandComputed_Matches(int worse, int better, double expected) =>
        Assert.That(ExactTests.SignTestOneSided(worse, better), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void BinomialUpperTail_AgainstEnumerationOfAllOutcomes_Agrees()
    {
        // Brute force: enumerate all 2^n sequences with their probabilities.
        foreach (double p in new[] { 0.5, 0.1, 0.73 })
        {
            for (int n = 0; n <= 12; n++)
            {
                var mass = new double[n + 1];
                for (int mask = 0; mask < 1 << n; mask++)
                {
                    int ones = System.Numerics.BitOperations.PopCount((uint)mask);
                    mass[ones] += Math.Pow(p, ones) * Math.Pow(1 - p, n - ones);
                }

                for (int k = 0; k <= n + 1; k++)
                {
                    double expected = mass.Skip(k).Sum();
                    Assert.That(ExactTests.BinomialUpperTail(k, n, p), Is.EqualTo(expected).Within(1e-12), $"k={k} n={n} p={p}");
                }
            }
        }
    }

    [Test]
    public void BinomialUpperTail_LargeN_StaysFiniteAndMatchesNormalApproximation()
    {
        // n = 10,000, p = ½: P(X ≥ 5,100) ≈ 1 − Φ((5,099.5 − 5,000)/50) = 1 − Φ(1.99) ≈ 0.0233.
        Assert.That(ExactTests.BinomialUpperTail(5100, 10_000, 0.5), Is.EqualTo(0.0233).Within(0.0005));
    }

    // Fisher one-sided by hand: 2/5 vs 5/5 → C(5,2)C(5,5)/C(10,7) = 10/120; 0/5 vs 5/5 → 1/252; 3/5 vs 5/5 → 10/45.
    [TestCase(2, 5, 5, 5, 10.0 / 120)]
    [TestCase(0, 5, 5, 5, 1.0 / 252)]
    [TestCase(3, 5, 5, 5, 10.0 / 45)]
    [TestCase(5, 5, 5, 5, 1.0)]
    public void FisherLowerTail_HandComputed_Matches(int sa, int na, int sb, int nb, double expected) =>
        Assert.That(ExactTests.FisherLowerTail(sa, na, sb, nb), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void FisherLowerTail_AgainstEnumerationOfAllocations_Agrees()
    {
        // Brute force: put the successes among the na + nb trials in every way (all subsets), count those with ≤ sa in A.
        const int na = 4, nb = 5;
        for (int sa = 0; sa <= na; sa++)
        {
            for (int sb = 0; sb <= nb; sb++)
            {
                int total = 0, atMost = 0;
                for (int mask = 0; mask < 1 << (na + nb); mask++)
                {
                    if (System.Numerics.BitOperations.PopCount((uint)mask) != sa + sb)
                    {
                        continue;
                    }

                    total++;
                    atMost += System.Numerics.BitOperations.PopCount((uint)mask & ((1u << na) - 1)) <= sa ? 1 : 0;
                }

                Assert.That(ExactTests.FisherLowerTail(sa, na, sb, nb), Is.EqualTo((double)atMost / total).Within(1e-12));
            }
        }
    }

    [Test]
    public void LogFactorial_StirlingBeyondTable_MatchesSummedLogs()
    {
        double sum = 0;
        for (int i = 2; i <= 1000; i++)
        {
            sum += Math.Log(i);
            if (i >= 250)
            {
                Assert.That(ExactTests.LogFactorial(i), Is.EqualTo(sum).Within(sum * 1e-13), $"{i}!");
            }
        }
    }
}
