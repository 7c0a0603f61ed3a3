using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Everything the reports show, computed from the journal alone.</summary>
/// <param name="Lifecycle">Both models' lifecycle at the start of the run; null for journals without it.</param>
/// <param name="Cost">The cost impact; null without a price table or a price for either model.</param>
public sealed record RunAnalysis(
    RunInfo Run,
    ArmSummary Baseline,
    ArmSummary Candidate,
    ArmSummary? NoiseFloor,
    ImmutableArray<CaseComparison> Cases,
    ImmutableArray<GateResult> Gates,
    VerdictResult Verdict,
    LifecycleSummary? Lifecycle = null,
    CostSummary? Cost = null)
{
    /// <summary>How the two arms' requests differ besides the model id (the suite's per-arm settings); none by default.</summary>
    public RequestDifferences Requests { get; init; } = RequestDifferences.None;

    /// <summary>Requests one arm's model rejected where the other arm's answered, one per message; empty by default.</summary>
    public ImmutableArray<CompatibilityFinding> Compatibility { get; init; } = [];

    /// <summary>Each arm against the cases' references and production's logged figures; null when no case has a reference. Informational: no gate reads it.</summary>
    public ReferenceSummary? Reference { get; init; }

    /// <summary>The judge's verdicts on the candidate (suite key <c>judge:</c>); null when the suite has no judge.</summary>
    public JudgeSummary? Judge { get; init; }

    /// <summary>The looks of an adaptive run (suite key <c>adaptive:</c>, <c>--until-decided</c>); null for a fixed-size run.</summary>
    public AdaptiveSummary? Adaptive { get; init; }
}

/// <summary>What was run, when, and how it ended.</summary>
/// <param name="CaseCount">The cases of the run: the shard's for a shard, else the suite's.</param>
/// <param name="PercentileEstimator">The named estimator behind every percentile, e.g. "Hyndman-Fan type 7 (linear interpolation)".</param>
public sealed record RunInfo(
    string SuiteName,
    string SuiteFile,
    string BaselineModelId,
    string CandidateModelId,
    string Region,
    int CaseCount,
    int Samples,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    RunStatus Status,
    string? StatusMessage,
    string Fingerprint,
    double ConfidenceLevel,
    string PercentileEstimator)
{
    /// <summary>The shard this run is (<c>--shard i/n</c>), whose cases <see cref="CaseCount"/> counts; null for the whole suite (also a merged run).</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>The cases of the whole suite; <see cref="CaseCount"/> when the run is not a shard (0 when not set).</summary>
    public int SuiteCaseCount { get; init; }
}

/// <summary>A point estimate with its interval; the interval is null when there is too little data for one.</summary>
public sealed record Estimate(double Value, Interval? Interval);

/// <summary>p50/p90/p99 of a sample with bootstrap intervals.</summary>
/// <param name="Count">How many values the percentiles rest on.</param>
/// <param name="Caveat">Said in words when the sample is too small for a percentile (e.g. p99 of fewer than 100 values), else null.</param>
public sealed record PercentileSet(int Count, Estimate? P50, Estimate? P90, Estimate? P99, string? Caveat);

/// <summary>One arm over all cases.</summary>
/// <param name="Planned">Planned attempts (cases × samples).</param>
/// <param name="Finished">Planned attempts that settled (answer or final error).</param>
/// <param name="Answered">Planned attempts that got an answer.</param>
/// <param name="ErrorsByKind">Final errors by outcome.</param>
/// <param name="Calls">Every call made, retries included.</param>
/// <param name="ThrottledCalls">Calls answered with throttling (retries included).</param>
/// <param name="RetriedCalls">Calls that were followed by a retry.</param>
/// <param name="ComplianceRate">Format-compliant answers (JSON extraction and schema) / answers, with its Wilson interval.</param>
/// <param name="Deviations">Answers per deviation kind.</param>
/// <param name="CorrectnessRate">Answers meeting every expectation of their case / answers, over the cases with expectations; null when no case has one.</param>
/// <param name="ErrorRate">Final errors / finished attempts.</param>
/// <param name="Latency">Client latency of successful answers only (ms).</param>
/// <param name="TimeToFirstToken">Streaming only (ms), else null.</param>
public sealed record ArmSummary(
    Arm Arm,
    string ModelId,
    int Planned,
    int Finished,
    int Answered,
    ImmutableSortedDictionary<CallOutcome, int> ErrorsByKind,
    int Calls,
    int ThrottledCalls,
    int RetriedCalls,
    Estimate ComplianceRate,
    ImmutableSortedDictionary<FormatDeviation, int> Deviations,
    Estimate? CorrectnessRate,
    Estimate ErrorRate,
    PercentileSet Latency,
    PercentileSet? TimeToFirstToken,
    Estimate MeanInputTokens,
    Estimate MeanOutputTokens,
    double? MedianOutputTokens)
{
    /// <summary>Mean <c>cacheReadInputTokens</c> per answer (0 where an answer reports none); null when no answer of the arm reports cache usage.</summary>
    public Estimate? MeanCacheReadInputTokens { get; init; }

    /// <summary>Mean <c>cacheWriteInputTokens</c> per answer, as above.</summary>
    public Estimate? MeanCacheWriteInputTokens { get; init; }

    /// <summary>Answers that carried reasoning (counted in their output tokens: Bedrock bills reasoning as output).</summary>
    public int AnswersWithReasoning { get; init; }

    /// <summary>Mean characters of reasoning over the answers that had some; null when none had.</summary>
    public double? MeanReasoningChars { get; init; }

    /// <summary>Tokens of every call of the arm that reported usage, retries included: what the arm was billed for.</summary>
    public TokenTotals TotalTokens { get; init; } = TokenTotals.None;
}

