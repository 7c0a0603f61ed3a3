using System.Collections.Immutable;

namespace BedrockMigrationHarness.Vocabulary;

/// <summary>
/// One finished call, as appended to <c>results.jsonl</c>. A planned attempt (case × arm × sample)
/// may take several calls when retried: each call is a record with its own <see cref="Try"/> number,
/// outcome and time, and only the last has <see cref="Final"/> set. Request headers and credentials
/// are never part of a record.
/// </summary>
/// <param name="CaseId">The prompt case.</param>
/// <param name="Arm">Baseline or candidate.</param>
/// <param name="Sample">0-based sample index within the case and arm.</param>
/// <param name="Try">1-based call number for this planned attempt.</param>
/// <param name="Final">True for the call that settled the planned attempt (answer, or the last error).</param>
/// <param name="ModelId">The model called.</param>
/// <param name="StartedAt">UTC time the call started.</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="ClientLatencyMs">Request written to last byte read, on the client.</param>
/// <param name="ServerLatencyMs">The service's <c>metrics.latencyMs</c>, when given.</param>
/// <param name="TimeToFirstTokenMs">Streaming only: request written to the first content delta.</param>
/// <param name="InputTokens">From <c>usage</c>.</param>
/// <param name="OutputTokens">From <c>usage</c>.</param>
/// <param name="StopReason">The model's stop reason.</param>
/// <param name="Text">The answer text (assistant text blocks joined).</param>
/// <param name="HttpStatus">HTTP status of the response, when one arrived.</param>
/// <param name="ErrorType">The service's error type (e.g. ThrottlingException), for errors.</param>
/// <param name="ErrorMessage">The service's or client's error message, for errors.</param>
public sealed record AttemptRecord(
    string CaseId,
    Arm Arm,
    int Sample,
    int Try,
    bool Final,
    string ModelId,
    DateTimeOffset StartedAt,
    CallOutcome Outcome,
    double ClientLatencyMs,
    long? ServerLatencyMs,
    double? TimeToFirstTokenMs,
    int? InputTokens,
    int? OutputTokens,
    string? StopReason,
    string? Text,
    int? HttpStatus,
    string? ErrorType,
    string? ErrorMessage)
{
    /// <summary>The answer's tool calls, in order; empty when it made none.</summary>
    public ImmutableArray<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The answer's reasoning text, kept apart from <see cref="Text"/>; null when none.</summary>
    public string? ReasoningText { get; init; }

    /// <summary>From <c>usage.cacheReadInputTokens</c>.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary>From <c>usage.cacheWriteInputTokens</c>.</summary>
    public int? CacheWriteInputTokens { get; init; }

    /// <summary>
    /// The 0-based index of the candidate (suite key <c>candidates:</c>) a candidate's answer or a judge's call belongs to;
    /// 0 for the baseline arms and for every record of a suite with one candidate (the journal writes it only when above 0).
    /// </summary>
    public int Candidate { get; init; }

    /// <summary>The planned attempt this call belongs to.</summary>
    public AttemptKey Key => new(CaseId, Arm, Sample, Candidate);
}
