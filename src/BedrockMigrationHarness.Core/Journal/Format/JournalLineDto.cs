using System.Collections.Immutable;

namespace BedrockMigrationHarness.Journal.Format;

// These records ARE the on-disk format of results.jsonl (its golden file is Reports/Golden/journal.jsonl in the tests):
// rename, retype or remove a member only with a new JournalReader.FormatVersion; an added optional member is compatible.
// Enums are stored by member name (camelCase strings, see EnumNames), so a member added to Arm, CallOutcome, GateKind
// and the like needs no change here. Member order is the order written, and the header's checksum is taken over it.
// A `required` member must be present (and not null); the others are left out when null.

/// <summary>One line of <c>results.jsonl</c>: exactly one member is set.</summary>
internal sealed record JournalLineDto
{
    public HeaderDto? Header { get; init; }

    public AttemptDto? Attempt { get; init; }

    /// <summary>A look of an adaptive run (format 3, issue 16): written after a round's calls, before the next round.</summary>
    public LookDto? Look { get; init; }

    /// <summary>A batch inference job as it stands (issue 18): written before it is created, with its ARN once created, and when it ended.</summary>
    public BatchJobDto? BatchJob { get; init; }

    public EndDto? End { get; init; }
}

/// <summary>Line 1: what the run is judged by, frozen, with the plan's fingerprint and the header's own checksum.</summary>
internal sealed record HeaderDto
{
    public required int FormatVersion { get; init; }

    public required string Fingerprint { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string SuiteFile { get; init; }

    public required SuiteDto Suite { get; init; }

    public ShardDto? Shard { get; init; }

    public PriceTableDto? Pricing { get; init; }

    public LifecycleDto? BaselineLifecycle { get; init; }

    public LifecycleDto? CandidateLifecycle { get; init; }

    /// <summary>Format 4: the lifecycles of the candidates after the first, in the suite's order; absent for a suite with one candidate.</summary>
    public ImmutableArray<LifecycleDto>? OtherCandidateLifecycles { get; init; }

    public string? Checksum { get; init; }
}

/// <summary>The suite as loaded: prompts rendered, schemas inlined, every default applied.</summary>
internal sealed record SuiteDto
{
    public required string Name { get; init; }

    public required string BaselineModelId { get; init; }

    public required string CandidateModelId { get; init; }

    public required string Region { get; init; }

    public required int Samples { get; init; }

    public required int Concurrency { get; init; }

    public required InferenceDto Inference { get; init; }

    public string? SystemPrompt { get; init; }

    public required bool Stream { get; init; }

    public required double TimeoutSeconds { get; init; }

    public required bool NoiseFloor { get; init; }

    public InvokeDto? Invoke { get; init; }

    public required ImmutableArray<CaseDto> Cases { get; init; }

    public required GatesDto Gates { get; init; }

    public required TrafficDto Traffic { get; init; }

    public string? PricingFile { get; init; }

    public required RetryDto Retry { get; init; }

    // Format 3 (optional, absent when unused):

    /// <summary>True when a cache point follows the suite's system prompt; absent when not.</summary>
    public bool? CacheSystemPrompt { get; init; }

    public bool? StructuredOutput { get; init; }

    /// <summary>The suite's <c>additional_fields</c>, a JSON object as text.</summary>
    public string? AdditionalFieldsJson { get; init; }

    /// <summary>The baseline arm's overrides; absent when it has none.</summary>
    public ArmOverridesDto? BaselineOverrides { get; init; }

    public ArmOverridesDto? CandidateOverrides { get; init; }

    /// <summary>The suite's judge; absent when it has none (and in journals written before the judge).</summary>
    public JudgeDto? Judge { get; init; }

    /// <summary>How an adaptive run samples until decided; absent for a fixed-size run (and in journals written before it).</summary>
    public AdaptiveDto? Adaptive { get; init; }

