namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>Sample percentiles.</summary>
internal static class Percentiles
{
    /// <summary>The estimator's name, as reports print it.</summary>
    public const string EstimatorName = "Hyndman-Fan type 7 (linear interpolation between order statistics; R and Excel default)";

    /// <summary>
    /// The <paramref name="probability"/> quantile of ascending-sorted values by Hyndman &amp; Fan (1996) definition 7:
    /// h = (n − 1)·p, interpolating linearly between the order statistics around h.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sorted"/> is empty.</exception>
    public static double Type7(ReadOnlySpan<double> sorted, double probability)
    {
        if (sorted.IsEmpty)
        {
            throw new ArgumentException("At least one value is required.", nameof(sorted));
        }

        double h = (sorted.Length - 1) * probability;
        int lower = (int)Math.Floor(h);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        return sorted[lower] + ((h - lower) * (sorted[lower + 1] - sorted[lower]));
    }
}
