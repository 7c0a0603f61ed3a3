using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class ProportionIntervalsTests
{
    // Newcombe (1998), Stat Med 17:857, Table II, method 3 (Wilson score without continuity correction).
    [TestCase(81, 263, 0.2553, 0.3662)]
    [TestCase(15, 148, 0.0624, 0.1605)]
    [TestCase(0, 20, 0.0, 0.1611)]
    [TestCase(1, 29, 0.0061, 0.1718)]
    public void Wilson_NewcombeExamples_Match(int successes, int trials, double lower, double upper)
    {
        Interval interval = ProportionIntervals.Wilson(successes, trials, 0.95)!;
        Assert.Multiple(() =>
        {
            Assert.That(interval.Lower, Is.EqualTo(lower).Within(0.00005));
            Assert.That(interval.Upper, Is.EqualTo(upper).Within(0.00005));
        });
    }

    // Exact bounds by inverting the binomial tails with exact rational sums (Python's math.comb), to 1e-6.
    [TestCase(95, 100, 0.887165, 0.983568)]
    [TestCase(90, 100, 0.823777, 0.950995)]
    [TestCase(81, 263, 0.252737, 0.367622)]
    [TestCase(0, 20, 0.0, 0.168433)]
    [TestCase(20, 20, 0.831567, 1.0)]
    public void ClopperPearson_ExactInversions_Match(int successes, int trials, double lower, double upper)
    {
        Interval interval = ProportionIntervals.ClopperPearson(successes, trials, 0.95)!;
        Assert.Multiple(() =>
        {
            Assert.That(interval.Lower, Is.EqualTo(lower).Within(0.000001));
            Assert.That(interval.Upper, Is.EqualTo(upper).Within(0.000001));
        });
    }

    [Test]
    public void ClopperPearson_MillionTrials_BoundsHoldTheirTails()
    {
        Interval interval = ProportionIntervals.ClopperPearson(980_000, 1_000_000, 0.95)!;
        Assert.Multiple(() =>
        {
            Assert.That(ExactTests.RegularizedBeta(interval.Lower, 980_000, 20_001), Is.EqualTo(0.025).Within(1e-6));
            Assert.That(interval.Lower, Is.EqualTo(0.98).Within(0.0005));
            Assert.That(interval.Upper, Is.EqualTo(0.98).Within(0.0005));
            Assert.That(ProportionIntervals.ClopperPearson(0, 0, 0.95), Is.Null);
        });
    }

    [Test]
    public void Wilson_PerfectHundred_LowerBoundIsBelowNinetyEightPercent()
    {
        // Why the floor gate cannot demand a proven 98%: 100/100 has a Wilson lower bound of about 96.3%.
        Assert.That(ProportionIntervals.Wilson(100, 100, 0.95)!.Lower, Is.EqualTo(0.9630).Within(0.0001));
    }

    [Test]
    public void Wilson_NoTrials_IsNull() => Assert.That(ProportionIntervals.Wilson(0, 0, 0.95), Is.Null);

    [Test]
    public void Wilson_AgainstBruteForceScoreTestInversion_Agrees()
    {
        // Brute force: the Wilson interval is every p whose score test |p̂ − p| ≤ z·√(p(1 − p)/n) accepts.
        double z = NormalDistribution.TwoSidedZ(0.95);
        for (int n = 1; n <= 12; n++)
        {
            for (int k = 0; k <= n; k++)
            {
                double phat = (double)k / n;
                double lo = double.NaN, hi = double.NaN;
                for (int i = 0; i <= 1_000_000; i++)
                {
                    double p = i / 1_000_000.0;
                    if (Math.Abs(phat - p) <= z * Math.Sqrt(p * (1 - p) / n) + 1e-15)
                    {
                        lo = double.IsNaN(lo) ? p : lo;
                        hi = p;
                    }
                }

                Interval interval = ProportionIntervals.Wilson(k, n, 0.95)!;
                Assert.That(interval.Lower, Is.EqualTo(lo).Within(2e-6), $"{k}/{n} lower");
                Assert.That(interval.Upper, Is.EqualTo(hi).Within(2e-6), $"{k}/{n} upper");
            }
        }
    }

    // Newcombe (1998), Stat Med 17:873, Table II, method 10 (hybrid score).
    [TestCase(56, 70, 48, 80, 0.0524, 0.3339)]
    [TestCase(9, 10, 3, 10, 0.1705, 0.8090)]
    [TestCase(0, 10, 0, 20, -0.1611, 0.2775)]
    public void NewcombeDifference_PublishedExamples_Match(int s1, int n1, int s2, int n2, double lower, double upper)
    {
        Interval interval = ProportionIntervals.NewcombeDifference(s1, n1, s2, n2, 0.95)!;
        Assert.Multiple(() =>
        {
            Assert.That(interval.Lower, Is.EqualTo(lower).Within(0.00005));
            Assert.That(interval.Upper, Is.EqualTo(upper).Within(0.00005));
        });
    }

    [Test]
    public void NewcombeDifference_AgainstSquareAndAddOfWilson_Agrees()
    {
        // Reference: Newcombe's formula written out from the two Wilson intervals.
        for (int s1 = 0; s1 <= 6; s1++)
        {
            for (int s2 = 0; s2 <= 6; s2++)
            {
                Interval w1 = ProportionIntervals.Wilson(s1, 6, 0.9)!, w2 = ProportionIntervals.Wilson(s2, 6, 0.9)!;
                double p1 = s1 / 6.0, p2 = s2 / 6.0;
                double lower = p1 - p2 - Math.Sqrt(Math.Pow(p1 - w1.Lower, 2) + Math.Pow(w2.Upper - p2, 2));
                double upper = p1 - p2 + Math.Sqrt(Math.Pow(w1.Upper - p1, 2) + Math.Pow(p2 - w2.Lower, 2));
                Interval actual = ProportionIntervals.NewcombeDifference(s1, 6, s2, 6, 0.9)!;
                Assert.That(actual.Lower, Is.EqualTo(lower).Within(1e-12));
                Assert.That(actual.Upper, Is.EqualTo(upper).Within(1e-12));
            }
        }
    }
}
