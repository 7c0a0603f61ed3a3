using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>
/// How every report says what an adaptive run (<see cref="RunAnalysis.Adaptive"/>) did, so report.html, summary.md,
/// junit.xml and the terminal say it in the same words.
/// </summary>
public static class AdaptiveText
{
    /// <summary>The section's title in report.html and summary.md.</summary>
    public const string Title = "Adaptive sampling";

    /// <summary>
    /// The run's course in one line: "stopped after 3 looks at 40 samples per case (decided: every blocking gate passed)",
    /// "stopped after 4 looks at 100 samples per case (the 100-samples-per-case cap; 1 blocking gate undecided)",
    /// "interrupted after 2 looks, at 20 samples per case".
    /// </summary>
    public static string Summary(AdaptiveSummary adaptive)
    {
        ArgumentNullException.ThrowIfNull(adaptive);
        if (adaptive.Looks.IsEmpty)
        {
            return "interrupted before its first look";
        }

        var last = adaptive.Looks[^1];
        var looks = Num.Count(adaptive.Looks.Length, "look", "looks");
        var at = Num.Count(last.SamplesPerCase, "sample", "samples") + " per case";
        return adaptive.Stop is { } stop && stop != LookStop.Continue
            ? $"stopped after {looks} at {at} ({Why(stop, adaptive.Settings, last)})"
            : $"interrupted after {looks}, at {at}";
    }

    /// <summary>What the run did after a look: "went on to 20 samples per case", "stopped: decided", "stopped: 100-sample cap", "interrupted".</summary>
    public static string After(LookSummary look, AdaptiveSettings settings)
    {
        ArgumentNullException.ThrowIfNull(look);
        ArgumentNullException.ThrowIfNull(settings);
        return look.Stop switch
        {
            LookStop.Continue when look.NextSamplesPerCase is { } next => $"went on to {Num.Int(next)} per case",
            LookStop.Continue => "went on",
            LookStop.Decided => "stopped: decided",
            LookStop.MaxSamples => $"stopped: {Num.Int(settings.MaxSamples)}-sample cap",
            LookStop.MaxCost => $"stopped: {Num.Usd(settings.MaxCostUsd)} cost cap",
            _ => look.Journaled ? "interrupted" : "interrupted (look taken for this report)",
        };
    }

    /// <summary>
    /// The design: "Pocock spending; a FAIL at the confidence of the gates, a PASS at 90% one-sided confidence; at most
    /// 100 samples per case and $5.00".
    /// </summary>
    public static string Design(AdaptiveSettings settings, string gateConfidence)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cost = settings.MaxCostUsd is { } usd ? " and " + Num.Usd(usd) : "";
        return $"{SpendingName(settings.Spending)} spending; a FAIL at {gateConfidence} two-sided confidence spread over the looks, " +
               $"a PASS at {Num.Level(settings.PassConfidence)} one-sided confidence; at most {Num.Count(settings.MaxSamples, "sample", "samples")} per case{cost}";
    }

    /// <summary>The two levels of a look's intervals, FAIL / PASS: "CI 97.9% / 80.4%".</summary>
    public static string Levels(LookSummary look)
    {
        ArgumentNullException.ThrowIfNull(look);
        return $"CI {Level(look.FailLevel)} / {Level(look.PassLevel)}";
    }

    /// <summary>
    /// A two-sided confidence level with as many decimals as it takes to show its complement to two digits, so early
    /// O'Brien–Fleming looks read "99.9986%", never "100.0%": 0.979 → "97.9%", 0.804 → "80.4%".
    /// </summary>
    public static string Level(double level)
    {
        var missPercent = (1 - level) * 100;
        var decimals = missPercent > 0 ? Math.Clamp(1 - (int)Math.Floor(Math.Log10(missPercent)), 1, 8) : 1;
        return Num.Decimal(level * 100, "0.0" + new string('#', decimals - 1)) + "%";
    }

    /// <summary>A gate's state at a look, as a report shows it: PASS, FAIL or UNDECIDED.</summary>
    public static string State(LookGateState state) => state switch
    {
        LookGateState.Pass => "PASS",
        LookGateState.Fail => "FAIL",
        _ => "UNDECIDED",
    };

    /// <summary>The spending function for people: "Pocock" or "O'Brien–Fleming".</summary>
    public static string SpendingName(SpendingFunction spending) =>
        spending == SpendingFunction.OBrienFleming ? "O'Brien–Fleming" : "Pocock";

    private static string Why(LookStop stop, AdaptiveSettings settings, LookSummary last)
    {
        var failed = last.Gates.Where(g => g.State == LookGateState.Fail).Select(g => g.Name).ToList();
        var undecided = last.Gates.Count(g => g.State == LookGateState.Undecided);
        var open = $"{Num.Count(undecided, "blocking gate", "blocking gates")} undecided";
        return stop switch
        {
            LookStop.Decided when failed.Count > 0 => "decided: " + string.Join(", ", failed) + " failed",
            LookStop.Decided => "decided: every blocking gate passed",
            LookStop.MaxSamples => $"the {Num.Int(settings.MaxSamples)}-samples-per-case cap; {open}",
            _ => $"the {Num.Usd(settings.MaxCostUsd)} cost cap; {open}",
        };
    }
}
