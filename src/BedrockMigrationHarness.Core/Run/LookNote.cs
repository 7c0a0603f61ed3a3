using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// A look of an adaptive run in plain words, for the terminal as the run goes: "look 2 at 10 samples per case: format
/// compliance drop undecided (estimate -1.4 pts, limit -1.0 pts); next round to 20 samples per case".
/// </summary>
internal static class LookNote
{
    public static string Of(LookSummary look, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(settings);
        var at = $"look {Num.Int(look.Index)} at {Num.Count(look.SamplesPerCase, "sample", "samples")} per case";
        var failed = look.Gates.Where(static g => g.State == LookGateState.Fail).ToArray();
        var undecided = string.Join("; ", look.Gates.Where(static g => g.State == LookGateState.Undecided).Select(static g =>
            $"{g.Name} undecided ({(g.Estimate is { } estimate ? $"estimate {GateScales.Format(g.Kind, estimate)}" : "no data yet")}, limit {GateScales.Format(g.Kind, g.Limit)})"));
        return look.Stop switch
        {
            LookStop.Decided when failed.Length > 0 =>
                $"{at}: {string.Join(", ", failed.Select(static g => g.Name))} shown beyond the limit; no more rounds.",
            LookStop.Decided => $"{at}: every blocking gate decided, each within its limit; no more rounds.",
            LookStop.Continue => $"{at}: {undecided}; next round to {Num.Count(look.NextSamplesPerCase ?? 0, "sample", "samples")} per case.",
            LookStop.MaxSamples => $"{at}: {undecided}; stopped at the max_samples cap ({Num.Count(settings.MaxSamples)} per case).",
            LookStop.MaxCost => $"{at}: {undecided}; stopped at the max_cost cap ({Num.Usd(settings.MaxCostUsd)}, {Num.Usd(look.SpendUsd)} spent).",
            _ => at,
        };
    }
}
