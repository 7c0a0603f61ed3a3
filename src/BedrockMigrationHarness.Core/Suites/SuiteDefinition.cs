using System.Collections.Immutable;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// A validated, frozen suite: what the suite loader produces and everything downstream consumes.
/// Nothing after loading re-validates it. It is written into the journal header, so a report can be
/// rebuilt from the journal alone.
/// </summary>
/// <param name="PricingFile">The suite's <c>pricing:</c> file as written (relative to the suite), or null for the default lookup.</param>
public sealed record SuiteDefinition(
    string Name,
    string BaselineModelId,
    string CandidateModelId,
    string Region,
    int Samples,
    int Concurrency,
    InferenceSettings Inference,
    string? SystemPrompt,
    bool Stream,
    double TimeoutSeconds,
    bool NoiseFloor,
    InvokeSettings? Invoke,
    ImmutableArray<PromptCase> Cases,
    GateSettings Gates,
    TrafficSettings Traffic,
    string? PricingFile = null)

{
    /// <summary>How the runner retries a retryable failure (suite key <c>retry:</c>). Default <see cref="RetrySettings.Default"/>.</summary>
    public RetrySettings Retry { get; init; } = RetrySettings.Default;

    /// <summary>A <c>cachePoint</c> after the suite's system prompt (<c>system: { text: ..., cache_point: true }</c>).</summary>
    public bool CacheSystemPrompt { get; init; }

    /// <summary>The suite's <c>structured_output:</c>, or null when it does not say (cases and arms may override it).</summary>
    public bool? StructuredOutput { get; init; }

    /// <summary>The suite's <c>additional_fields:</c> as a JSON object, or null.</summary>
    public string? AdditionalFieldsJson { get; init; }

    /// <summary>What the <c>baseline:</c> mapping changes for the baseline arm (and its noise-floor repeat).</summary>
    public ArmOverrides Baseline { get; init; } = ArmOverrides.None;

    /// <summary>What the <c>candidate:</c> mapping changes for the candidate arm.</summary>
    public ArmOverrides Candidate { get; init; } = ArmOverrides.None;

    /// <summary>The suite's <c>judge:</c>: a third model grading the candidate's answers; null (the default) when the suite has none.</summary>
    public JudgeSettings? Judge { get; init; }

    /// <summary>The suite's <c>adaptive:</c> (or <c>--until-decided</c>): sample in rounds until every blocking gate is decided; null (the default) for a fixed-size run.</summary>
    public AdaptiveSettings? Adaptive { get; init; }

    /// <summary>Bedrock batch inference as the engine of the model calls (<c>batch:</c>, <c>--batch</c>); null for on-demand calls.</summary>
    public BatchSettings? Batch { get; init; }

    /// <summary>
    /// The candidates after the first of a suite with several (suite key <c>candidates:</c>), in the suite's order; empty (the
    /// default) for a suite with one candidate. The first candidate is <see cref="CandidateModelId"/> with <see cref="Candidate"/>.
    /// </summary>
    public ImmutableArray<CandidateSpec> OtherCandidates { get; init; } = [];

    /// <summary>Every candidate, in the suite's order: the first (<see cref="CandidateModelId"/>), then <see cref="OtherCandidates"/>.</summary>
    public ImmutableArray<CandidateSpec> Candidates => [new CandidateSpec(CandidateModelId, Candidate), .. OtherCandidates];

    /// <summary>How many candidates the suite compares with the baseline: 1 unless it names <c>candidates:</c>.</summary>
    public int CandidateCount => 1 + OtherCandidates.Length;

    /// <summary>
    /// The two-arm suite of candidate <paramref name="index"/> (0-based): the baseline against that candidate alone, with
    /// no other candidates. Analysis and reports judge each candidate on this view exactly as a one-candidate suite.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a candidate of the suite.</exception>
    public SuiteDefinition ForCandidate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CandidateCount);
        if (OtherCandidates.IsEmpty)
        {
            return this;
        }

        var spec = Candidates[index];
        return this with { CandidateModelId = spec.ModelId, Candidate = spec.Overrides, OtherCandidates = [] };
    }

    /// <summary>The overrides of <paramref name="arm"/>: the noise-floor repeat is the baseline, sent the same way.</summary>
    public ArmOverrides OverridesOf(Arm arm) => arm == Arm.Candidate ? Candidate : Baseline;
}

