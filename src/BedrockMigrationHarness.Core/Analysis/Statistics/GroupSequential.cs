using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>
/// One-sided group-sequential boundaries by error spending (Lan &amp; DeMets 1983, "Discrete sequential boundaries for
/// clinical trials", Biometrika 70:659): at look k, with information fraction tₖ, the boundary cₖ is the z-value such
/// that P(Z₁ &lt; c₁, …, Zₖ₋₁ &lt; cₖ₋₁, Zₖ ≥ cₖ) = s(tₖ) − s(tₖ₋₁) when the true effect is zero, for a standard normal
/// process with Corr(Zⱼ, Zₖ) = √(tⱼ/tₖ). The probabilities are integrated numerically on a grid, as in Armitage,
/// McPherson &amp; Rowe (1969, JRSS A 132:235) and Jennison &amp; Turnbull (2000, Group Sequential Methods with Applications
/// to Clinical Trials, ch. 19): the sub-density of the score Sₖ = Zₖ·√tₖ on the continuation region is carried from look
/// to look by convolution with the normal increment. The looks' timing may be anything, including unequal and
/// unplanned; only the fractions already seen are needed.
/// </summary>
internal static class GroupSequential
{
    /// <summary>The largest boundary given: a look that may spend (almost) nothing gets this, a tail of about 6e-16.</summary>
    public const double MaxZ = 8.0;

    /// <summary>How far below zero, in standard deviations of Sₖ, the density is followed.</summary>
    private const double LowerReach = 8.0;

    /// <summary>Grid points per standard deviation of the increment's kernel.</summary>
    private const double PointsPerKernelSd = 6.0;

    private const int MinPoints = 201;

    private const int MaxPoints = 4001;

    /// <summary>The one-sided error spent by information fraction <paramref name="fraction"/> of a total <paramref name="error"/>.</summary>
    public static double Spent(SpendingFunction function, double error, double fraction)
    {
        if (fraction <= 0)
        {
            return 0;
        }

        if (fraction >= 1)
        {
            return error;
        }

        return function switch
        {
            // Lan & DeMets (1983): 2 − 2Φ(z₁₋α/₂ / √t) for a one-sided α, which is α at t = 1.
            SpendingFunction.OBrienFleming => 2 * NormalDistribution.Cdf(-NormalDistribution.Quantile(1 - (error / 2)) / Math.Sqrt(fraction)),
            // Lan & DeMets (1983): α·ln(1 + (e − 1)·t).
            SpendingFunction.Pocock => error * Math.Log(1 + ((Math.E - 1) * fraction)),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };
    }

    /// <summary>
    /// The boundary (a z-value) of every look, for looks at <paramref name="fractions"/> (increasing; a fraction not above
    /// the previous one repeats its boundary and spends nothing, one above 1 counts as 1).
    /// </summary>
    public static double[] Boundaries(SpendingFunction function, double error, IReadOnlyList<double> fractions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(error);
        var boundaries = new double[fractions.Count];
        double[]? grid = null;
        double[]? density = null;
        double previousT = 0;
        double previousSpent = 0;
        for (int k = 0; k < fractions.Count; k++)
        {
            double t = Math.Min(fractions[k], 1);
            if (t <= previousT + 1e-12)
            {
                boundaries[k] = k == 0 ? MaxZ : boundaries[k - 1];
                continue;
            }

            double spent = Spent(function, error, t);
            double target = spent - previousSpent;
            double c;
            if (grid is null)
            {
                c = target <= 1e-16 ? MaxZ : Math.Min(MaxZ, -NormalDistribution.Quantile(target));
                double sd = Math.Sqrt(t);
                grid = Grid(-LowerReach * sd, c * sd, sd);
                density = new double[grid.Length];
                for (int i = 0; i < grid.Length; i++)
                {
                    density[i] = Phi(grid[i] / sd) / sd;
                }
            }
            else
            {
                double increment = Math.Sqrt(t - previousT);
                (grid, density) = Refine(grid, density!, increment / PointsPerKernelSd);
                double[] weights = SimpsonWeights(grid);
                for (int i = 0; i < weights.Length; i++)
                {
                    weights[i] *= density[i];
                }

                c = target <= 1e-16 ? MaxZ : Solve(grid, weights, Math.Sqrt(t), increment, target);
                double sdT = Math.Sqrt(t);
                double[] next = Grid(-LowerReach * sdT, c * sdT, increment);
                var nextDensity = new double[next.Length];
                for (int j = 0; j < next.Length; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < grid.Length; i++)
                    {
                        sum += weights[i] * Phi((next[j] - grid[i]) / increment);
                    }

                    nextDensity[j] = sum / increment;
                }

                grid = next;
                density = nextDensity;
            }

            boundaries[k] = c;
            previousT = t;
            previousSpent = spent;
        }

        return boundaries;
    }

    /// <summary>The boundary at which the chance of first crossing at this look is <paramref name="target"/>, by bisection.</summary>
    private static double Solve(double[] grid, double[] weights, double sdT, double increment, double target)
    {
        double Crossing(double c)
        {
            double sum = 0;
            for (int i = 0; i < grid.Length; i++)
            {
                sum += weights[i] * NormalDistribution.Cdf((grid[i] - (c * sdT)) / increment);
            }

            return sum;
        }

        if (Crossing(MaxZ) >= target)
        {
            return MaxZ;
        }

        double low = -LowerReach, high = MaxZ;
        for (int iteration = 0; iteration < 80 && high - low > 1e-10; iteration++)
        {
            double middle = (low + high) / 2;
            if (Crossing(middle) > target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (low + high) / 2;
    }

    /// <summary>An odd number of evenly spaced points from <paramref name="low"/> to <paramref name="high"/>, spaced at most a kernel sd / 6.</summary>
    private static double[] Grid(double low, double high, double kernelSd)
    {
        if (high <= low)
        {
            high = low + 1e-9;
        }

        int points = (int)Math.Clamp(Math.Ceiling((high - low) / (kernelSd / PointsPerKernelSd)) + 1, MinPoints, MaxPoints);
        points |= 1;
        var grid = new double[points];
        double step = (high - low) / (points - 1);
        for (int i = 0; i < points; i++)
        {
            grid[i] = low + (i * step);
        }

        return grid;
    }

    /// <summary>The density on a finer grid (linear interpolation) when the next kernel is narrower than the grid's spacing.</summary>
    private static (double[] Grid, double[] Density) Refine(double[] grid, double[] density, double spacing)
    {
        double step = grid[1] - grid[0];
        if (step <= spacing * 1.0001)
        {
            return (grid, density);
        }

        double[] fine = Grid(grid[0], grid[^1], spacing * PointsPerKernelSd);
        var values = new double[fine.Length];
        for (int j = 0; j < fine.Length; j++)
        {
            double position = (fine[j] - grid[0]) / step;
            int i = Math.Clamp((int)position, 0, grid.Length - 2);
            double w = position - i;
            values[j] = (density[i] * (1 - w)) + (density[i + 1] * w);
        }

        return (fine, values);
    }

    private static double[] SimpsonWeights(double[] grid)
    {
        int n = grid.Length;
        double h = (grid[^1] - grid[0]) / (n - 1);
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = h / 3 * (i == 0 || i == n - 1 ? 1 : i % 2 == 1 ? 4 : 2);
        }

        return weights;
    }

    private static double Phi(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
}
