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
        var pools = new SortedPool[arms.Count];
        for (int a = 0; a < arms.Count; a++)
        {
            result[a] = new double[probabilities.Count][];
            for (int q = 0; q < probabilities.Count; q++)
            {
                result[a][q] = new double[resamples];
            }

            pools[a] = new SortedPool(arms[a], probabilities.Count);
        }

        double[] ascending = [.. probabilities];
        var quantiles = new double[ascending.Length];
        var random = new Random(seed);
        var drawn = new int[caseCount];
        var weights = new int[caseCount];
        for (int b = 0; b < resamples; b++)
        {
            Draw(random, drawn);
            Array.Clear(weights);
            foreach (int c in drawn)
            {
                weights[c]++;
            }

            for (int a = 0; a < arms.Count; a++)
            {
                pools[a].Type7(weights, ascending, quantiles);
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
    /// confidence level, ignoring non-finite replicates; null when fewer than 20 replicates are finite. When the level's
    /// tail holds less than one replicate, the normal interval with the replicates' mean and standard deviation.
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
        double tail = (1 - confidenceLevel) / 2;
        if (tail * n < 1)
        {
            // A tail smaller than one replicate in n (an early look of an adaptive run) cannot be read off the
            // replicates: the normal interval with the bootstrap's standard error instead (Efron & Tibshirani 1993, §13.2).
            double mean = 0;
            foreach (double value in sorted)
            {
                mean += value / n;
            }

            double squares = 0;
            foreach (double value in sorted)
            {
                squares += (value - mean) * (value - mean);
            }

            double halfWidth = NormalDistribution.TwoSidedZ(confidenceLevel) * Math.Sqrt(squares / (n - 1));
            return new Interval(mean - halfWidth, mean + halfWidth);
        }

        sorted.Sort();
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

    private static void Draw(Random random, int[] drawn)
    {
        for (int i = 0; i < drawn.Length; i++)
        {
            drawn[i] = random.Next(drawn.Length);
        }
    }

    /// <summary>
    /// One arm's values sorted once, each with its case. A resample's pooled values are the drawn cases' values, each
    /// case as many times as it was drawn; instead of gathering and selecting them (O(values) copies and a quickselect
    /// per resample), the type-7 percentiles are read off the sorted pool by a forward scan that counts every value
    /// with its case's weight. The order statistics, and so the replicates, are exactly those of the gathered values.
    /// </summary>
    private sealed class SortedPool
    {
        private readonly double[] _values;
        private readonly int[] _cases;
        private readonly int[] _lengths;
        private readonly (long Rank, int Slot)[] _ranks;
        private readonly double[] _found;

        /// <param name="probabilities">How many percentiles each call asks for.</param>
        public SortedPool(double[][] perCase, int probabilities)
        {
            _ranks = new (long, int)[2 * probabilities];
            _found = new double[2 * probabilities];
            _lengths = new int[perCase.Length];
            int total = 0;
            for (int c = 0; c < perCase.Length; c++)
            {
                _lengths[c] = perCase[c].Length;
                total += perCase[c].Length;
            }

            _values = new double[total];
            _cases = new int[total];
            int at = 0;
            for (int c = 0; c < perCase.Length; c++)
            {
                perCase[c].CopyTo(_values, at);
                _cases.AsSpan(at, perCase[c].Length).Fill(c);
                at += perCase[c].Length;
            }

            Array.Sort(_values, _cases);
        }

        /// <summary>As <see cref="Statistics.Percentiles.Type7Unsorted"/> over the weighted pool; NaN when it is empty.</summary>
        public void Type7(int[] weights, double[] ascending, double[] results)
        {
            long n = 0;
            for (int c = 0; c < weights.Length; c++)
            {
                n += (long)weights[c] * _lengths[c];
            }

            if (n == 0)
            {
                results.AsSpan().Fill(double.NaN);
                return;
            }

            // The ranks every percentile needs (its lower order statistic, and the next one when it interpolates).
            int needed = 0;
            for (int q = 0; q < ascending.Length; q++)
            {
                double h = (n - 1) * ascending[q];
                long lower = Math.Min((long)Math.Floor(h), n - 1);
                _ranks[needed++] = (lower, 2 * q);
                if (h - lower > 0 && lower + 1 < n)
                {
                    _ranks[needed++] = (lower + 1, (2 * q) + 1);
                }
            }

            Span<(long Rank, int Slot)> ranks = _ranks.AsSpan(0, needed);
            ranks.Sort(static (x, y) => x.Rank.CompareTo(y.Rank));

            // One forward scan: element i covers the weighted ranks [end - weight, end).
            int i = -1;
            long end = 0;
            foreach (var (rank, slot) in ranks)
            {
                while (end <= rank)
                {
                    end += weights[_cases[++i]];
                }

                _found[slot] = _values[i];
            }

            for (int q = 0; q < ascending.Length; q++)
            {
                double h = (n - 1) * ascending[q];
                long lower = Math.Min((long)Math.Floor(h), n - 1);
                double fraction = h - lower;
                results[q] = fraction > 0 && lower + 1 < n
                    ? _found[2 * q] + (fraction * (_found[(2 * q) + 1] - _found[2 * q]))
                    : _found[2 * q];
            }
        }
    }
}