/// <summary>One candidate of a suite: its model and what its mapping changes for its arm (suite keys <c>candidate:</c>, <c>candidates:</c>).</summary>
public sealed record CandidateSpec(string ModelId, ArmOverrides Overrides);

/// <summary>
/// How one arm's requests differ from the suite's (docs/suite-format.md, "Per-arm overrides"). Null members change
/// nothing. An arm's setting beats the case's, which beats the suite's.
/// </summary>
/// <param name="System">The arm's system prompt, rendered; replaces the case's and the suite's.</param>
/// <param name="Inference">The arm's inference keys, applied over the case's and the suite's; null when the arm gives none.</param>
/// <param name="AdditionalFieldsJson">A JSON object merged over the suite's and the case's additional fields.</param>
/// <param name="StructuredOutput">Structured output on or off for this arm's cases that have a schema.</param>
/// <param name="PromptSuffix">Text appended to the last user turn of every case, rendered.</param>
public sealed record ArmOverrides(
    SystemOverride? System,
    InferenceOverride? Inference,
    string? AdditionalFieldsJson,
    bool? StructuredOutput,
    string? PromptSuffix)
{
    public static readonly ArmOverrides None = new(null, null, null, null, null);
}

/// <summary>A system prompt given by a case or an arm, and whether a <c>cachePoint</c> follows it.</summary>
public sealed record SystemOverride(string Text, bool CachePoint);

/// <summary>A case's expected tool call: its name, and checks on its input (pointers into the input JSON).</summary>
public sealed record ToolExpectation(string Name, ImmutableArray<Expectation> Input);

/// <summary>Inference parameters sent with every call (Converse <c>inferenceConfig</c>).</summary>
public sealed record InferenceSettings(
    int MaxTokens,
    double? Temperature,
    double? TopP,
    ImmutableArray<string> StopSequences);

/// <summary>One prompt case. <see cref="Messages"/> are already rendered from their templates and vars.</summary>
/// <param name="Id">Unique within the suite.</param>
/// <param name="Messages">The conversation sent: alternating turns, the first and the last the user's.</param>
/// <param name="SchemaPath">The schema file as written in the suite (for display), or null.</param>
/// <param name="SchemaJson">The schema's JSON text, or null when the case has no schema.</param>
/// <param name="Expectations">Checks on the answer beyond the schema.</param>
/// <param name="Stream">Per-case override of the suite's <c>stream</c> setting.</param>
/// <param name="InvokeBody">The rendered InvokeModel body when the suite uses InvokeModel, else null.</param>
public sealed record PromptCase(
    string Id,
    ImmutableArray<Turn> Messages,
    string? SchemaPath,
    string? SchemaJson,
    ImmutableArray<Expectation> Expectations,
    bool? Stream,
    string? InvokeBody = null)
{
    /// <summary>The text of the last user turn: what the case asks (display, reports).</summary>
    public string Prompt => Conversation.LastUserText(Messages);

    /// <summary>The case's own <c>system:</c>, replacing the suite's; null when it has none.</summary>
    public SystemOverride? System { get; init; }

    /// <summary>The tools offered (the case's <c>tools:</c>, else the suite's), or null.</summary>
    public ToolConfiguration? Tools { get; init; }

    /// <summary>The tool call the answer must make (<c>expect_tool:</c>), or null.</summary>
    public ToolExpectation? ExpectTool { get; init; }

    /// <summary>The case's <c>structured_output:</c>, or null when it does not say.</summary>
    public bool? StructuredOutput { get; init; }

    /// <summary>The case's <c>additional_fields:</c> as a JSON object, or null.</summary>
    public string? AdditionalFieldsJson { get; init; }

    /// <summary>The case's <c>inference:</c> keys, applied over the suite's (an arm's beat them); null when it gives none.</summary>
    public InferenceOverride? Inference { get; init; }

    /// <summary>The case's <c>reference:</c>: what production answered (imported from logs) or a hand-written model answer; null when none.</summary>
    public CaseReference? Reference { get; init; }

    /// <summary>The case's own <c>judge:</c> (left out, or its own rubric); null when it says nothing.</summary>
    public CaseJudge? Judge { get; init; }
}

