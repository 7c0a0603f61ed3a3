using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Json;

// The summary.json format, documented in docs/reports.md. These records ARE the format: rename or remove a
// member only with a new FormatVersion; adding an optional member is compatible.

/// <summary>The root of summary.json.</summary>
/// <param name="FormatVersion">The format version; readers refuse a version they do not know.</param>
/// <param name="Tool">"BedrockMigrationHarness".</param>
/// <param name="Lifecycle">Both models' lifecycle at the start of the run; absent for journals without it.</param>
/// <param name="Cost">The cost impact; absent without prices for both models.</param>
/// <param name="RequestDifferences">How the arms' requests differ besides the model id.</param>
/// <param name="CompatibilityFindings">Requests one arm's model rejected (ValidationException) where the other's answered.</param>
/// <param name="Reference">The arms against the cases' references and production's logged figures; absent when no case has a reference.</param>
/// <param name="Judge">What the judge found (suite key <c>judge:</c>); absent when the suite has no judge.</param>
/// <param name="Adaptive">The looks of an adaptive run (suite key <c>adaptive:</c>, <c>--until-decided</c>); absent for a fixed-size run.</param>
internal sealed record SummaryDocument(
    int FormatVersion,
    string Tool,
    SummaryRun Run,
    SummaryVerdict Verdict,
    ImmutableArray<SummaryGate> Gates,
    ImmutableArray<SummaryArm> Arms,
    ImmutableArray<SummaryCase> Cases,
    SummaryLifecycle? Lifecycle = null,
    SummaryCost? Cost = null,
    SummaryRequestDifferences? RequestDifferences = null,
    ImmutableArray<SummaryCompatibilityFinding>? CompatibilityFindings = null,
    SummaryReference? Reference = null,
    SummaryJudge? Judge = null,
    SummaryAdaptive? Adaptive = null,
    SummaryBatch? Batch = null)
{
    /// <summary>The format of a one-candidate run's summary, unchanged since several candidates came.</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The format of a run of several candidates: format 2's members (the best-ranked candidate's), plus <see cref="Comparison"/>.</summary>
    public const int SeveralCandidatesFormatVersion = 3;

    /// <summary>Format 3: every candidate compared with the baseline, and what the run says as a whole; absent for one candidate.</summary>
    public SummaryComparison? Comparison { get; init; }
}

/// <summary>A run of several candidates as a whole (format 3).</summary>
/// <param name="ExitCode">The run's exit code (0 when a candidate may go, 1 when all are NO-GO, 4 when none is GO and one is INCONCLUSIVE; with --require-all every candidate counts).</param>
/// <param name="RequireAll">Whether --require-all decided the exit code.</param>
/// <param name="Outcome">What the run says, in words, with the exit code.</param>
/// <param name="Passing">The models that may go (GO or GO WITH WARNINGS), best first.</param>
/// <param name="RunSpendUsd">What every model call of the run cost, each once (the judge's apart); absent without prices.</param>
/// <param name="SelectionCaveat">Why the best-looking candidate's figures are optimistic.</param>
/// <param name="Candidates">Every candidate in the suite's order, each with its rank and its whole summary (format 2's shape).</param>
internal sealed record SummaryComparison(
    int ExitCode,
    bool RequireAll,
    string Outcome,
    ImmutableArray<string> Passing,
    double? RunSpendUsd,
    string SelectionCaveat,
    ImmutableArray<SummaryCandidate> Candidates);

/// <summary>One candidate of a run of several (format 3).</summary>
/// <param name="Index">0-based, the suite's order (as in the journal and attempts.csv).</param>
/// <param name="Rank">1 for the best: GO first, then GO WITH WARNINGS, INCONCLUSIVE, NO-GO, then the cheaper monthly cost.</param>
/// <param name="Summary">The candidate against the baseline, exactly as a one-candidate run's summary.json (without its own comparison).</param>
internal sealed record SummaryCandidate(int Index, int Rank, string ModelId, string Verdict, int ExitCode, SummaryDocument Summary);

