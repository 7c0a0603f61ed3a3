using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Turns gate states into the verdict and says why, most important first.</summary>
internal static class VerdictDecider
{
    private const int MaxReasons = 5;

    /// <summary>
    /// INCONCLUSIVE when the run was aborted (no credentials, no access, a model end-of-life: the failure is the
    /// environment's, not a measurement of the candidate); else NO-GO when a blocking gate fails (even for an
    /// interrupted run: what failed already failed); else INCONCLUSIVE when the run is incomplete or a blocking
    /// gate is inconclusive; else GO WITH WARNINGS when a warning gate fails or is inconclusive; else GO.
    /// </summary>
    public static Verdict Decide(IReadOnlyList<GateResult> gates, RunStatus status)
    {
        if (status == RunStatus.Aborted)
        {
            return Verdict.Inconclusive;
        }

        var runComplete = status == RunStatus.Completed;
        if (gates.Any(static g => g.Spec.Severity == GateSeverity.Blocking && g.State == GateState.Fail))
        {
            return Verdict.NoGo;
        }

        if (!runComplete || gates.Any(static g => g.Spec.Severity == GateSeverity.Blocking && g.State == GateState.Inconclusive))
        {
            return Verdict.Inconclusive;
        }

        return gates.Any(static g => g.Spec.Severity == GateSeverity.Warning && g.State != GateState.Pass)
            ? Verdict.GoWithWarnings
            : Verdict.Go;
    }

    /// <summary>
    /// Three to five sentences: failing blocking gates, an incomplete run, failing warning gates, inconclusive gates
    /// (with the samples per case that would decide them), the worst per-case regression, then headline numbers.
    /// </summary>
    public static ImmutableArray<string> Reasons(
        IReadOnlyList<GateResult> gates, RunInfo run, ArmSummary baseline, ArmSummary candidate, IReadOnlyList<CaseComparison> cases)
    {
        if (run.Status == RunStatus.Aborted)
        {
            string why = run.StatusMessage is { Length: > 0 } message ? $": {message.TrimEnd('.')}" : string.Empty;
            return
            [
                $"The run was aborted{why}.",
                $"{Numbers.Count(baseline.Finished + candidate.Finished)} of {Numbers.Count(baseline.Planned + candidate.Planned)} planned attempts finished; no verdict on the models is drawn. Fix the cause and continue with --resume DIR: what finished is kept.",
            ];
        }

        var reasons = new List<string>();
        foreach (GateResult gate in gates)
        {
            if (gate is { State: GateState.Fail, Spec.Severity: GateSeverity.Blocking })
            {
                reasons.Add(gate.Explanation);
            }
        }

        if (run.Status != RunStatus.Completed)
        {
            string how = "did not finish";
            string why = run.StatusMessage is { Length: > 0 } message ? $" ({message.TrimEnd('.')})" : string.Empty;
            reasons.Add($"The run {how}{why}: {Numbers.Count(baseline.Finished + candidate.Finished)} of {Numbers.Count(baseline.Planned + candidate.Planned)} planned attempts finished, so the verdict rests on part of the suite.");
        }

        foreach (GateResult gate in gates)
        {
            if (gate is { State: GateState.Fail, Spec.Severity: GateSeverity.Warning })
            {
                reasons.Add("Warning: " + gate.Explanation);
            }
        }

        foreach (GateResult gate in gates.OrderBy(static g => g.Spec.Severity))
        {
            if (gate.State == GateState.Inconclusive)
            {
                reasons.Add(gate.SamplesNeeded is { } needed
                    ? $"{gate.Explanation.TrimEnd('.')}; {SamplesWording(needed)} would decide it."
                    : gate.Explanation);
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add(gates.Count == 0
                ? "No gate could be judged from this journal."
                : $"All {Numbers.Count(gates.Count)} gates pass at the {Numbers.Level(run.ConfidenceLevel)} confidence level.");
        }

        if (cases.Count > 0 && cases[0] is { Regressions.IsEmpty: false } worst)
        {
            reasons.Add($"Case '{worst.CaseId}' regressed most: {worst.Regressions[0]}.");
        }

        if (reasons.Count < 3)
        {
            reasons.Add($"Compliance {Numbers.Percent(baseline.ComplianceRate.Value)} on the baseline, {Numbers.Percent(candidate.ComplianceRate.Value)} on the candidate, over {Numbers.Count(candidate.Answered)} candidate answers.");
        }

        if (reasons.Count < 3 && baseline.Latency.P50 is { } b50 && candidate.Latency.P50 is { } c50)
        {
            reasons.Add($"p50 latency {Numbers.Decimal(b50.Value, "0")} ms on the baseline, {Numbers.Decimal(c50.Value, "0")} ms on the candidate.");
        }

        return [.. reasons.Take(MaxReasons)];
    }

    private static string SamplesWording(int needed) => needed >= SampleSizeEstimator.Cap
        ? $"more than {Numbers.Count(SampleSizeEstimator.Cap)} samples per case"
        : $"about {Numbers.Count(needed)} samples per case";
}
