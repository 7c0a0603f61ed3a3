using System.Collections.Immutable;

namespace BedrockMigrationHarness.Suites;

/// <summary>How the error a sequential design may spend is spread over its looks (docs/statistics.md, "Adaptive sampling").</summary>
public enum SpendingFunction
{
    /// <summary>Lan–DeMets O'Brien–Fleming type: almost nothing spent early, nearly the whole error kept for the last looks.</summary>
    OBrienFleming,

    /// <summary>Lan–DeMets Pocock type, α·ln(1 + (e − 1)·t): spent about evenly, so early looks can stop.</summary>
    Pocock,
}

/// <summary>
/// The suite's <c>adaptive:</c> block, or <c>bmh run --until-decided</c> (docs/suite-format.md, "Adaptive sampling"):
/// run the suite's samples, look, and add samples in rounds while a blocking gate is undecided, within the caps. Off
/// (null on <see cref="SuiteDefinition.Adaptive"/>) unless asked for.
/// </summary>
/// <param name="MaxSamples">The most samples per case the run may reach (the cap on information: the spending functions reach their whole error there).</param>
/// <param name="MaxCostUsd">The most the run may spend in US dollars (models and judge); null: no cost cap.</param>
/// <param name="PassConfidence">
/// One-sided confidence with which a blocking gate must be shown within its limit before the run stops for GO: the chance
/// that a gate whose true value sits exactly on its limit is ever passed is at most 1 − this.
/// </param>
/// <param name="Spending">How the error is spread over the looks.</param>
public sealed record AdaptiveSettings(int MaxSamples, double? MaxCostUsd, double PassConfidence, SpendingFunction Spending)
{
    /// <summary>The cap on samples per case when neither the suite nor <c>--max-samples</c> gives one.</summary>
    public const int DefaultMaxSamples = 100;

    /// <summary>The one-sided confidence a PASS must reach when the suite does not say.</summary>
    public const double DefaultPassConfidence = 0.90;

    /// <summary>The spending function when the suite does not say.</summary>
    public const SpendingFunction DefaultSpending = SpendingFunction.Pocock;

    /// <summary>The names the suite's <c>spending:</c> takes (also in summary.json), and the function each names.</summary>
    public static ImmutableArray<(string Name, SpendingFunction Function)> SpendingNames { get; } =
    [
        ("pocock", SpendingFunction.Pocock),
        ("obrien_fleming", SpendingFunction.OBrienFleming),
    ];

    /// <summary>The spending function as the suite spells it: "pocock" or "obrien_fleming".</summary>
    public static string SpendingName(SpendingFunction spending) => SpendingNames.First(s => s.Function == spending).Name;

    /// <summary>Every default: <c>--until-decided</c> on a suite without <c>adaptive:</c>.</summary>
    public static AdaptiveSettings Default { get; } = new(DefaultMaxSamples, null, DefaultPassConfidence, DefaultSpending);
}
