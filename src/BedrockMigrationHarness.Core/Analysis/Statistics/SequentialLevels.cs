using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>The confidence levels of one look of an adaptive run.</summary>
/// <param name="Fraction">The look's information fraction.</param>
/// <param name="FailLevel">Two-sided level of the interval that must lie wholly beyond a limit for a FAIL: its one-sided tail is the FAIL boundary's.</param>
/// <param name="PassLevel">Two-sided level of the interval that must lie wholly within a limit for a PASS.</param>
internal sealed record LookLevels(double Fraction, double FailLevel, double PassLevel);

/// <summary>
/// The repeated confidence intervals of an adaptive run (Jennison &amp; Turnbull 1989, "Interim analyses: the repeated
/// confidence interval approach", JRSS B 51:305; 2000, ch. 9): at every look each gate's interval is computed at the
/// nominal level its group-sequential boundary gives, so a gate whose true value sits on its limit is failed at any look
/// with probability at most (1 − confidence level)/2 in all (the FAIL side, the suite's level) and passed at any look with
/// probability at most 1 − <see cref="AdaptiveSettings.PassConfidence"/> (the PASS side), however many looks there are.
/// </summary>
internal static class SequentialLevels
{
    /// <summary>The smallest one-sided tail given, so a level is always below 1 and its z finite.</summary>
    private const double SmallestTail = 1e-15;

    private static readonly ConcurrentDictionary<string, ImmutableArray<LookLevels>> Cache = new(StringComparer.Ordinal);

    /// <summary>The levels of every look at <paramref name="fractions"/> (the looks so far, in order).</summary>
    public static ImmutableArray<LookLevels> For(AdaptiveSettings settings, double confidenceLevel, IReadOnlyList<double> fractions)
    {
        string key = string.Join(',', [
            settings.Spending.ToString(),
            confidenceLevel.ToString("R", CultureInfo.InvariantCulture),
            settings.PassConfidence.ToString("R", CultureInfo.InvariantCulture),
            .. fractions.Select(f => f.ToString("R", CultureInfo.InvariantCulture))]);
        return Cache.GetOrAdd(key, _ => Compute(settings, confidenceLevel, fractions));
    }

    private static ImmutableArray<LookLevels> Compute(AdaptiveSettings settings, double confidenceLevel, IReadOnlyList<double> fractions)
    {
        double[] fail = GroupSequential.Boundaries(settings.Spending, (1 - confidenceLevel) / 2, fractions);
        double[] pass = GroupSequential.Boundaries(settings.Spending, 1 - settings.PassConfidence, fractions);
        var levels = ImmutableArray.CreateBuilder<LookLevels>(fractions.Count);
        for (int k = 0; k < fractions.Count; k++)
        {
            levels.Add(new LookLevels(fractions[k], TwoSidedLevel(fail[k]), TwoSidedLevel(pass[k])));
        }

        return levels.MoveToImmutable();
    }

    /// <summary>The two-sided level whose one-sided tail is beyond <paramref name="z"/>.</summary>
    private static double TwoSidedLevel(double z) => 1 - (2 * Math.Max(SmallestTail, NormalDistribution.Cdf(-z)));
}
