using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>Sentences about the run that several reports share, so they say the same thing.</summary>
public static class RunText
{
    public const string ToolName = "BedrockMigrationHarness";

    /// <summary>"4 cases × 3 samples × 2 arms = 24 attempts"; a shard's: "10 cases (shard 1/2 of 20 cases) × 5 samples × 2 arms = 100 attempts".</summary>
    public static string Size(RunAnalysis analysis)
    {
        var run = analysis.Run;
        var arms = analysis.NoiseFloor is null ? 2 : 3;
        var attempts = (long)run.CaseCount * run.Samples * arms;
        return string.Create(CultureInfo.InvariantCulture,
            $"{run.CaseCount} {Plural(run.CaseCount, "case")}{ShardNote(run)} × {run.Samples} {Plural(run.Samples, "sample")} × {arms} arms = {attempts} attempts");
    }

    /// <summary>" (shard 1/2 of 20 cases)" for a shard's run, else empty.</summary>
    public static string ShardNote(RunInfo run) =>
        run.Shard is { } shard
            ? string.Create(CultureInfo.InvariantCulture, $" (shard {shard} of {run.SuiteCaseCount} {Plural(run.SuiteCaseCount, "case")})")
            : "";

    /// <summary>Every call made, retries included, over all arms.</summary>
    public static int Calls(RunAnalysis analysis) =>
        analysis.Baseline.Calls + analysis.Candidate.Calls + (analysis.NoiseFloor?.Calls ?? 0);

    /// <summary>"completed", or "INCOMPLETE: interrupted (message)".</summary>
    public static string Status(RunInfo run) =>
        run.Status == RunStatus.Completed ? "completed" : "INCOMPLETE: " + HowItEnded(run);

    /// <summary>"completed", "interrupted" or "aborted", with the run's message when it has one.</summary>
    public static string HowItEnded(RunInfo run) =>
        run.Status.ToString().ToLowerInvariant() +
        (string.IsNullOrWhiteSpace(run.StatusMessage) ? "" : $" ({run.StatusMessage})");

    /// <summary>
    /// The two measured qualities of the answers, baseline → candidate, kept apart: "format 100.0% → 92.0% ·
    /// correctness 95.0% → 71.0%"; correctness only when the suite has expectations.
    /// </summary>
    public static string Qualities(RunAnalysis analysis)
    {
        var (b, c) = (analysis.Baseline, analysis.Candidate);
        var format = $"format {Num.Percent(b.ComplianceRate.Value)} → {Num.Percent(c.ComplianceRate.Value)}";
        return b.CorrectnessRate is { } bc && c.CorrectnessRate is { } cc
            ? $"{format} · correctness {Num.Percent(bc.Value)} → {Num.Percent(cc.Value)}"
            : format + " · correctness not measured (no case has expectations)";
    }

    /// <summary>
    /// Each arm's tokens summed over every call, retries included, baseline → candidate: "input 12,400 → 13,100 · output
    /// 3,050 → 3,990 · cache read 0 → 0 · cache write 0 → 0".
    /// </summary>
    public static string TokenTotals(RunAnalysis analysis)
    {
        var (b, c) = (analysis.Baseline.TotalTokens, analysis.Candidate.TotalTokens);
        return $"input {Num.Count(b.Input)} → {Num.Count(c.Input)} · output {Num.Count(b.Output)} → {Num.Count(c.Output)}"
            + $" · cache read {Num.Count(b.CacheRead)} → {Num.Count(c.CacheRead)} · cache write {Num.Count(b.CacheWrite)} → {Num.Count(c.CacheWrite)}";
    }

    /// <summary>"95%" for a confidence level of 0.95.</summary>
    public static string Confidence(RunInfo run) =>
        (run.ConfidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>
    /// The level of the gates' intervals, for a gates table's heading: the run's ("95%"), or for an adaptive run, whose
    /// intervals are its last look's repeated ones, "look 3's levels".
    /// </summary>
    public static string GateIntervalLevel(RunAnalysis analysis) =>
        analysis.Adaptive is { Looks: [.., var last] } ? $"look {Num.Int(last.Index)}'s levels" : Confidence(analysis.Run);

    private static string Plural(long n, string word) => n == 1 ? word : word + "s";
}
