using System.Collections.Immutable;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Each arm's answers against the cases' references (suite key <c>reference:</c>, the production answer of an imported
/// suite), and what production logged against what the run measured. Informational: no gate reads it, so it never
/// changes the verdict.
/// </summary>
/// <param name="Cases">Cases with a reference.</param>
/// <param name="Similarity">Similarity to the reference text; null when no reference has text.</param>
/// <param name="ToolChoice">Answers calling the reference's tools; null when no reference calls a tool.</param>
/// <param name="Production">Logged production figures against the measured ones; null when no reference has any.</param>
/// <param name="PerCase">One entry per case with a reference, in suite order.</param>
public sealed record ReferenceSummary(
    int Cases,
    ReferenceSimilarity? Similarity,
    ToolChoiceAgreement? ToolChoice,
    ProductionComparison? Production,
    ImmutableArray<CaseReferenceResult> PerCase);

/// <summary>
/// Mean similarity (0..1, <see cref="AnswerSimilarity"/>) of each arm's answers to the reference text: per case the mean
/// over its answers, then the mean over the cases.
/// </summary>
/// <param name="Cases">Cases whose reference has text.</param>
/// <param name="Baseline">Over the cases the baseline answered, with its bootstrap-over-cases interval; null when it answered none.</param>
/// <param name="Candidate">As <paramref name="Baseline"/>, for the candidate.</param>
/// <param name="Difference">Candidate minus baseline over the cases both arms answered, with its bootstrap interval; null when none.</param>
public sealed record ReferenceSimilarity(int Cases, Estimate? Baseline, Estimate? Candidate, Estimate? Difference);

/// <summary>
/// Answers that call the reference's tools: the same tool names in the same order (arguments are not compared), over
/// the answers of the cases whose reference calls a tool, with Wilson intervals.
/// </summary>
/// <param name="Cases">Cases whose reference calls a tool.</param>
public sealed record ToolChoiceAgreement(int Cases, int BaselineAnswers, Estimate Baseline, int CandidateAnswers, Estimate Candidate);

/// <summary>
/// What production logged against what the run measured, over the cases whose reference has production figures.
/// Latency on both sides is the service's <c>metrics.latencyMs</c>, so the network between the harness and Bedrock is
/// in neither.
/// </summary>
/// <param name="Cases">Cases with production figures.</param>
/// <param name="LatencyP50">Median latency: production over the cases with a logged latency, each arm over its answers to those cases.</param>
/// <param name="LatencyP90">As <paramref name="LatencyP50"/>, the 90th percentile.</param>
/// <param name="InputTokens">Mean input tokens per case: production's logged count, each arm's mean per answer (then over the cases).</param>
/// <param name="OutputTokens">As <paramref name="InputTokens"/>, output tokens.</param>
public sealed record ProductionComparison(
    int Cases,
    ProductionFigure LatencyP50,
    ProductionFigure LatencyP90,
    ProductionFigure InputTokens,
    ProductionFigure OutputTokens);

/// <summary>One figure, production against each measured arm; a value is null when nothing was there to compute it from.</summary>
/// <param name="Cases">Cases whose log had this figure.</param>
public sealed record ProductionFigure(int Cases, double? Production, double? Baseline, double? Candidate)
{
    /// <summary>The baseline relative to production (+0.25 = 25% more), or null without both or when production is 0.</summary>
    public double? BaselineGap => Production is > 0 and { } p && Baseline is { } b ? (b / p) - 1 : null;
}

/// <summary>One case against its reference.</summary>
/// <param name="BaselineSimilarity">Mean similarity of the baseline's answers to the reference text; null without text or answers.</param>
/// <param name="CandidateSimilarity">As <paramref name="BaselineSimilarity"/>, for the candidate.</param>
/// <param name="BaselineSameTool">Share of the baseline's answers calling the reference's tools; null when the reference calls none or without answers.</param>
/// <param name="CandidateSameTool">As <paramref name="BaselineSameTool"/>, for the candidate.</param>
public sealed record CaseReferenceResult(
    string CaseId,
    double? BaselineSimilarity,
    double? CandidateSimilarity,
    double? BaselineSameTool,
    double? CandidateSameTool);
