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

    /// <summary>
    /// Type-7 percentiles of unsorted values without sorting them: quickselect (Hoare 1961, <i>Find</i>) places each
    /// needed order statistic, from the highest probability down, each within the part left of the previous one, so
    /// the cost is O(n) per percentile instead of O(n log n). Reorders <paramref name="values"/>.
    /// </summary>
    /// <param name="probabilities">Ascending.</param>
    /// <param name="results">One per probability.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static void Type7Unsorted(Span<double> values, ReadOnlySpan<double> probabilities, Span<double> results)
    {
        if (values.IsEmpty)
        {
            throw new ArgumentException("At least one value is required.", nameof(values));
        }

        int end = values.Length;
        for (int q = probabilities.Length - 1; q >= 0; q--)
        {
            double h = (values.Length - 1) * probabilities[q];
            int lower = Math.Min((int)Math.Floor(h), values.Length - 1);
            // Everything at or right of 'end' is at least as large as anything left of it (placed by the previous select).
            Select(values[..end], lower);
            double atLower = values[lower];
            double fraction = h - lower;
            if (fraction > 0 && lower + 1 < values.Length)
            {
                double next = double.PositiveInfinity;
                foreach (double value in values[(lower + 1)..])
                {
                    next = Math.Min(next, value);
                }

                results[q] = atLower + (fraction * (next - atLower));
            }
            else
            {
                results[q] = atLower;
            }

            end = lower + 1;
        }
    }

    /// <summary>Reorders <paramref name="values"/> so that index <paramref name="k"/> holds the k-th smallest, smaller ones left of it, larger right.</summary>
    private static void Select(Span<double> values, int k)
    {
        int left = 0;
        int right = values.Length - 1;
        while (right > left)
        {
            // Median of three as the pivot keeps sorted and reversed inputs linear.
            int middle = left + ((right - left) / 2);
            if (values[middle] < values[left])
            {
                (values[middle], values[left]) = (values[left], values[middle]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[middle])
            {
                (values[right], values[middle]) = (values[middle], values[right]);
            }

            double pivot = values[middle];
            int i = left;
            int j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }
}