    /// <summary>Where and how the model calls go to batch inference; absent for on-demand calls (and in journals written before it).</summary>
    public BatchDto? Batch { get; init; }

    /// <summary>Format 4: the candidates after the first (suite key <c>candidates:</c>), in order; absent for a suite with one candidate.</summary>
    public ImmutableArray<CandidateDto>? OtherCandidates { get; init; }
}

/// <summary>A candidate after the first: its model and its arm's overrides (absent when it has none).</summary>
internal sealed record CandidateDto
{
    public required string ModelId { get; init; }

    public ArmOverridesDto? Overrides { get; init; }
}

/// <summary>The run's batch settings (suite key <c>batch:</c>, or <c>--batch</c> and <c>--role-arn</c>).</summary>
internal sealed record BatchDto
{
    public required string Bucket { get; init; }

    public required string Prefix { get; init; }

    public required string RoleArn { get; init; }

    public required int MinRecordsPerJob { get; init; }

    public required int MaxRecordsPerJob { get; init; }

    public required long MaxInputBytes { get; init; }

    public required int TimeoutHours { get; init; }

    /// <summary>A <see cref="TimeSpan"/> as .NET writes it; left out of the fingerprint (it may change on resume).</summary>
    public TimeSpan? PollInterval { get; init; }
}

/// <summary>The run's adaptive settings (suite key <c>adaptive:</c> or <c>--until-decided</c>), the flags applied.</summary>
internal sealed record AdaptiveDto
{
    public required int MaxSamples { get; init; }

    /// <summary>The cap on the run's spend in US dollars; absent when there is none.</summary>
    public double? MaxCostUsd { get; init; }

    public required double PassConfidence { get; init; }

    /// <summary><c>pocock</c> or <c>oBrienFleming</c>.</summary>
    public required string Spending { get; init; }
}

/// <summary>The suite's <c>judge:</c>, every default applied.</summary>
internal sealed record JudgeDto
{
    public required string ModelId { get; init; }

    /// <summary><c>pairwise</c> or <c>reference</c>.</summary>
    public required string Mode { get; init; }

    public required string Rubric { get; init; }

    /// <summary>The case ids or <c>*</c> patterns it applies to; empty: every case.</summary>
    public required ImmutableArray<string> Cases { get; init; }

    public required InferenceDto Inference { get; init; }
}

/// <summary>A case's own <c>judge:</c>: left out (<see cref="Skip"/>), or its own rubric.</summary>
internal sealed record CaseJudgeDto
{
    public required bool Skip { get; init; }

    public string? Rubric { get; init; }
}

/// <summary>What an arm's mapping changes (format 3).</summary>
internal sealed record ArmOverridesDto
{
    public SystemOverrideDto? System { get; init; }

    /// <summary>The arm's inference settings, the suite's with the arm's keys applied.</summary>
    public InferenceDto? Inference { get; init; }

    /// <summary>
    /// Which members of <see cref="Inference"/> the arm itself sets (<c>maxTokens</c>, <c>temperature</c>, <c>topP</c>,
    /// <c>stopSequences</c>), since a case's inference keys lie between the suite's and the arm's; absent: all of them
    /// (journals written before case inference existed, when the difference could not matter).
    /// </summary>
    public ImmutableArray<string>? InferenceKeys { get; init; }

    public string? AdditionalFieldsJson { get; init; }

    public bool? StructuredOutput { get; init; }

    public string? PromptSuffix { get; init; }
}

/// <summary>A case's or an arm's own system prompt (format 3).</summary>
internal sealed record SystemOverrideDto
{
    public required string Text { get; init; }

    public required bool CachePoint { get; init; }
}

/// <summary>One turn of a conversation (format 3).</summary>
internal sealed record TurnDto
{
    /// <summary>A <c>TurnRole</c> member's name.</summary>
    public required string Role { get; init; }