/// <param name="Status">"completed", "interrupted" or "aborted".</param>
/// <param name="Arms">2, or 3 with the baseline repeat (noise floor).</param>
/// <param name="CaseCount">The run's cases: the shard's for a shard.</param>
/// <param name="Shard">Which shard, for a shard's run; absent otherwise.</param>
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
    string PercentileEstimator,
    SummaryShard? Shard = null);

/// <summary>A shard's run (<c>--shard i/n</c>): which shard, and the whole suite's cases (the run's <c>caseCount</c> is the shard's).</summary>
internal sealed record SummaryShard(int Index, int Count, int SuiteCaseCount);

/// <param name="Verdict">"GO", "GO WITH WARNINGS", "INCONCLUSIVE" or "NO-GO".</param>
/// <param name="ExitCode">The exit code of <c>bmh run</c> and <c>bmh report</c> for this run: 0, 1 or 4 by the verdict, 3 when the run could not complete.</param>
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
/// <param name="ComplianceRate">Format compliance: answers that are JSON valid against the case's schema / answers.</param>
/// <param name="CorrectnessRate">Answers meeting every expectation / answers, over the cases with expectations; absent when no case has one.</param>
/// <param name="MeanCacheReadInputTokens">Mean cacheReadInputTokens per answer; absent when no answer of the arm reports cache usage.</param>
/// <param name="MeanCacheWriteInputTokens">Mean cacheWriteInputTokens per answer, as above.</param>
/// <param name="AnswersWithReasoning">Answers with reasoning content (its tokens are in the output tokens).</param>
/// <param name="MeanReasoningChars">Mean characters of reasoning over those answers; absent when none had any.</param>
/// <param name="TotalTokens">Tokens summed over every call of the arm that reported usage, retries included (what the arm was billed for).</param>
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
    SummaryEstimate? CorrectnessRate,
    SummaryEstimate ErrorRate,
    SummaryPercentiles LatencyMs,
    SummaryPercentiles? TimeToFirstTokenMs,
    SummaryEstimate MeanInputTokens,
    SummaryEstimate MeanOutputTokens,
    double? MedianOutputTokens,
    SummaryEstimate? MeanCacheReadInputTokens = null,
    SummaryEstimate? MeanCacheWriteInputTokens = null,
    int AnswersWithReasoning = 0,
    double? MeanReasoningChars = null,
    SummaryTokenTotals? TotalTokens = null);

/// <param name="CacheRead">Sum of cacheReadInputTokens (0 where a call reports none).</param>
internal sealed record SummaryTokenTotals(long Input, long Output, long CacheRead, long CacheWrite);

internal sealed record SummaryCaseArm(
    int Answered,
    int Errors,
    int Compliant,
    int ExpectationsMet,
    double? ComplianceRate,
    double? CorrectnessRate,
    double? P50LatencyMs,
    double? P99LatencyMs,
    double? MeanOutputTokens,
    ImmutableSortedDictionary<string, int> Deviations);

/// <param name="Label">"regressed" (a flag is significant on the case's own samples), "worse" (fewer passing answers, not significant) or "unchangedOrBetter".</param>
/// <param name="Regressions">What regressed beyond noise, in words; empty unless the label is "regressed".</param>
/// <param name="Reference">The case against its reference; absent when it has none.</param>
internal sealed record SummaryCase(
    string Id,
    string Label,
    SummaryCaseArm Baseline,
    SummaryCaseArm Candidate,
    double? Similarity,
    double? NoiseFloorSimilarity,
    double Severity,
    ImmutableArray<string> Regressions,
    SummaryCaseReference? Reference = null);

/// <param name="BaselineSimilarity">Mean similarity (0..1) of the baseline's answers to the reference text; absent without text or answers.</param>
/// <param name="BaselineSameTools">Share of the baseline's answers calling the reference's tools (names, in order); absent when the reference calls none.</param>
internal sealed record SummaryCaseReference(double? BaselineSimilarity, double? CandidateSimilarity, double? BaselineSameTools, double? CandidateSameTools);

