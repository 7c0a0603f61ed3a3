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
    SystemOptions? System,
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

    /// <summary>The suite's <c>tools:</c> and <c>tool_choice:</c>, or null.</summary>
    public ToolsOptions? Tools { get; init; }

    public bool? StructuredOutput { get; init; }

    /// <summary>The suite's <c>additional_fields:</c> as a JSON object, or null.</summary>
    public string? AdditionalFieldsJson { get; init; }

    /// <summary>The <c>baseline:</c> mapping's settings (the model id is <see cref="BaselineModelId"/>).</summary>
    public ArmOptions Baseline { get; init; } = ArmOptions.None;

    /// <summary>The <c>candidate:</c> mapping's settings.</summary>
    public ArmOptions Candidate { get; init; } = ArmOptions.None;

    /// <summary>The candidates after the first of a <c>candidates:</c> list; empty for one candidate.</summary>
    public ImmutableArray<CandidateOptions> OtherCandidates { get; init; } = [];

    /// <summary>The suite's <c>templates:</c>: false when its texts are sent as written, never rendered. Default true.</summary>
    public bool Templates { get; init; } = true;

    /// <summary>The suite's <c>judge:</c>, or null when it has none.</summary>
    public JudgeOptions? Judge { get; init; }

    /// <summary>The suite's <c>adaptive:</c>, or null for a fixed-size run.</summary>
    public AdaptiveSettings? Adaptive { get; init; }

    /// <summary>The suite's <c>batch:</c>; null for on-demand calls.</summary>
    public BatchSettings? Batch { get; init; }
}

/// <summary>An entry of <c>candidates:</c> after the first: its model and its mapping's settings.</summary>
internal sealed record CandidateOptions(string ModelId, ArmOptions Arm);

/// <summary>A <c>system:</c> prompt template and whether a <c>cachePoint</c> follows it.</summary>
internal sealed record SystemOptions(TemplateSource Text, bool CachePoint);

/// <summary>
/// What a <c>baseline:</c> or <c>candidate:</c> mapping changes besides the model. Its texts are templates over the
/// suite's vars.
/// </summary>
internal sealed record ArmOptions(
    SystemOptions? System,
    InferenceOverride? Inference,
    string? AdditionalFieldsJson,
    bool? StructuredOutput,
    TemplateSource? PromptSuffix)
{
    public static readonly ArmOptions None = new(null, null, null, null, null);
}

/// <summary>A <c>tools:</c> list (with its cache point) and the <c>tool_choice:</c> beside it, and where they were written.</summary>
/// <param name="Tools">Null when only <c>tool_choice:</c> was given (a case then keeps the suite's tools).</param>
internal sealed record ToolsOptions(ImmutableArray<ToolDefinition>? Tools, bool CachePoint, ToolChoiceOptions? Choice, string Field, int Line);

/// <summary>A <c>tool_choice:</c> and where it was written (its tool must be one of the tools offered).</summary>
internal sealed record ToolChoiceOptions(ToolChoice Choice, string File, string Field, int Line);

/// <summary>One turn of a case's <c>messages:</c>, its text blocks still templates.</summary>
internal sealed record TurnOptions(TurnRole Role, ImmutableArray<PartOptions> Parts, string Field, int Line);

/// <summary>A content block: a text template, or a part fixed when the suite is read (file, tool use or result, cache point).</summary>
internal sealed record PartOptions(TemplateSource? Text, ContentPart? Fixed);

/// <summary>An <c>expect_tool:</c> block and where it was written.</summary>
internal sealed record ToolExpectationOptions(string Name, ImmutableArray<ExpectationOptions> Input, string Field, int Line);

/// <summary>The <c>invoke:</c> block: the body template (from a file or inline) and where the answer text is.</summary>
internal sealed record InvokeOptions(TemplateSource Body, string TextPointer);

/// <summary>A path written in the suite (schema, table) and where.</summary>
internal sealed record PathReference(string WrittenAs, string Field, int Line);

/// <summary>
/// One entry under <c>cases:</c>: a single case (written in the suite or in a case file of a <c>folder:</c>), or with
/// <see cref="Table"/> one case per CSV row. It has exactly one of <see cref="Prompt"/> and <see cref="CaseOptions.Messages"/>.
/// </summary>
/// <param name="File">The file the entry is written in, as shown in problems: the suite file, or its case file.</param>
/// <param name="Field">The entry's field path, e.g. <c>cases[2]</c>; empty in a case file (its fields are the file's top-level keys).</param>
/// <param name="Line">The line the entry starts on.</param>
/// <param name="Id">The id template; null for a table entry that takes ids from the table.</param>
internal sealed record CaseOptions(
    string File,
    string Field,
    int Line,
    TemplateSource? Id,
    TemplateSource? Prompt,
    PathReference? Table,
    ImmutableDictionary<string, object?> Vars,
    PathReference? Schema,
    bool? Stream,
    ImmutableArray<ExpectationOptions> Expectations)
{
    /// <summary>The case's <c>messages:</c> (instead of <c>prompt:</c>), or null.</summary>
    public ImmutableArray<TurnOptions>? Messages { get; init; }

    public SystemOptions? System { get; init; }

    public ToolsOptions? Tools { get; init; }

    public ToolExpectationOptions? ExpectTool { get; init; }

    public bool? StructuredOutput { get; init; }

    /// <summary>The line of the case's <c>structured_output:</c>, for the problem of a case without a schema.</summary>
    public int StructuredOutputLine { get; init; }

    public string? AdditionalFieldsJson { get; init; }

    /// <summary>False when the case's texts are sent as written (its <c>templates:</c>, else the suite's).</summary>
    public bool Templates { get; init; } = true;

    /// <summary>The case's <c>inference:</c> keys, or null.</summary>
    public InferenceOverride? Inference { get; init; }

    /// <summary>The case's <c>reference:</c>, or null.</summary>
    public CaseReference? Reference { get; init; }

    /// <summary>The case's <c>judge:</c> (left out, or its own rubric), or null.</summary>
    public CaseJudge? Judge { get; init; }

    /// <summary>How problems name the entry: its field path, or "the case file" for a case of a <c>folder:</c>.</summary>
    public string Name => Field.Length == 0 ? "the case file" : Field;
}

/// <summary>One <c>expect:</c> item; <see cref="Value"/> is a template over the case's vars.</summary>
internal sealed record ExpectationOptions(ExpectationKind Kind, TemplateSource Value, string? JsonPointer);
