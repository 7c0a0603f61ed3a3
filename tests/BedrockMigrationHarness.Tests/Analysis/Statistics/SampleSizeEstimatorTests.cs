using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class SampleSizeEstimatorTests
{
    [Test]
    public void SamplesPerCase_TextbookCase_MatchesFormula()
    {
        // SE now = 0.1 (interval ±1.96·0.1 at 95%), effect 0.1 beyond the margin, 5 samples per case:
        // n = 5·((1.96 + 0.8416)·0.1/0.1)² = 5·7.849 = 39.2 → 40.
        var interval = new Interval(0.3 - (1.959964 * 0.1), 0.3 + (1.959964 * 0.1));
        Assert.That(SampleSizeEstimator.SamplesPerCase(0.3, interval, 0.2, 5, 0.95), Is.EqualTo(40));
    }

    [Test]
    public void SamplesPerCase_EstimateOnTheMargin_IsCapped() =>
        Assert.That(SampleSizeEstimator.SamplesPerCase(0.2, new Interval(0.1, 0.3), 0.2, 5, 0.95), Is.EqualTo(SampleSizeEstimator.Cap));

    [Test]
    public void SamplesPerCase_TinyEffect_IsCapped() =>
        Assert.That(SampleSizeEstimator.SamplesPerCase(0.2001, new Interval(0.0, 0.4), 0.2, 5, 0.95), Is.EqualTo(SampleSizeEstimator.Cap));

    [Test]
    public void SamplesPerCase_AlwaysMoreThanNow() =>
        Assert.That(SampleSizeEstimator.SamplesPerCase(0.5, new Interval(0.19, 0.81), 0.2, 5, 0.95), Is.GreaterThan(5));
}