    public required ImmutableArray<PartDto> Parts { get; init; }
}

/// <summary>One content block: exactly one member is set. Images and documents are kept as path, format and hash, never bytes.</summary>
internal sealed record PartDto
{
    public string? Text { get; init; }

    public ImagePartDto? Image { get; init; }

    public DocumentPartDto? Document { get; init; }

    public ToolUsePartDto? ToolUse { get; init; }

    public ToolResultPartDto? ToolResult { get; init; }

    public bool? CachePoint { get; init; }
}

internal sealed record ImagePartDto
{
    public required string Format { get; init; }

    public required string Path { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes when the run started.</summary>
    public required string Sha256 { get; init; }
}

internal sealed record DocumentPartDto
{
    public required string Format { get; init; }

    public required string Name { get; init; }

    public required string Path { get; init; }

    public required string Sha256 { get; init; }
}

internal sealed record ToolUsePartDto
{
    public required string ToolUseId { get; init; }

    public required string Name { get; init; }

    public required string InputJson { get; init; }
}

internal sealed record ToolResultPartDto
{
    public required string ToolUseId { get; init; }

    public required string Content { get; init; }

    public required bool IsJson { get; init; }

    public required bool IsError { get; init; }
}

/// <summary>The tools a case offers (format 3).</summary>
internal sealed record ToolConfigurationDto
{
    public required ImmutableArray<ToolDto> Tools { get; init; }

    public ToolChoiceDto? Choice { get; init; }

    public required bool CachePoint { get; init; }
}

internal sealed record ToolDto
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required string InputSchemaJson { get; init; }

    public required bool Strict { get; init; }
}

internal sealed record ToolChoiceDto
{
    /// <summary>A <c>ToolChoiceKind</c> member's name.</summary>
    public required string Kind { get; init; }

    public string? ToolName { get; init; }
}

/// <summary>A case's <c>expect_tool</c> (format 3).</summary>
internal sealed record ToolExpectationDto
{
    public required string Name { get; init; }

    public required ImmutableArray<ExpectationDto> Input { get; init; }
}

/// <summary>A tool call in an answer (format 3).</summary>
internal sealed record ToolCallDto
{
    public required string ToolUseId { get; init; }

    public required string Name { get; init; }

    public required string InputJson { get; init; }
}

internal sealed record InferenceDto
{
    public required int MaxTokens { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public required ImmutableArray<string> StopSequences { get; init; }
}

internal sealed record InvokeDto
{
    public required string BodyTemplate { get; init; }

    public required string TextPointer { get; init; }
}

internal sealed record CaseDto
{
    public required string Id { get; init; }

    public required string Prompt { get; init; }

    public string? SchemaPath { get; init; }

    public string? SchemaJson { get; init; }

    public required ImmutableArray<ExpectationDto> Expectations { get; init; }

    public bool? Stream { get; init; }

    public string? InvokeBody { get; init; }

    // Format 3 (optional, absent when unused):

    /// <summary>The conversation, when it is more than one user text (<see cref="Prompt"/> is then its last user text).</summary>
    public ImmutableArray<TurnDto>? Messages { get; init; }

    public SystemOverrideDto? System { get; init; }

    public ToolConfigurationDto? Tools { get; init; }

    public ToolExpectationDto? ExpectTool { get; init; }

    public bool? StructuredOutput { get; init; }

    public string? AdditionalFieldsJson { get; init; }

    /// <summary>The case's inference settings: the suite's with the case's keys applied; absent when the case sets none.</summary>
    public InferenceDto? Inference { get; init; }

    /// <summary>Which members of <see cref="Inference"/> the case sets (as <see cref="ArmOverridesDto.InferenceKeys"/>).</summary>
    public ImmutableArray<string>? InferenceKeys { get; init; }

    /// <summary>The case's reference answer; absent when it has none.</summary>
    public ReferenceDto? Reference { get; init; }

