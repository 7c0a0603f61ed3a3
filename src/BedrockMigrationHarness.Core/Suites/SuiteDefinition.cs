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
}

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
}

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
