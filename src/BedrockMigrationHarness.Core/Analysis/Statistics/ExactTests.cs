namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>Exact tests on counts: the binomial sign test (exact McNemar) and Fisher's exact test.</summary>
internal static class ExactTests
{
    private const int LogFactorialTableSize = 257;

    private static readonly double[] LogFactorialTable = BuildLogFactorialTable();

    /// <summary>
    /// P(X ≥ <paramref name="k"/>) for X ~ Binomial(<paramref name="n"/>, <paramref name="p"/>), summed exactly in log space.
    /// </summary>
    public static double BinomialUpperTail(int k, int n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        double sum = 0;
        for (int i = k; i <= n; i++)
        {
            sum += Math.Exp(LogBinomialCoefficient(n, i) + (i * Math.Log(p)) + ((n - i) * Math.Log(1 - p)));
        }

        return Math.Min(1, sum);
    }

    /// <summary>
    /// One-sided exact sign test (the exact McNemar test on discordant pairs; McNemar, Psychometrika 12, 1947):
    /// the probability, under no difference, of at least <paramref name="worse"/> of the
    /// <paramref name="worse"/> + <paramref name="better"/> discordant pairs going the worse way. 1 when there are none.
    /// </summary>
    public static double SignTestOneSided(int worse, int better) => BinomialUpperTail(worse, worse + better, 0.5);

    /// <summary>
    /// One-sided Fisher exact test (Fisher 1922) that group A has fewer successes than group B:
    /// P(X ≤ <paramref name="successesA"/>) under the hypergeometric distribution with the table's margins.
    /// </summary>
    public static double FisherLowerTail(int successesA, int trialsA, int successesB, int trialsB)
    {
        int total = trialsA + trialsB;
        int successes = successesA + successesB;
        int minX = Math.Max(0, successes - trialsB);
        double logDenominator = LogBinomialCoefficient(total, successes);
        double sum = 0;
        for (int x = minX; x <= successesA; x++)
        {
            sum += Math.Exp(LogBinomialCoefficient(trialsA, x) + LogBinomialCoefficient(trialsB, successes - x) - logDenominator);
        }

        return Math.Min(1, sum);
    }

    /// <summary>
    /// The regularized incomplete beta function I_x(a, b) for whole a, b ≥ 1, by its continued fraction (modified
    /// Lentz; Press et al., Numerical Recipes, 3rd ed., §6.4). I_p(k, n − k + 1) = P(X ≥ k) for X ~ Binomial(n, p),
    /// in time that grows with √n rather than n, so exact binomial bounds stay cheap for a million answers.
    /// </summary>
    public static double RegularizedBeta(double x, int a, int b)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(a, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(b, 1);
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        // ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), with Γ(m) = (m − 1)! for whole m.
        double logFront = (a * Math.Log(x)) + (b * Math.Log(1 - x)) - (LogFactorial(a - 1) + LogFactorial(b - 1) - LogFactorial(a + b - 1));
        double front = Math.Exp(logFront);
        return x < (a + 1.0) / (a + b + 2.0)
            ? front * BetaContinuedFraction(x, a, b) / a
            : 1 - (front * BetaContinuedFraction(1 - x, b, a) / b);
    }

    private static double BetaContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        const double Epsilon = 1e-15;
        const int MaxTerms = 100_000;
        double c = 1;
        double d = 1 - ((a + b) * x / (a + 1));
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        double h = d;
        for (int m = 1; m <= MaxTerms; m++)
        {
            int m2 = 2 * m;
            double even = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
            d = 1 + (even * d);
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + (even / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            h *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
            d = 1 + (odd * d);
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + (odd / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            double step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < Epsilon)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln C(n, k).</summary>
    public static double LogBinomialCoefficient(int n, int k) =>
        k < 0 || k > n ? double.NegativeInfinity : LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    /// <summary>ln n!: a table up to 256, Stirling's series beyond (error below 1e-15 relative there).</summary>
    public static double LogFactorial(int n)
    {
        if (n < LogFactorialTableSize)
        {
            return LogFactorialTable[n];
        }

        double x = n;
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        return (x * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI * x))
            + (inverse * ((1.0 / 12) - (inverse2 * ((1.0 / 360) - (inverse2 / 1260)))));
    }

    private static double[] BuildLogFactorialTable()
    {
        var table = new double[LogFactorialTableSize];
        for (int i = 2; i < table.Length; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }
}