/// <summary>Informational: no gate reads it.</summary>
/// <param name="Cases">Cases with a reference.</param>
/// <param name="Similarity">Similarity to the reference text; absent when no reference has text.</param>
/// <param name="ToolChoice">Answers calling the reference's tools; absent when no reference calls one.</param>
/// <param name="Production">Production's logged figures against the measured ones; absent when no reference has any.</param>
/// <param name="Findings">What the gaps between production and the measured baseline mean, in words.</param>
internal sealed record SummaryReference(
    int Cases,
    SummaryReferenceSimilarity? Similarity,
    SummaryToolChoice? ToolChoice,
    SummaryProduction? Production,
    ImmutableArray<string> Findings);

/// <param name="Difference">Candidate minus baseline over the cases both answered, with its bootstrap-over-cases interval.</param>
internal sealed record SummaryReferenceSimilarity(int Cases, SummaryEstimate? Baseline, SummaryEstimate? Candidate, SummaryEstimate? Difference);

/// <param name="Baseline">Share of the baseline's answers calling the reference's tools, with its Wilson interval.</param>
internal sealed record SummaryToolChoice(int Cases, int BaselineAnswers, SummaryEstimate Baseline, int CandidateAnswers, SummaryEstimate Candidate);

/// <param name="LatencyP50Ms">metrics.latencyMs on both sides: production's logged values against each arm's answers to the same cases.</param>
internal sealed record SummaryProduction(
    int Cases,
    SummaryProductionFigure LatencyP50Ms,
    SummaryProductionFigure LatencyP90Ms,
    SummaryProductionFigure MeanInputTokens,
    SummaryProductionFigure MeanOutputTokens);

/// <param name="Cases">Cases whose log had this figure.</param>
internal sealed record SummaryProductionFigure(int Cases, double? Production, double? Baseline, double? Candidate);

internal sealed record SummaryLifecycle(SummaryArmLifecycle Baseline, SummaryArmLifecycle Candidate);

/// <param name="Stage">ACTIVE, LEGACY, EXTENDED_ACCESS, END_OF_LIFE or UNKNOWN, at <paramref name="CheckedAt"/>.</param>
/// <param name="DaysLeft">Whole days from <paramref name="CheckedAt"/> to the end of life; absent when none is known.</param>
/// <param name="Error">Why the lookup failed, for UNKNOWN.</param>
internal sealed record SummaryArmLifecycle(
    string ModelId,
    string LookupId,
    string Stage,
    string? BedrockStatus,
    DateTimeOffset? LegacyTime,
    DateTimeOffset? PublicExtendedAccessTime,
    DateTimeOffset? EndOfLifeTime,
    int? DaysLeft,
    DateTimeOffset CheckedAt,
    string? Error);

/// <param name="MonthlyDeltaUsd">Candidate minus baseline per month, with its interval.</param>
/// <param name="MonthlyChange">Candidate relative to baseline (0.25 = +25%), with its interval.</param>
/// <param name="BaselineExtendedAccessMonthlyUsd">The cost of not migrating: the baseline per month at extended-access prices.</param>
/// <param name="ExtendedAccessFrom">When the baseline's extended access starts, when known.</param>
/// <param name="RunSpendUsd">What the run's own calls cost (every call with tokens, retries included).</param>
internal sealed record SummaryCost(
    string PriceFile,
    long RequestsPerMonth,
    SummaryArmCost Baseline,
    SummaryArmCost Candidate,
    SummaryEstimate MonthlyDeltaUsd,
    SummaryEstimate MonthlyChange,
    SummaryEstimate BaselineExtendedAccessMonthlyUsd,
    double ExtendedAccessMultiplier,
    DateTimeOffset? ExtendedAccessFrom,
    double RunSpendUsd,
    bool PricesVerified);

