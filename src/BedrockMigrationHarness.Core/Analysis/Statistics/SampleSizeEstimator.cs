namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>How many samples per case would turn an inconclusive gate into a decision.</summary>
internal static class SampleSizeEstimator
{
    /// <summary>Estimates above this are reported as "more than 10,000".</summary>
    public const int Cap = 10_000;

    /// <summary>The power the estimate aims for.</summary>
    public const double Power = 0.80;

    /// <summary>
    /// Normal-approximation power calculation (e.g. Chow, Shao &amp; Wang, Sample Size Calculations in Clinical
    /// Research, ch. 3): assuming the observed <paramref name="estimate"/> is the truth and the standard error falls as
    /// 1/√n, the samples per case at which the interval excludes <paramref name="margin"/> with 80% power:
    /// n = n₀ · ((z₁₋α/₂ + z_power) · SE₀ / |estimate − margin|)², with SE₀ read off the current interval.
    /// Returns <see cref="Cap"/> when the estimate sits on the margin or the answer exceeds the cap.
    /// </summary>
    public static int SamplesPerCase(double estimate, Interval interval, double margin, int currentSamplesPerCase, double confidenceLevel)
    {
        double z = NormalDistribution.TwoSidedZ(confidenceLevel);
        double standardError = (interval.Upper - interval.Lower) / (2 * z);
        double distance = Math.Abs(estimate - margin);
        if (distance <= 0 || standardError <= 0)
        {
            return Cap;
        }

        double ratio = (z + NormalDistribution.Quantile(Power)) * standardError / distance;
        double needed = Math.Max(1, currentSamplesPerCase) * ratio * ratio;
        return needed >= Cap ? Cap : Math.Max(currentSamplesPerCase + 1, (int)Math.Ceiling(needed));
    }
}
