using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Turns gate states into the verdict and says why, most important first.</summary>
internal static class VerdictDecider
{
    private const int MaxReasons = 5;

    /// <summary>
    /// INCONCLUSIVE when the run could not complete (aborted: no credentials, no access, a model end-of-life; or no
    /// call answered on either arm: an unreachable endpoint). The failure is the environment's, not a measurement of
    /// the candidate. Else NO-GO when a blocking gate fails (even for an interrupted run: what failed already failed);
    /// else INCONCLUSIVE when the run is incomplete or a blocking gate is inconclusive; else GO WITH WARNINGS when a
    /// warning gate fails or is inconclusive, or any gate is not measured (latency in batch mode); else GO.
    /// </summary>
    public static Verdict Decide(IReadOnlyList<GateResult> gates, RunStatus status, bool nothingAnswered = false)
    {
        if (status == RunStatus.Aborted || nothingAnswered)
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

        // A gate not measured (latency in batch mode) is no pass: the verdict names it as a warning.
        return gates.Any(static g => (g.Spec.Severity == GateSeverity.Warning && g.State != GateState.Pass) || g.State == GateState.NotMeasured)
            ? Verdict.GoWithWarnings
            : Verdict.Go;
    }

    /// <summary>
    /// The verdict, its reasons and the one exit code that `bmh run`, `bmh report`, `bmh merge` and summary.json
    /// all give: <see cref="ExitCodes.CouldNotComplete"/> whenever the run did not complete (interrupted, aborted,
    /// no end record, or nothing answered on either arm), else the verdict's code.
    /// </summary>
    /// <param name="judge">The judge's summary, for its worst case among the reasons; null without a judge.</param>
    public static VerdictResult Judge(
        IReadOnlyList<GateResult> gates, RunInfo run, ArmSummary baseline, ArmSummary candidate, IReadOnlyList<CaseComparison> cases,
        JudgeSummary? judge = null)
    {
        bool nothingAnswered = NothingAnswered(baseline, candidate);
        Verdict verdict = Decide(gates, run.Status, nothingAnswered);
        int exitCode = run.Status == RunStatus.Completed && !nothingAnswered ? ExitCodes.For(verdict) : ExitCodes.CouldNotComplete;
        return new VerdictResult(verdict, Reasons(gates, run, baseline, candidate, cases, judge), exitCode);
    }

    /// <summary>Calls finished, yet not one was answered on either arm: the endpoint or the account failed, not the candidate.</summary>
    public static bool NothingAnswered(ArmSummary baseline, ArmSummary candidate) =>
        baseline.Answered == 0 && candidate.Answered == 0 && baseline.Finished + candidate.Finished > 0;