/// <param name="PriceAsOf">The date the price was taken, YYYY-MM-DD.</param>
/// <param name="BatchInputPerMillionUsd">Batch inference's input price, where the table has one (not used for this run's costs).</param>
/// <param name="BatchOutputPerMillionUsd">Batch inference's output price, likewise.</param>
internal sealed record SummaryArmCost(
    string ModelId,
    double InputPerMillionUsd,
    double OutputPerMillionUsd,
    string PriceAsOf,
    string PriceSource,
    bool PriceVerified,
    SummaryEstimate PerThousandRequestsUsd,
    SummaryEstimate MonthlyUsd,
    double? CacheReadPerMillionUsd = null,
    double? CacheWritePerMillionUsd = null,
    double? BatchInputPerMillionUsd = null,
    double? BatchOutputPerMillionUsd = null);

/// <param name="AllCases">Differences that hold for every case.</param>
/// <param name="SomeCases">Differences of some cases only, one per field.</param>
internal sealed record SummaryRequestDifferences(int CaseCount, ImmutableArray<SummaryRequestDifference> AllCases, ImmutableArray<SummaryRequestDifference> SomeCases);

/// <param name="Field">As the suite names it: system, temperature, top_p, max_tokens, stop_sequences, additional_fields/POINTER, structured_output, tools, tool_choice, prompt_suffix, last user message, ….</param>
/// <param name="Baseline">The baseline's value as shown; absent when the baseline does not send it.</param>
/// <param name="Candidate">The candidate's value; absent when the candidate does not send it.</param>
/// <param name="ValuesVary">The cases differ in different values (the values are the first case's).</param>
/// <param name="CaseIds">Some of the cases (at most 3); empty when every case differs so.</param>
/// <param name="Text">The difference in words, as report.html says it.</param>
internal sealed record SummaryRequestDifference(string Field, string? Baseline, string? Candidate, bool ValuesVary, int Cases, ImmutableArray<string> CaseIds, string Text);

/// <param name="Arm">"baseline" or "candidate": the arm whose requests were rejected.</param>
/// <param name="Attempts">Final attempts rejected with this message.</param>
/// <param name="Cases">Distinct cases among them (the other arm answered each).</param>
/// <param name="CaseIds">At most 5 of them.</param>
/// <param name="Parameter">The parameter the message names; absent when it names none the harness knows.</param>
/// <param name="SuggestedOverride">A suite override (YAML flow style) that removes the cause; absent when none would.</param>
internal sealed record SummaryCompatibilityFinding(
    string Arm,
    string ModelId,
    string Message,
    int Attempts,
    int Cases,
    ImmutableArray<string> CaseIds,
    string? Parameter,
    string Advice,
    string? SuggestedOverride);

/// <summary>The judge's verdicts on the candidate: a pair (case and sample) is judged in both orders; a win or a loss needs both to agree.</summary>
/// <param name="Mode">"pairwise" (against the baseline's answer) or "reference" (against the case's reference).</param>
/// <param name="Pairs">Pairs the judge applies to: its cases × samples.</param>
/// <param name="Judged">Pairs with a valid verdict in both orders: wins + ties + losses.</param>
/// <param name="Disagreements">Judged pairs whose two orders gave different verdicts (counted as ties).</param>
/// <param name="PositionBias">Judged pairs where the judge picked the same position both times / judged pairs, with its interval.</param>
/// <param name="FirstPositionPicks">Of those, the pairs where it picked the answer shown first both times.</param>
/// <param name="Agreement">Judged pairs whose two orders agreed / judged pairs, with its interval.</param>
/// <param name="JudgeFailed">Pairs where an order ended in an error or a malformed verdict after its retries.</param>
/// <param name="NotJudged">Pairs the judge could not be asked about: an arm gave no answer.</param>
/// <param name="Calls">Every judge call, retries included.</param>
/// <param name="SpendUsd">What the judge's calls cost; absent without a price for the judge model. Not part of <c>cost</c>.</param>
/// <param name="Cases">Every case the judge applies to, the worst first (largest net loss).</param>
internal sealed record SummaryJudge(
    string ModelId,
    string Mode,
    int Pairs,
    int Judged,
    int Wins,
    int Ties,
    int Losses,
    int Disagreements,
    SummaryEstimate? PositionBias,
    int FirstPositionPicks,
    SummaryEstimate? Agreement,
    int JudgeFailed,
    int NotJudged,
    int Calls,
    long InputTokens,
    long OutputTokens,
    double? SpendUsd,
    ImmutableArray<SummaryJudgedCase> Cases);

