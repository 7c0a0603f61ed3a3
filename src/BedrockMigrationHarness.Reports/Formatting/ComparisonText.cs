using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>
/// The comparison of several candidates (suite key <c>candidates:</c>) in words and table cells, shared by every report
/// that shows it (report.html, summary.md, the terminal) so they say the same thing.
/// </summary>
public static class ComparisonText
{
    public const string Title = "Candidates compared";

    /// <summary>The comparison table's column headings, in <see cref="Cells"/>' order.</summary>
    public static ImmutableArray<string> Headers { get; } =
    [
        "#", "Model", "Verdict", "Format", "Correct", "p50", "p99", "Tokens out", "Monthly cost", "Lifecycle",
    ];

    /// <summary>The columns of <see cref="Headers"/> that hold numbers (right-aligned).</summary>
    public static bool IsNumeric(int column) => column is 0 or (>= 3 and <= 8);

    /// <summary>"candidate 2" (1-based, the suite's order) for candidate <paramref name="index"/>.</summary>
    public static string Label(int index) => string.Create(CultureInfo.InvariantCulture, $"candidate {index + 1}");

    /// <summary>The anchor of candidate <paramref name="index"/>'s section in report.html: <c>candidate-2</c>.</summary>
    public static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"candidate-{index + 1}");

    /// <summary>
    /// One candidate's row: its number (1-based, the suite's order), model, verdict, format compliance, correctness, p50
    /// and p99 latency, mean output tokens, the monthly cost change against the baseline (the baseline's row: its monthly
    /// cost), and its lifecycle stage. Rows are
    /// listed best first (<see cref="RunComparison.Ranking"/>); <see cref="BaselineCells"/> is the row they are compared with.
    /// </summary>
    public static ImmutableArray<string> Cells(RunComparison run, int index)
    {
        ArgumentNullException.ThrowIfNull(run);
        var analysis = run.Candidates[index].Analysis;
        var c = analysis.Candidate;
        return
        [
            Num.Int(index + 1),
            c.ModelId,
            VerdictText.Of(analysis.Verdict.Verdict),
            Num.Percent(c.ComplianceRate.Value),
            c.CorrectnessRate is { } cc ? Num.Percent(cc.Value) : "not measured",
            Num.Ms(c.Latency.P50?.Value),
            Num.Ms(c.Latency.P99?.Value),
            Num.Tokens(c.MeanOutputTokens.Value),
            analysis.Cost is { } cost ? $"{Num.SignedUsd(cost.MonthlyDelta.Value)} ({Num.SignedPercent(cost.MonthlyChange.Value)})" : "no price",
            analysis.Lifecycle is { } lifecycle ? Stage(lifecycle.Candidate) : "unknown",
        ];
    }

    /// <summary>A lifecycle in a table cell: the stage, and the end-of-life date when one is announced ("LEGACY · EOL 2027-03-01").</summary>
    public static string Stage(ArmLifecycle arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Stage == LifecycleStage.Unknown ? "unknown"
            : arm.Facts.Gone ? "END OF LIFE"
            : LifecycleStageText.Of(arm.Stage) + (arm.Facts.EndOfLifeTime is { } eol ? " · EOL " + Num.Date(eol) : "");
    }

    /// <summary>The baseline's row, last in the table: the same figures, measured once and shared by every candidate's comparison.</summary>
    public static ImmutableArray<string> BaselineCells(RunComparison run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var analysis = run.Candidates[0].Analysis;
        var b = analysis.Baseline;
        return
        [
            "",
            b.ModelId,
            "baseline",
            Num.Percent(b.ComplianceRate.Value),
            b.CorrectnessRate is { } bc ? Num.Percent(bc.Value) : "not measured",
            Num.Ms(b.Latency.P50?.Value),
            Num.Ms(b.Latency.P99?.Value),
            Num.Tokens(b.MeanOutputTokens.Value),
            analysis.Cost is { } cost ? Num.Usd(cost.Baseline.Monthly.Value) : "no price",
            analysis.Lifecycle is { } lifecycle ? Stage(lifecycle.Baseline) : "unknown",
        ];
    }

    /// <summary>
    /// What the run says as a whole, with its exit code: which candidates may go, best first ("2 of 3 candidates may go:
    /// X (GO), Y (GO WITH WARNINGS). Exit code 0."), or why none may.
    /// </summary>
    public static string Outcome(RunComparison run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var passing = run.Passing;
        var names = string.Join(", ", passing.Select(i => $"{run.Candidates[i].Analysis.Candidate.ModelId} ({VerdictText.Of(run.Candidates[i].Analysis.Verdict.Verdict)})"));
        var count = run.Candidates.Length;
        var what = run.ExitCode == ExitCodes.CouldNotComplete
            ? "The run did not complete; no candidate's verdict is final."
            : run.RequireAll
                ? passing.Length == count
                    ? $"Every candidate may go (--require-all): {names}."
                    : $"{Num.Int(passing.Length)} of {Num.Int(count)} candidates may go, and --require-all needs every one{(passing.IsEmpty ? "" : $": {names}")}."
                : passing.IsEmpty
                    ? run.ExitCode == ExitCodes.Inconclusive
                        ? $"No candidate may go yet: none is GO, and {Num.Int(run.Candidates.Count(c => c.Analysis.Verdict.Verdict == Verdict.Inconclusive))} of {Num.Int(count)} INCONCLUSIVE."
                        : $"No candidate may go: all {Num.Int(count)} are NO-GO."
                    : $"{Num.Int(passing.Length)} of {Num.Int(count)} candidates may go: {names}.";
        return $"{what} Exit code {Num.Int(run.ExitCode)}.";
    }

    /// <summary>
    /// The selection-bias caveat: picking the best of several candidates by their estimates favours the one that was lucky
    /// in this run. The figures are measured (docs/statistics.md, "Choosing among several candidates": `dotnet run -c Release
    /// --project tests/BedrockMigrationHarness.Benchmarks -- simulate-selection 1000`, the rows of 3 identical candidates).
    /// </summary>
    public static string SelectionCaveat(int candidates) =>
        $"Choosing the best of {Num.Int(candidates)} candidates by these estimates favours the one that was lucky in this run: the chosen one's figures tend to look better than they will in production "
        + "(simulated with three candidates equal in truth, the best-looking one's correctness read 2.5 points above its truth on average at 20 cases × 5 samples, 1.1 points at 50 × 10). "
        + "Each candidate's verdict keeps its own error rates; to confirm a close choice, run the chosen candidate again on its own, or with more samples.";
}
