namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>Confidence intervals for binomial proportions and their differences.</summary>
internal static class ProportionIntervals
{
    /// <summary>
    /// The Wilson score interval (Wilson, JASA 22, 1927; "method 3" in Newcombe, Stat Med 17:857, 1998)
    /// for <paramref name="successes"/> out of <paramref name="trials"/>; null when there are no trials.
    /// </summary>
    public static Interval? Wilson(int successes, int trials, double confidenceLevel)
    {
        if (trials <= 0)
        {
            return null;
        }

        double z = NormalDistribution.TwoSidedZ(confidenceLevel);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double denominator = 1 + (z2 / n);
        double centre = (p + (z2 / (2 * n))) / denominator;
        double half = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        // At p = 0 or 1 the bound is exactly 0 or 1; the clamp removes rounding residue.
        double lower = successes == 0 ? 0 : Math.Max(0, centre - half);
        double upper = successes == trials ? 1 : Math.Min(1, centre + half);
        return new Interval(lower, upper);
    }

    /// <summary>
    /// The exact Clopper–Pearson interval (Clopper &amp; Pearson, Biometrika 26, 1934) for <paramref name="successes"/>
    /// out of <paramref name="trials"/>: each bound is the rate at which the observed count sits in a binomial tail of
    /// exactly (1 − level)/2, so a one-sided decision on either bound errs at most that often, whatever the rate and
    /// the count; null when there are no trials.
    /// </summary>
    public static Interval? ClopperPearson(int successes, int trials, double confidenceLevel)
    {
        if (trials <= 0)
        {
            return null;
        }

        double tail = (1 - confidenceLevel) / 2;
        // P(X ≥ k | p) = I_p(k, n − k + 1) rises with p; P(X ≤ k | p) = 1 − I_p(k + 1, n − k) falls with it.
        double lower = successes == 0
            ? 0
            : Solve(p => ExactTests.RegularizedBeta(p, successes, trials - successes + 1) >= tail);
        double upper = successes == trials
            ? 1
            : Solve(p => 1 - ExactTests.RegularizedBeta(p, successes + 1, trials - successes) <= tail);
        return new Interval(lower, upper);
    }

    /// <summary>The smallest p in [0, 1] where a condition that holds from some point on first holds, by bisection to 1e-12.</summary>
    private static double Solve(Func<double, bool> holds)
    {
        double low = 0;
        double high = 1;
        while (high - low > 1e-12)
        {
            double middle = (low + high) / 2;
            if (holds(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>
    /// The interval for p1 − p2 of two independent proportions by Newcombe's hybrid score method
    /// ("method 10", square-and-add of the two Wilson intervals; Newcombe, Stat Med 17:873, 1998);
    /// null when either side has no trials.
    /// </summary>
    public static Interval? NewcombeDifference(int successes1, int trials1, int successes2, int trials2, double confidenceLevel)
    {
        if (Wilson(successes1, trials1, confidenceLevel) is not { } w1 || Wilson(successes2, trials2, confidenceLevel) is not { } w2)
        {
            return null;
        }

        double p1 = (double)successes1 / trials1;
        double p2 = (double)successes2 / trials2;
        double d = p1 - p2;
        double lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        double upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        return new Interval(lower, upper);
    }

    private static double Square(double x) => x * x;
}
