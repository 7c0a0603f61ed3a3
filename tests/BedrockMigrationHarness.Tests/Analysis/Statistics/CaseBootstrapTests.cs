using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class CaseBootstrapTests
{
    private static readonly double[][] Baseline = [[10, 11, 12], [20, 21], [30, 35, 40, 45], [5]];
    private static readonly double[][] Candidate = [[12, 13, 14], [22, 20], [31, 36, 41, 50], [6]];

    [Test]
    public void Percentiles_SameSeed_SameReplicates()
    {
        double[][][] first = CaseBootstrap.Percentiles([Baseline, Candidate], [0.5, 0.99], 500, 42);
        double[][][] second = CaseBootstrap.Percentiles([Baseline, Candidate], [0.5, 0.99], 500, 42);
        Assert.That(first, Is.EqualTo(second));
    }

    [Test]
    public void Percentiles_EachReplicate_IsType7OfTheDrawnCasesValues()
    {
        // The bootstrap reads percentiles off a weighted sorted pool; they must be exactly those of the gathered values,
        // with ties, an empty case and the same draw sequence (Random(seed).Next(cases) per case, per resample).
        double[][] arm = [[10, 11, 12, 12], [20, 21], [], [30, 35, 40, 45, 12], [5], [21, 21, 21]];
        double[] probabilities = [0.0, 0.25, 0.5, 0.9, 0.99, 1.0];
        double[][][] replicates = CaseBootstrap.Percentiles([arm], probabilities, 300, 5);
        var random = new Random(5);
        var expected = new double[probabilities.Length];
        for (int b = 0; b < 300; b++)
        {
            var gathered = new List<double>();
            for (int i = 0; i < arm.Length; i++)
            {
                gathered.AddRange(arm[random.Next(arm.Length)]);
            }

            if (gathered.Count == 0)
            {
                Assert.That(replicates[0].Select(q => q[b]), Is.All.NaN);
                continue;
            }

            Percentiles.Type7Unsorted(gathered.ToArray(), probabilities, expected);
            Assert.That(replicates[0].Select(q => q[b]), Is.EqualTo(expected), $"resample {b}");
        }
    }

    [Test]
    public void Percentiles_OtherSeed_OtherReplicates()
    {
        double[][][] first = CaseBootstrap.Percentiles([Baseline], [0.5], 500, 42);
        double[][][] second = CaseBootstrap.Percentiles([Baseline], [0.5], 500, 43);
        Assert.That(first[0][0], Is.Not.EqualTo(second[0][0]));
    }

    [Test]
    public void MeansAndPercentiles_SameSeed_DrawTheSameCases()
    {
        // Pairing across calls: with one value per case, p50 of a one-case-per-value resample and the mean agree
        // whenever the draw repeats a single case, and in every resample the same cases are drawn.
        double[][] single = [[1], [2], [3]];
        double[][] means = CaseBootstrap.Means([single], 300, 9);
        double[][][] maxima = CaseBootstrap.Percentiles([single], [1.0], 300, 9);
        double[][][] minima = CaseBootstrap.Percentiles([single], [0.0], 300, 9);
        for (int b = 0; b < 300; b++)
        {
            Assert.That(means[0][b], Is.InRange(minima[0][0][b], maxima[0][0][b]));
        }
    }

    [Test]
    public void Means_AgainstExhaustiveBootstrapDistribution_Agrees()
    {
        // Brute force: with 4 cases there are 4^4 = 256 equally likely resamples; enumerate them all and compare
        // the exact bootstrap mean and 2.5%/97.5% quantiles with 20,000 random resamples.
        var exact = new List<double>();
        for (int code = 0; code < 256; code++)
        {
            double sum = 0;
            int count = 0;
            for (int position = 0, rest = code; position < 4; position++, rest /= 4)
            {
                sum += Baseline[rest % 4].Sum();
                count += Baseline[rest % 4].Length;
            }

            exact.Add(sum / count);
        }

        double[] sampled = CaseBootstrap.Means([Baseline], 20_000, 1)[0];
        double[] sortedExact = [.. exact.Order()];
        Interval interval = CaseBootstrap.PercentileInterval(sampled, 0.95)!;
        Assert.Multiple(() =>
        {
            Assert.That(sampled.Average(), Is.EqualTo(exact.Average()).Within(0.15));
            Assert.That(interval.Lower, Is.EqualTo(Percentiles.Type7(sortedExact, 0.025)).Within(1.0));
            Assert.That(interval.Upper, Is.EqualTo(Percentiles.Type7(sortedExact, 0.975)).Within(1.0));
        });
    }

    [Test]
    public void PercentileInterval_IgnoresNaNAndNeedsTwentyFinite()
    {
        double[] replicates = [.. Enumerable.Range(0, 19).Select(static i => (double)i), double.NaN];
        Assert.That(CaseBootstrap.PercentileInterval(replicates, 0.95), Is.Null);
        double[] enough = [.. Enumerable.Range(0, 101).Select(static i => (double)i), double.NaN];
        Interval interval = CaseBootstrap.PercentileInterval(enough, 0.95)!;
        Assert.That(new[] { interval.Lower, interval.Upper }, Is.EqualTo(new[] { 2.5, 97.5 }).Within(1e-9));
    }

    [Test]
    public void PercentileInterval_TailBeyondTheReplicates_IsTheNormalIntervalWithTheBootstrapSd()
    {
        // 101 replicates 0..100 (mean 50, sd 29.3): a 99.9% tail of 0.0005 holds no replicate, so the interval is
        // 50 ± 3.2905 × 29.3002 instead of the sample's extremes, which would understate it.
        double[] replicates = [.. Enumerable.Range(0, 101).Select(static i => (double)i)];
        Interval interval = CaseBootstrap.PercentileInterval(replicates, 0.999)!;
        Assert.That(new[] { interval.Lower, interval.Upper }, Is.EqualTo(new[] { 50 - (3.290527 * 29.300171), 50 + (3.290527 * 29.300171) }).Within(1e-3));
    }

    [Test]
    public void RelativeChange_IsRatioMinusOneAndNaNForNonPositiveBaseline()
    {
        double[] change = CaseBootstrap.RelativeChange([12, 5, 3], [10, 0, 4]);
        Assert.Multiple(() =>
        {
            Assert.That(change[0], Is.EqualTo(0.2).Within(1e-12));
            Assert.That(change[1], Is.NaN);
            Assert.That(change[2], Is.EqualTo(-0.25).Within(1e-12));
        });
    }

    [Test]
    public void Percentiles_ArmsWithDifferentCaseCounts_Throws() =>
        Assert.That(() => CaseBootstrap.Percentiles([Baseline, [[1.0]]], [0.5], 10, 1), Throws.ArgumentException);
}