    /// <summary>The case's own judge settings; absent when it has none.</summary>
    public CaseJudgeDto? Judge { get; init; }
}

/// <summary>A case's reference answer: what production answered, or a hand-written answer.</summary>
internal sealed record ReferenceDto
{
    public required string Text { get; init; }

    /// <summary>Its tool calls; absent when it made none.</summary>
    public ImmutableArray<ToolCallDto>? ToolCalls { get; init; }

    public ProductionCallDto? Production { get; init; }
}

/// <summary>The logged production call a reference comes from.</summary>
internal sealed record ProductionCallDto
{
    public required string ModelId { get; init; }

    public string? RequestId { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Converse, ConverseStream, InvokeModel or InvokeModelWithResponseStream, as logged.</summary>
    public string? Operation { get; init; }

    public double? LatencyMs { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }
}

internal sealed record ExpectationDto
{
    /// <summary>An <c>ExpectationKind</c> member's name.</summary>
    public required string Kind { get; init; }

    public required string Value { get; init; }

    public string? JsonPointer { get; init; }
}

internal sealed record GatesDto
{
    public required double ConfidenceLevel { get; init; }

    public required ImmutableArray<GateDto> Gates { get; init; }
}

internal sealed record GateDto
{
    /// <summary>A <c>GateKind</c> member's name.</summary>
    public required string Kind { get; init; }

    public required double Threshold { get; init; }

    /// <summary>A <c>GateSeverity</c> member's name.</summary>
    public required string Severity { get; init; }
}

internal sealed record TrafficDto
{
    public required long RequestsPerMonth { get; init; }
}

internal sealed record RetryDto
{
    public required int MaxAttempts { get; init; }

    /// <summary>A <see cref="TimeSpan"/> as .NET writes it: <c>hh:mm:ss.fffffff</c>.</summary>
    public required TimeSpan BaseDelay { get; init; }

    public required TimeSpan MaxDelay { get; init; }
}

internal sealed record ShardDto
{
    public required int Index { get; init; }

    public required int Count { get; init; }
}

internal sealed record PriceTableDto
{
    public required string File { get; init; }

    /// <summary>Prices by model id, in ordinal order.</summary>
    public required IReadOnlyDictionary<string, ModelPriceDto> Models { get; init; }
}

internal sealed record ModelPriceDto
{
    public required double InputPerMillion { get; init; }

    public required double OutputPerMillion { get; init; }

    public double? CacheReadPerMillion { get; init; }

    public double? CacheWritePerMillion { get; init; }

    /// <summary>Absent in journals written before batch prices, and for a model without them.</summary>
    public double? BatchInputPerMillion { get; init; }

    /// <summary>As <see cref="BatchInputPerMillion"/>.</summary>
    public double? BatchOutputPerMillion { get; init; }

    public required DateOnly AsOf { get; init; }

    public required string Source { get; init; }

    public required bool Verified { get; init; }

    public required double ExtendedAccessMultiplier { get; init; }
}

internal sealed record LifecycleDto
{
    public required string ModelId { get; init; }

    public required string LookupId { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public string? BedrockStatus { get; init; }

    public DateTimeOffset? LegacyTime { get; init; }

    public DateTimeOffset? PublicExtendedAccessTime { get; init; }

    public DateTimeOffset? EndOfLifeTime { get; init; }

    public required bool Gone { get; init; }

    public string? Error { get; init; }
}

/// <summary>One finished call.</summary>
internal sealed record AttemptDto
{
    public required string CaseId { get; init; }

    /// <summary>An <c>Arm</c> member's name.</summary>
    public required string Arm { get; init; }

    public required int Sample { get; init; }

    public required int Try { get; init; }

    public required bool Final { get; init; }

    public required string ModelId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>A <c>CallOutcome</c> member's name.</summary>
    public required string Outcome { get; init; }

    public required double ClientLatencyMs { get; init; }

    public long? ServerLatencyMs { get; init; }

    public double? TimeToFirstTokenMs { get; init; }

    public int? InputTokens { get; init; }

