namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>Rank tests for two independent samples.</summary>
internal static class RankTests
{
    /// <summary>
    /// One-sided Mann–Whitney U test (Mann &amp; Whitney, Ann. Math. Stat. 18, 1947) that values in
    /// <paramref name="candidate"/> tend to be larger than in <paramref name="baseline"/>: normal approximation with
    /// continuity correction, ties counted as one half. 1 when either sample is empty.
    /// </summary>
    public static double MannWhitneyGreater(IReadOnlyList<double> candidate, IReadOnlyList<double> baseline)
    {
        int m = candidate.Count;
        int n = baseline.Count;
        if (m == 0 || n == 0)
        {
            return 1;
        }

        double u = 0;
        foreach (double c in candidate)
        {
            foreach (double b in baseline)
            {
                u += c > b ? 1 : c == b ? 0.5 : 0;
            }
        }

        double mean = m * n / 2.0;
        double sd = Math.Sqrt(m * n * (m + n + 1) / 12.0);
        return 1 - NormalDistribution.Cdf((u - mean - 0.5) / sd);
    }
}