    /// <summary>
    /// Three to five sentences: failing blocking gates, an incomplete run, failing warning gates, inconclusive gates
    /// (with the samples per case that would decide them), the worst per-case regression, the case the judge held most
    /// against the candidate when the quality gate did not pass, then headline numbers.
    /// </summary>
    public static ImmutableArray<string> Reasons(
        IReadOnlyList<GateResult> gates, RunInfo run, ArmSummary baseline, ArmSummary candidate, IReadOnlyList<CaseComparison> cases,
        JudgeSummary? judge = null)
    {
        if (run.Status == RunStatus.Aborted)
        {
            string why = run.StatusMessage is { Length: > 0 } message ? $": {message.TrimEnd('.')}" : string.Empty;
            return
            [
                $"The run was aborted{why}.",
                $"{Num.Count(baseline.Finished + candidate.Finished)} of {Num.Count(baseline.Planned + candidate.Planned)} planned attempts finished; no verdict on the models is drawn. Fix the cause and continue with --resume DIR: what finished is kept.",
            ];
        }

        if (NothingAnswered(baseline, candidate))
        {
            var errors = baseline.ErrorsByKind.Concat(candidate.ErrorsByKind)
                .GroupBy(static e => e.Key).Select(static g => (Outcome: g.Key, Count: g.Sum(static e => e.Value)))
                .OrderByDescending(static e => e.Count).ThenBy(static e => e.Outcome).ToList();
            string most = errors.Count == 0 ? string.Empty : $" (most often: {errors[0].Outcome}, {Num.Count(errors[0].Count)} times)";
            return
            [
                $"The run could not complete: none of the {Num.Count(baseline.Finished + candidate.Finished)} finished attempts got an answer, on either model{most}.",
                "No verdict on the models is drawn: check the endpoint, region, credentials and model ids, then run again.",
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
            reasons.Add($"The run {how}{why}: {Num.Count(baseline.Finished + candidate.Finished)} of {Num.Count(baseline.Planned + candidate.Planned)} planned attempts finished, so the verdict rests on part of the suite.");
        }

        foreach (GateResult gate in gates)
        {
            if (gate is { State: GateState.Fail, Spec.Severity: GateSeverity.Warning })
            {
                reasons.Add("Warning: " + gate.Explanation);
            }
        }

        foreach (GateResult gate in gates)
        {
            if (gate.State == GateState.NotMeasured)
            {
                reasons.Add("Warning: " + gate.Explanation);
            }
        }

        foreach (GateResult gate in gates.OrderBy(static g => g.Spec.Severity))
        {
            if (gate.State == GateState.Inconclusive)
            {
                // A warning gate is labelled as one whatever its state, so no reader takes it for a blocking reason.
                string label = gate.Spec.Severity == GateSeverity.Warning ? "Warning: " : string.Empty;
                reasons.Add(label + (gate.SamplesNeeded is { } needed
                    ? $"{gate.Explanation.TrimEnd('.')}; {SamplesWording(needed)} would decide it."
                    : gate.Explanation));
            }
        }

        if (reasons.Count == 0)
        {
            reasons.Add(AllPass(gates, run));
        }

        if (cases.Count > 0 && cases[0] is { Regressions.IsEmpty: false } worst)
        {
            reasons.Add($"Case '{worst.CaseId}' regressed most: {worst.Regressions[0]}.");
        }

        if (judge is { Cases: [{ Losses: > 0 } lost, ..] }
            && gates.Any(static g => g.Spec.Kind == GateKind.QualityLoss && g.State != GateState.Pass))
        {
            string other = judge.Mode == JudgeMode.Reference ? "the reference" : "the baseline's answer";
            string why = lost.Reasons.IsEmpty ? string.Empty : $" (the judge, shown the candidate's answer as A: \"{lost.Reasons[0]}\")";
            reasons.Add($"Case '{lost.CaseId}' lost most under the judge: {other} was preferred in {Num.Count(lost.Losses)} of {Num.Count(lost.Wins + lost.Ties + lost.Losses)} pairs{why}.");
        }

        if (reasons.Count < 3)
        {
            string correctness = baseline.CorrectnessRate is { } b && candidate.CorrectnessRate is { } c
                ? $", correctness {Num.Percent(b.Value)} → {Num.Percent(c.Value)}"
                : string.Empty;
            reasons.Add($"Format compliance {Num.Percent(baseline.ComplianceRate.Value)} → {Num.Percent(candidate.ComplianceRate.Value)}{correctness} (baseline → candidate), over {Num.Count(candidate.Answered)} candidate answers.");
        }

        if (reasons.Count < 3 && baseline.Latency.P50 is { } b50 && candidate.Latency.P50 is { } c50)
        {
            reasons.Add($"p50 latency {Num.Decimal(b50.Value, "0")} ms on the baseline, {Num.Decimal(c50.Value, "0")} ms on the candidate.");
        }

        return [.. reasons.Take(MaxReasons)];
    }

    /// <summary>
    /// "All N gates pass at the 95% confidence level" only when every interval is inside its limit; otherwise which
    /// gates pass on the estimate only (see docs/statistics.md, "Why PASS is judged on the estimate").
    /// </summary>
    private static string AllPass(IReadOnlyList<GateResult> gates, RunInfo run)
    {
        if (gates.Count == 0)
        {
            return "No gate could be judged from this journal.";
        }

        var onEstimate = gates.Where(static g => !GateEvaluator.PassesAtLevel(g)).Select(static g => g.Name).ToList();
        string level = Num.Level(run.ConfidenceLevel);
        if (onEstimate.Count == 0)
        {
            return $"All {Num.Count(gates.Count)} gates pass at the {level} confidence level.";
        }

        string which = onEstimate.Count == 1 ? $"{onEstimate[0]} passes" : $"{string.Join(", ", onEstimate.SkipLast(1))} and {onEstimate[^1]} pass";
        return $"All {Num.Count(gates.Count)} gates pass; {which} on the estimate only: the {level} interval still reaches past the limit.";
    }

    private static string SamplesWording(int needed) => needed >= SampleSizeEstimator.Cap
        ? $"more than {Num.Count(SampleSizeEstimator.Cap)} samples per case"
        : $"about {Num.Count(needed)} samples per case";
}
