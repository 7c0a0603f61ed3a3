namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>
/// The nonparametric bootstrap over cases (Efron &amp; Tibshirani, An Introduction to the Bootstrap, 1993, ch. 6 and
/// 13): each resample draws the suite's cases with replacement and recomputes every arm's statistic from all attempts
/// of the drawn cases. Every call with the same seed draws the same case sequence, so statistics computed in separate
/// calls (latency, tokens) and across arms stay paired resample by resample.
/// </summary>
internal static class CaseBootstrap
{
    /// <summary>
    /// Per arm, per probability, per resample: the type-7 percentile of the resample's pooled values
    /// (NaN when the drawn cases hold no value for that arm).
    /// </summary>
    /// <param name="arms">Per arm, per case, the values; every arm has the same case count.</param>
    /// <param name="probabilities">Ascending.</param>
    public static double[][][] Percentiles(IReadOnlyList<double[][]> arms, IReadOnlyList<double> probabilities, int resamples, int seed)
    {
        int caseCount = CaseCount(arms);
        var result = new double[arms.Count][][];
        var buffers = new double[arms.Count][];
        for (int a = 0; a < arms.Count; a++)
        {
            result[a] = new double[probabilities.Count][];
            for (int q = 0; q < probabilities.Count; q++)
            {
                result[a][q] = new double[resamples];
            }

            buffers[a] = new double[caseCount * MaxLength(arms[a])];
        }

        double[] ascending = [.. probabilities];
        var quantiles = new double[ascending.Length];
        var random = new Random(seed);
        var drawn = new int[caseCount];
        for (int b = 0; b < resamples; b++)
        {
            Draw(random, drawn);
            for (int a = 0; a < arms.Count; a++)
            {
                int length = Gather(arms[a], drawn, buffers[a]);
                if (length == 0)
                {
                    quantiles.AsSpan().Fill(double.NaN);
                }
                else
                {
                    Statistics.Percentiles.Type7Unsorted(buffers[a].AsSpan(0, length), ascending, quantiles);
                }

                for (int q = 0; q < quantiles.Length; q++)
                {
                    result[a][q][b] = quantiles[q];
                }
            }
        }

        return result;
    }

    /// <summary>Per arm, per resample: the mean of the resample's pooled values (NaN when there are none).</summary>
    public static double[][] Means(IReadOnlyList<double[][]> arms, int resamples, int seed)
    {
        int caseCount = CaseCount(arms);
        var sums = new double[arms.Count][];
        var counts = new int[arms.Count][];
        for (int a = 0; a < arms.Count; a++)
        {
            // Per-case sums and counts once, so a resample costs O(cases), not O(attempts).
            sums[a] = new double[caseCount];
            counts[a] = new int[caseCount];
            for (int c = 0; c < caseCount; c++)
            {
                double[] values = arms[a][c];
                double sum = 0;
                for (int i = 0; i < values.Length; i++)
                {
                    sum += values[i];
                }

                sums[a][c] = sum;
                counts[a][c] = values.Length;
            }
        }

        var result = new double[arms.Count][];
        for (int a = 0; a < arms.Count; a++)
        {
            result[a] = new double[resamples];
        }

        var random = new Random(seed);
        var drawn = new int[caseCount];
        for (int b = 0; b < resamples; b++)
        {
            Draw(random, drawn);
            for (int a = 0; a < arms.Count; a++)
            {
                double sum = 0;
                int count = 0;
                foreach (int c in drawn)
                {
                    sum += sums[a][c];
                    count += counts[a][c];
                }

                result[a][b] = count == 0 ? double.NaN : sum / count;
            }
        }

        return result;
    }

    /// <summary>
    /// The percentile-method interval (Efron &amp; Tibshirani 1993, ch. 13) of a bootstrap distribution at the
    /// confidence level, ignoring non-finite replicates; null when fewer than 20 replicates are finite.
    /// </summary>
    public static Interval? PercentileInterval(ReadOnlySpan<double> replicates, double confidenceLevel)
    {
        var finite = new double[replicates.Length];
        int n = 0;
        foreach (double value in replicates)
        {
            if (double.IsFinite(value))
            {
                finite[n++] = value;
            }
        }

        if (n < 20)
        {
            return null;
        }

        Span<double> sorted = finite.AsSpan(0, n);
        sorted.Sort();
        double tail = (1 - confidenceLevel) / 2;
        return new Interval(Statistics.Percentiles.Type7(sorted, tail), Statistics.Percentiles.Type7(sorted, 1 - tail));
    }

    /// <summary>Replicate-wise <paramref name="candidate"/> / <paramref name="baseline"/> − 1 (NaN where the baseline is not positive).</summary>
    public static double[] RelativeChange(ReadOnlySpan<double> candidate, ReadOnlySpan<double> baseline)
    {
        var result = new double[candidate.Length];
        for (int b = 0; b < result.Length; b++)
        {
            result[b] = baseline[b] > 0 ? (candidate[b] / baseline[b]) - 1 : double.NaN;
        }

        return result;
    }

    private static int CaseCount(IReadOnlyList<double[][]> arms)
    {
        if (arms.Count == 0)
        {
            throw new ArgumentException("At least one arm is required.", nameof(arms));
        }

        int caseCount = arms[0].Length;
        foreach (double[][] arm in arms)
        {
            if (arm.Length != caseCount)
            {
                throw new ArgumentException("Every arm must hold the same cases.", nameof(arms));
            }
        }

        return caseCount;
    }

    private static int MaxLength(double[][] perCase)
    {
        int max = 0;
        foreach (double[] values in perCase)
        {
            max = Math.Max(max, values.Length);
        }

        return max;
    }

    private static void Draw(Random random, int[] drawn)
    {
        for (int i = 0; i < drawn.Length; i++)
        {
            drawn[i] = random.Next(drawn.Length);
        }
    }

    private static int Gather(double[][] perCase, int[] drawn, double[] buffer)
    {
        int length = 0;
        foreach (int c in drawn)
        {
            double[] values = perCase[c];
            values.CopyTo(buffer, length);
            length += values.Length;
        }

        return length;
    }
}