    public int? OutputTokens { get; init; }

    public string? StopReason { get; init; }

    public string? Text { get; init; }

    public int? HttpStatus { get; init; }

    public string? ErrorType { get; init; }

    public string? ErrorMessage { get; init; }

    // Format 3 (optional, absent when unused):

    /// <summary>The answer's tool calls; absent when it made none.</summary>
    public ImmutableArray<ToolCallDto>? ToolCalls { get; init; }

    public string? ReasoningText { get; init; }

    public int? CacheReadInputTokens { get; init; }

    public int? CacheWriteInputTokens { get; init; }

    /// <summary>Format 4: the 0-based candidate of a candidate's answer or a judge's call; absent when 0.</summary>
    public int? Candidate { get; init; }
}

/// <summary>One look of an adaptive run: what it saw, decided and cost, and what the run did next.</summary>
internal sealed record LookDto
{
    public required int Index { get; init; }

    public required int SamplesPerCase { get; init; }

    public required double Fraction { get; init; }

    public required double FailLevel { get; init; }

    public required double PassLevel { get; init; }

    public required ImmutableArray<LookGateDto> Gates { get; init; }

    public required long ModelCalls { get; init; }

    public double? SpendUsd { get; init; }

    /// <summary>A <c>LookStop</c> member's name.</summary>
    public required string Stop { get; init; }

    public int? NextSamplesPerCase { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>A blocking gate at a look.</summary>
internal sealed record LookGateDto
{
    /// <summary>A <c>GateKind</c> member's name.</summary>
    public required string Kind { get; init; }

    /// <summary>A <c>LookGateState</c> member's name.</summary>
    public required string State { get; init; }

    public double? Estimate { get; init; }
}

/// <summary>
/// A batch inference job: what it was planned as (before CreateModelInvocationJob), its ARN once created, and how it ended
/// once its output records are journaled. Written again at each step; the last line of a token is the job's state.
/// </summary>
internal sealed record BatchJobDto
{
    public required string ClientRequestToken { get; init; }

    /// <summary>An <c>Arm</c> member's name.</summary>
    public required string Arm { get; init; }

    /// <summary>1 for the arm's first job.</summary>
    public required int Number { get; init; }

    public required string JobName { get; init; }

    public required string ModelId { get; init; }

    /// <summary>A <c>BatchInvocationType</c> member's name.</summary>
    public required string InvocationType { get; init; }

    public required string InputUri { get; init; }

    public required string OutputUri { get; init; }

    public required int Records { get; init; }

    public required DateTimeOffset PlannedAt { get; init; }

    public string? JobArn { get; init; }

    public DateTimeOffset? SubmittedAt { get; init; }

    public BatchJobEndDto? End { get; init; }
}

/// <summary>How a batch job ended, once every output record is journaled.</summary>
internal sealed record BatchJobEndDto
{
    /// <summary>A <c>BatchJobState</c> member's name.</summary>
    public required string State { get; init; }

    public string? Message { get; init; }

    public required int RecordsJournaled { get; init; }

    public long? TotalRecordCount { get; init; }

    public long? ProcessedRecordCount { get; init; }

    public long? SuccessRecordCount { get; init; }

    public long? ErrorRecordCount { get; init; }

    public long? InputTokenCount { get; init; }

    public long? OutputTokenCount { get; init; }

    public required DateTimeOffset EndedAt { get; init; }
}

/// <summary>The last line of a run that ended in an orderly way.</summary>
internal sealed record EndDto
{
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>A <c>RunStatus</c> member's name.</summary>
    public required string Status { get; init; }

    public string? Message { get; init; }
}

/// <summary>Only line 1's format version, read when the line is not of this format, to say which format it is.</summary>
internal sealed record FormatVersionProbe
{
    public required HeaderVersion Header { get; init; }

    internal sealed record HeaderVersion
    {
        public required int FormatVersion { get; init; }
    }
}
