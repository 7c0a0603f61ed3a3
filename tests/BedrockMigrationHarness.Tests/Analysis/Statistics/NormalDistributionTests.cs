using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class NormalDistributionTests
{
    // Reference quantiles from R: qnorm(c(0.975, 0.95, 0.8, 0.5, 0.001, 1e-10)).
    [TestCase(0.975, 1.959963984540054)]
    [TestCase(0.95, 1.644853626951472)]
    [TestCase(0.8, 0.841621233572914)]
    [TestCase(0.5, 0.0)]
    [TestCase(0.001, -3.090232306167813)]
    [TestCase(1e-10, -6.361340902404056)]
    public void Quantile_KnownValues_MatchR(double p, double expected) =>
        Assert.That(NormalDistribution.Quantile(p), Is.EqualTo(expected).Within(1e-12));

    [TestCase(0.0)]
    [TestCase(1.0)]
    [TestCase(double.NaN)]
    public void Quantile_OutsideOpenInterval_Throws(double p) =>
        Assert.That(() => NormalDistribution.Quantile(p), Throws.TypeOf<ArgumentOutOfRangeException>());

    [TestCase(-3.0)]
    [TestCase(-1.0)]
    [TestCase(0.3)]
    [TestCase(1.959963984540054)]
    public void Cdf_InvertsQuantile(double x) =>
        Assert.That(NormalDistribution.Quantile(NormalDistribution.Cdf(x)), Is.EqualTo(x).Within(1e-5));

    [Test]
    public void Cdf_AgainstNumericalIntegration_Agrees()
    {
        // Brute force: trapezoid rule over the density from -10 to x.
        foreach (double x in new[] { -2.5, -0.7, 0.0, 1.1, 2.2 })
        {
            const int steps = 200_000;
            double h = (x + 10) / steps;
            double sum = 0;
            for (int i = 0; i <= steps; i++)
            {
                double t = -10 + (i * h);
                double w = i == 0 || i == steps ? 0.5 : 1;
                sum += w * Math.Exp(-t * t / 2) / Math.Sqrt(2 * Math.PI);
            }

            Assert.That(NormalDistribution.Cdf(x), Is.EqualTo(sum * h).Within(2e-7), $"x = {x}");
        }
    }
}