/// <summary>Token counts summed over calls.</summary>
/// <param name="CacheRead">Sum of <c>cacheReadInputTokens</c> (0 where a call reports none).</param>
/// <param name="CacheWrite">Sum of <c>cacheWriteInputTokens</c>, as above.</param>
public sealed record TokenTotals(long Input, long Output, long CacheRead, long CacheWrite)
{
    public static TokenTotals None { get; } = new(0, 0, 0, 0);
}

/// <summary>One arm of one case.</summary>
/// <param name="CorrectnessRate">Answers meeting every expectation / answers; null without answers or without expectations.</param>
public sealed record CaseArmSummary(
    int Answered,
    int Errors,
    int Compliant,
    int ExpectationsMet,
    double? ComplianceRate,
    double? CorrectnessRate,
    double? P50LatencyMs,
    double? P99LatencyMs,
    double? MeanOutputTokens,
    ImmutableSortedDictionary<FormatDeviation, int> Deviations);

/// <summary>Baseline against candidate for one case.</summary>
/// <param name="Similarity">Mean similarity (0..1) of candidate answers to baseline answers, or null.</param>
/// <param name="NoiseFloorSimilarity">Mean similarity of the baseline's repeat answers to its own answers (A/A), when run.</param>
/// <param name="Regressions">What got worse beyond noise, in words with numbers; empty unless the case regressed.</param>
/// <param name="Severity">Sort key within a label: larger is worse; 0 when the case is unchanged or better.</param>
/// <param name="Label">Regressed, worse or unchanged/better: the label every report shows.</param>
public sealed record CaseComparison(
    string CaseId,
    CaseArmSummary Baseline,
    CaseArmSummary Candidate,
    double? Similarity,
    double? NoiseFloorSimilarity,
    ImmutableArray<string> Regressions,
    double Severity,
    CaseLabel Label);

/// <summary>How a case fared, from best to worst (the order sorts on it).</summary>
public enum CaseLabel
{
    /// <summary>No fewer passing answers than the baseline and nothing flagged.</summary>
    UnchangedOrBetter,
    /// <summary>Fewer passing answers (lower format compliance or correctness, or more errors), not significant on the case's own samples.</summary>
    Worse,
    /// <summary>A flag is significant on the case's own samples (see <see cref="CaseComparison.Regressions"/>).</summary>
    Regressed,
}

/// <summary>The state of one gate.</summary>
public enum GateState
{
    Pass,
    Inconclusive,
    Fail,

    /// <summary>
    /// The run could not measure what the gate reads: the latency gates of a batch run (docs/batch.md), whose jobs report no
    /// per-call latency. Neither a pass nor a fail; a blocking gate not measured keeps the verdict from a plain GO.
    /// </summary>
    NotMeasured,
}

/// <summary>One gate, judged.</summary>
/// <param name="Name">Human name, e.g. "p99 latency increase".</param>
/// <param name="Unit">How to read the values: "rate" (0..1), "ms", "tokens", "usd".</param>
/// <param name="Delta">Candidate relative to baseline: a fraction for relative gates (+0.25 = +25%), a difference for rates.</param>
/// <param name="DeltaInterval">Interval of <paramref name="Delta"/> (or of the candidate value for absolute gates).</param>
/// <param name="Explanation">One sentence with the numbers, as a reviewer would say it.</param>
/// <param name="SamplesNeeded">For an inconclusive gate: about how many samples per case would decide it.</param>
public sealed record GateResult(
    GateSpec Spec,
    string Name,
    string Unit,
    GateState State,
    double? Baseline,
    double? Candidate,
    double? Delta,
    Interval? DeltaInterval,
    string Explanation,
    int? SamplesNeeded);

/// <summary>The overall decision.</summary>
public enum Verdict
{
    Go,
    GoWithWarnings,
    Inconclusive,
    NoGo,
}

/// <summary>The decision, the reasons that decided it (most important first) and the exit code every command gives for it.</summary>
/// <param name="ExitCode">0 GO or GO WITH WARNINGS, 1 NO-GO, 4 INCONCLUSIVE; 3 whenever the run could not complete.</param>
public sealed record VerdictResult(Verdict Verdict, ImmutableArray<string> Reasons, int ExitCode);

/// <summary>A journal record with the checks of its answer (null for errors and retried tries).</summary>
public sealed record CheckedAttempt(AttemptRecord Record, CheckResult? Check);

/// <summary>
/// What report writers receive: the analysis, and every journal record (retried tries included, in journal
/// order) with the checks of its answer. Writers that show answers take the <c>Final</c> ones.
/// </summary>
public sealed record ReportData(RunAnalysis Analysis, JournalHeader Header, ImmutableArray<CheckedAttempt> Attempts)
{
    /// <summary>A batch run's jobs as the journal last wrote them; empty for an on-demand run.</summary>
    public ImmutableArray<BatchJobRecord> BatchJobs { get; init; } = [];
}
