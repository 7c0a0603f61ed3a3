using System.Collections.Immutable;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// The suite file bound to typed options with defaults applied, before cases are expanded and rendered.
/// Only meaningful when binding reported no problem; placeholders stand in for values that were wrong.
/// </summary>
internal sealed record SuiteOptions(
    string Name,
    string BaselineModelId,
    string CandidateModelId,
    string Region,
    int Samples,
    int Concurrency,
    double TimeoutSeconds,
    bool Stream,
    bool NoiseFloor,
    TemplateSource? System,
    InferenceSettings Inference,
    InvokeOptions? Invoke,
    ImmutableDictionary<string, object?> Vars,
    ImmutableArray<CaseOptions> Cases,
    GateSettings Gates,
    TrafficSettings Traffic,
    string? Pricing = null)

{
    /// <summary>The <c>retry:</c> block; <see cref="RetrySettings.Default"/> when absent.</summary>
    public RetrySettings Retry { get; init; } = RetrySettings.Default;

    /// <summary>The suite's folder, where the paths it writes are read.</summary>
    public required SuiteFolder Folder { get; init; }
}

/// <summary>The <c>invoke:</c> block: the body template (from a file or inline) and where the answer text is.</summary>
internal sealed record InvokeOptions(TemplateSource Body, string TextPointer);

/// <summary>A path written in the suite (schema, table) and where.</summary>
internal sealed record PathReference(string WrittenAs, string Field, int Line);

/// <summary>
/// One entry under <c>cases:</c>: a single case, or with <see cref="Table"/> one case per CSV row.
/// </summary>
/// <param name="Field">The entry's field path, e.g. <c>cases[2]</c>.</param>
/// <param name="Line">The line the entry starts on.</param>
/// <param name="Id">The id template; null for a table entry that takes ids from the table.</param>
internal sealed record CaseOptions(
    string Field,
    int Line,
    TemplateSource? Id,
    TemplateSource Prompt,
    PathReference? Table,
    ImmutableDictionary<string, object?> Vars,
    PathReference? Schema,
    bool? Stream,
    ImmutableArray<ExpectationOptions> Expectations);

/// <summary>One <c>expect:</c> item; <see cref="Value"/> is a template over the case's vars.</summary>
internal sealed record ExpectationOptions(ExpectationKind Kind, TemplateSource Value, string? JsonPointer);
