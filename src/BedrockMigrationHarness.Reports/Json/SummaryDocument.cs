using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Json;

// The summary.json format, documented in docs/reports.md. These records ARE the format: rename or remove a
// member only with a new FormatVersion; adding an optional member is compatible.

/// <summary>The root of summary.json.</summary>
/// <param name="FormatVersion">The format version; readers refuse a version they do not know.</param>
/// <param name="Tool">"BedrockMigrationHarness".</param>
internal sealed record SummaryDocument(
    int FormatVersion,
    string Tool,
    SummaryRun Run,
    SummaryVerdict Verdict,
    ImmutableArray<SummaryGate> Gates,
    ImmutableArray<SummaryArm> Arms,
    ImmutableArray<SummaryCase> Cases)
{
    public const int CurrentFormatVersion = 1;
}

/// <param name="Status">"completed", "interrupted" or "aborted".</param>
/// <param name="Arms">2, or 3 with the baseline repeat (noise floor).</param>
internal sealed record SummaryRun(
    string SuiteName,
    string SuiteFile,
    string Fingerprint,
    string BaselineModelId,
    string CandidateModelId,
    string Region,
    int CaseCount,
    int Samples,
    int Arms,
    int Calls,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Status,
    string? StatusMessage,
    double ConfidenceLevel,
    string PercentileEstimator);

/// <param name="Verdict">"GO", "GO WITH WARNINGS", "INCONCLUSIVE" or "NO-GO".</param>
/// <param name="ExitCode">The exit code of <c>bmh run</c> for this verdict (0, 1 or 4).</param>
internal sealed record SummaryVerdict(string Verdict, int ExitCode, ImmutableArray<string> Reasons);

/// <param name="Kind">camelCase gate kind, e.g. "latencyP99Increase".</param>
/// <param name="Severity">"blocking" or "warning".</param>
/// <param name="State">"PASS", "INCONCLUSIVE" or "FAIL".</param>
/// <param name="Unit">"rate", "ms", "tokens" or "usd".</param>
internal sealed record SummaryGate(
    string Kind,
    string Name,
    string Severity,
    double Threshold,
    string State,
    string Unit,
    double? Baseline,
    double? Candidate,
    double? Delta,
    SummaryInterval? DeltaInterval,
    int? SamplesNeeded,
    string Explanation);

internal sealed record SummaryInterval(double Lower, double Upper);

internal sealed record SummaryEstimate(double Value, SummaryInterval? Interval);

internal sealed record SummaryPercentiles(int Count, SummaryEstimate? P50, SummaryEstimate? P90, SummaryEstimate? P99, string? Caveat);

/// <param name="Arm">"baseline", "candidate" or "baselineRepeat".</param>
internal sealed record SummaryArm(
    string Arm,
    string ModelId,
    int Planned,
    int Finished,
    int Answered,
    int Calls,
    int ThrottledCalls,
    int RetriedCalls,
    ImmutableSortedDictionary<string, int> ErrorsByKind,
    SummaryEstimate ComplianceRate,
    ImmutableSortedDictionary<string, int> Deviations,
    SummaryEstimate ExpectationPassRate,
    SummaryEstimate ErrorRate,
    SummaryPercentiles LatencyMs,
    SummaryPercentiles? TimeToFirstTokenMs,
    SummaryEstimate MeanInputTokens,
    SummaryEstimate MeanOutputTokens,
    double? MedianOutputTokens);

internal sealed record SummaryCaseArm(
    int Answered,
    int Errors,
    int Compliant,
    int ExpectationsMet,
    double? ComplianceRate,
    double? P50LatencyMs,
    double? P99LatencyMs,
    double? MeanOutputTokens,
    ImmutableSortedDictionary<string, int> Deviations);

/// <param name="Regressions">What got worse beyond noise, in words; empty when nothing did.</param>
internal sealed record SummaryCase(
    string Id,
    SummaryCaseArm Baseline,
    SummaryCaseArm Candidate,
    double? Similarity,
    double? NoiseFloorSimilarity,
    double Severity,
    ImmutableArray<string> Regressions);