/// <param name="NetLoss">(losses − wins) / judged pairs of the case; absent when none was judged.</param>
/// <param name="Reasons">The judge's reasons on the case's losses, at most three (model output, as written).</param>
internal sealed record SummaryJudgedCase(string Id, int Wins, int Ties, int Losses, int Failed, double? NetLoss, ImmutableArray<string> Reasons);

/// <summary>An adaptive run: its design, every look recomputed from the journal, and why it stopped.</summary>
/// <param name="Stop">"decided", "maxSamples" or "maxCost"; absent when the run stopped in a round (interrupted).</param>
/// <param name="StopReason">Why it stopped, in one sentence.</param>
/// <param name="Summary">The run's course in one line, as the terminal says it: "stopped after 3 looks at 40 samples per case (…)".</param>
internal sealed record SummaryAdaptive(
    SummaryAdaptiveSettings Settings,
    string? Stop,
    string StopReason,
    string Summary,
    ImmutableArray<SummaryLook> Looks);

/// <param name="MaxCostUsd">The cap on the run's spend (models and judge); absent without one.</param>
/// <param name="Spending">"pocock" or "obrien_fleming", as the suite spells it.</param>
internal sealed record SummaryAdaptiveSettings(int MaxSamples, double? MaxCostUsd, double PassConfidence, string Spending);

/// <param name="Fraction">The information fraction: settled candidate attempts / (cases × maxSamples).</param>
/// <param name="FailLevel">The two-sided confidence level of the intervals that decide a FAIL at this look.</param>
/// <param name="PassLevel">The two-sided confidence level of the intervals that decide a PASS at this look.</param>
/// <param name="ModelCalls">Calls made up to this look, retries and judge calls included.</param>
/// <param name="SpendUsd">The run's spend up to this look (models and judge); absent without prices.</param>
/// <param name="Stop">"continue", "decided", "maxSamples" or "maxCost"; absent for a look taken at an interruption.</param>
/// <param name="NextSamplesPerCase">With "continue", the samples per case of the next round.</param>
/// <param name="Journaled">False for the look taken for the report on a run interrupted in a round.</param>
/// <param name="Gates">The blocking gates, in suite order.</param>
internal sealed record SummaryLook(
    int Index,
    int SamplesPerCase,
    double Fraction,
    double FailLevel,
    double PassLevel,
    long ModelCalls,
    double? SpendUsd,
    string? Stop,
    int? NextSamplesPerCase,
    bool Journaled,
    ImmutableArray<SummaryLookGate> Gates);

/// <param name="Kind">camelCase gate kind, as in <c>gates</c>.</param>
/// <param name="State">"PASS", "FAIL" or "UNDECIDED".</param>
/// <param name="Unit">As in <c>gates</c>.</param>
/// <param name="Estimate">The estimate on the gate's scale (a delta, or the candidate's rate for a floor and the error rate); absent without data.</param>
/// <param name="Limit">The limit on the estimate's scale (a drop gate's is the negated threshold).</param>
/// <param name="HigherIsWorse">True when an estimate above the limit is the regression.</param>
/// <param name="FailInterval">The interval at the look's failLevel; absent without data.</param>
/// <param name="PassInterval">The interval at the look's passLevel; absent without data.</param>
internal sealed record SummaryLookGate(
    string Kind,
    string Name,
    string State,
    string Unit,
    double? Estimate,
    double Limit,
    bool HigherIsWorse,
    SummaryInterval? FailInterval,
    SummaryInterval? PassInterval);

/// <summary>A batch run (docs/batch.md): where its objects went, why latency is not measured, and each job as a line.</summary>
/// <param name="Location">The S3 location of the run's input and output objects.</param>
/// <param name="LatencyNote">Why the latency gates read NOT MEASURED.</param>
/// <param name="Jobs">One line per job: arm, job id, end state, records journaled, manifest counts and ARN.</param>
internal sealed record SummaryBatch(string Location, string LatencyNote, ImmutableArray<string> Jobs);