/// <summary>
/// Inference keys a case (or an arm) sets over the suite's. A null member leaves the suite's value; a member
/// whose <c>Set</c> flag is true replaces it, null included (<c>temperature: null</c> removes it).
/// </summary>
public sealed record InferenceOverride(
    int? MaxTokens,
    Optional<double?> Temperature,
    Optional<double?> TopP,
    ImmutableArray<string>? StopSequences)
{
    /// <summary><paramref name="settings"/> with these keys applied.</summary>
    public InferenceSettings ApplyTo(InferenceSettings settings) => new(
        MaxTokens ?? settings.MaxTokens,
        Temperature.IsSet ? Temperature.Value : settings.Temperature,
        TopP.IsSet ? TopP.Value : settings.TopP,
        StopSequences ?? settings.StopSequences);
}

/// <summary>A value that is either not given or given (possibly as null).</summary>
public readonly record struct Optional<T>(bool IsSet, T Value)
{
    public static Optional<T> Unset => default;

    public static Optional<T> Of(T value) => new(true, value);
}

/// <summary>
/// A case's reference answer (suite key <c>reference:</c>): the answer production gave (imported from invocation
/// logs) or one written by hand. Never a check: reports compare each arm's answers with it, and the logged figures
/// with the measured baseline's.
/// </summary>
/// <param name="Text">The reference answer's text (empty when it only called tools).</param>
/// <param name="ToolCalls">The reference answer's tool calls.</param>
/// <param name="Production">What the log says of the production call, when imported; null for a hand-written reference.</param>
public sealed record CaseReference(string Text, ImmutableArray<ToolCall> ToolCalls, ProductionCall? Production)
{
    /// <summary>Equal when texts, every tool call and the production figures are equal.</summary>
    public bool Equals(CaseReference? other) =>
        other is not null && Text == other.Text && ToolCalls.SequenceEqual(other.ToolCalls) && Production == other.Production;

    public override int GetHashCode() => HashCode.Combine(Text, ToolCalls.Length, Production);
}

/// <summary>The production call a reference was logged from (suite keys under <c>reference.production:</c>).</summary>
/// <param name="ModelId">The model id as logged.</param>
/// <param name="RequestId">The log record's request id.</param>
/// <param name="Timestamp">When it was logged (UTC).</param>
/// <param name="Operation">Converse, ConverseStream, InvokeModel or InvokeModelWithResponseStream.</param>
/// <param name="LatencyMs">The logged latency (Converse records only), or null.</param>
/// <param name="InputTokens">The logged input tokens, or null.</param>
/// <param name="OutputTokens">The logged output tokens, or null.</param>
public sealed record ProductionCall(
    string ModelId,
    string? RequestId,
    DateTimeOffset? Timestamp,
    string? Operation,
    double? LatencyMs,
    int? InputTokens,
    int? OutputTokens);

/// <summary>What an expectation compares.</summary>
public enum ExpectationKind
{
    /// <summary>The value equals the expected string exactly.</summary>
    EqualTo,
    /// <summary>The value contains the expected string (ordinal, case-sensitive).</summary>
    Contains,
    /// <summary>The value matches the .NET regular expression.</summary>
    Matches,
}

/// <summary>
/// An expectation on an answer: on the whole text when <paramref name="JsonPointer"/> is null,
/// otherwise on the JSON value at that pointer (strings compared unquoted, other values as raw JSON).
/// </summary>
public sealed record Expectation(ExpectationKind Kind, string Value, string? JsonPointer);

/// <summary>
/// Use InvokeModel instead of Converse: <see cref="BodyTemplate"/> is a Scriban template (vars: prompt, system,
/// max_tokens, temperature, top_p, stop_sequences, and the case's vars) rendered per case into
/// <c>PromptCase.InvokeBody</c>; <see cref="TextPointer"/> finds the answer text in the response.
/// </summary>
public sealed record InvokeSettings(string BodyTemplate, string TextPointer);

/// <summary>Monthly production traffic, for the cost projection.</summary>
public sealed record TrafficSettings(long RequestsPerMonth);
