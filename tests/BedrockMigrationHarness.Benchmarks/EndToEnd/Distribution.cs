using System.Globalization;
using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>p50 / p99 / max of a sample (type-7 percentiles, as the reports use), formatted in ms.</summary>
internal sealed record Distribution(int Count, double P50, double P99, double Max)
{
    public static Distribution Of(IEnumerable<double> values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new Distribution(0, double.NaN, double.NaN, double.NaN)
            : new Distribution(sorted.Length, Percentiles.Type7(sorted, 0.5), Percentiles.Type7(sorted, 0.99), sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"n={Count,6}  p50 {P50,8:F3} ms  p99 {P99,8:F3} ms  max {Max,8:F3} ms");
}
