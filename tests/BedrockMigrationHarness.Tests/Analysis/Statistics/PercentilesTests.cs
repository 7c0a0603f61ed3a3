using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class PercentilesTests
{
    // R: quantile(c(1, 2, 3, 4), c(0.5, 0.9, 0.99, 0, 1)) (type 7) = 2.5, 3.7, 3.97, 1, 4.
    [TestCase(0.5, 2.5)]
    [TestCase(0.9, 3.7)]
    [TestCase(0.99, 3.97)]
    [TestCase(0.0, 1.0)]
    [TestCase(1.0, 4.0)]
    public void Type7_HandExample_MatchesR(double p, double expected) =>
        Assert.That(Percentiles.Type7([1, 2, 3, 4], p), Is.EqualTo(expected).Within(1e-12));

    [Test]
    public void Type7_TenValues_MatchesR()
    {
        // R: quantile(c(3, 6, 7, 8, 8, 10, 13, 15, 16, 20), 0.25) = 7.25 (type 7).
        Assert.That(Percentiles.Type7([3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 0.25), Is.EqualTo(7.25).Within(1e-12));
    }

    [Test]
    public void Type7_SingleValue_IsThatValue() => Assert.That(Percentiles.Type7([42], 0.99), Is.EqualTo(42));

    [Test]
    public void Type7_Empty_Throws() => Assert.That(() => Percentiles.Type7([], 0.5), Throws.ArgumentException);

    [Test]
    public void Type7_AgainstPiecewiseLinearDefinition_Agrees()
    {
        // Brute force: type 7 is the piecewise-linear curve through ((k − 1)/(n − 1), x₍ₖ₎); find the segment by scanning.
        var random = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(2, 12);
            double[] x = [.. Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 100, 1)).Order()];
            double p = random.NextDouble();
            double expected = double.NaN;
            for (int k = 0; k < n - 1; k++)
            {
                double left = (double)k / (n - 1), right = (double)(k + 1) / (n - 1);
                if (p >= left && p <= right)
                {
                    expected = x[k] + ((p - left) / (right - left) * (x[k + 1] - x[k]));
                    break;
                }
            }

            Assert.That(Percentiles.Type7(x, p), Is.EqualTo(expected).Within(1e-9));
        }
    }

    [Test]
    public void Type7Unsorted_AgainstSortThenType7_Agrees()
    {
        // Reference: sort, then the plain definition; inputs with ties, sorted, reversed and random orders.
        var random = new Random(17);
        double[] probabilities = [0.0, 0.5, 0.9, 0.99, 1.0];
        for (int trial = 0; trial < 500; trial++)
        {
            int n = random.Next(1, 300);
            IEnumerable<double> source = (trial % 5) switch
            {
                0 => Enumerable.Range(0, n).Select(i => (double)i),
                1 => Enumerable.Range(0, n).Select(i => (double)(n - i)),
                2 => Enumerable.Range(0, n).Select(_ => (double)random.Next(4)),
                _ => Enumerable.Range(0, n).Select(_ => random.NextDouble() * 1000),
            };
            double[] values = [.. source];
            double[] sorted = [.. values.Order()];
            var results = new double[probabilities.Length];
            Percentiles.Type7Unsorted(values, probabilities, results);
            for (int q = 0; q < probabilities.Length; q++)
            {
                Assert.That(results[q], Is.EqualTo(Percentiles.Type7(sorted, probabilities[q])).Within(1e-9), $"n={n} p={probabilities[q]}");
            }
        }
    }
}
