using System.Collections.Immutable;

namespace BedrockMigrationHarness.Journal.Format;

// What SuiteFingerprint hashes: part of the on-disk format (the header's fingerprint is compared on --resume and
// merge), so it is a DTO like the lines, and its bytes are those the format-2 fingerprint hashed. The members format 3
// added are absent when unused, so a suite that uses none of them keeps its format-2 fingerprint. An arm's
// InferenceKeys are left out (the effective settings are hashed per case instead), so that suites keep their fingerprint.
// The judge is absent without one, so a suite without a judge keeps the fingerprint it had before the judge existed;
// likewise the adaptive settings of a fixed-size run, the batch settings of an on-demand run, and the other candidates
// of a suite with one candidate.

/// <summary>What decides the calls of a plan (<see cref="SuiteFingerprint"/>).</summary>
internal sealed record PlanIdentityDto
{
    public required string Name { get; init; }

    public required string Baseline { get; init; }

    public required string Candidate { get; init; }

    public required string Region { get; init; }

    public InvokeDto? Invoke { get; init; }

    public required bool Stream { get; init; }

    public string? SystemPrompt { get; init; }

    public required InferenceDto Inference { get; init; }

    public required int Samples { get; init; }

    /// <summary><c>Arm</c> members' names.</summary>
    public required ImmutableArray<string> Arms { get; init; }

    public required ImmutableArray<CaseIdentityDto> Cases { get; init; }

    public bool? CacheSystemPrompt { get; init; }

    public bool? StructuredOutput { get; init; }

    public string? AdditionalFieldsJson { get; init; }

    public ArmOverridesDto? BaselineOverrides { get; init; }

    public ArmOverridesDto? CandidateOverrides { get; init; }

    /// <summary>What decides the judge's calls; absent when the suite has no judge.</summary>
    public JudgeIdentityDto? Judge { get; init; }

    /// <summary>What decides how many rounds are sent: the adaptive settings; absent for a fixed-size run.</summary>
    public AdaptiveDto? Adaptive { get; init; }

    /// <summary>Where the calls go as batch jobs, without the poll interval; absent for on-demand calls.</summary>
    public BatchDto? Batch { get; init; }

    /// <summary>The candidates after the first, each with its overrides (inference keys left out); absent for a suite with one candidate.</summary>
    public ImmutableArray<CandidateDto>? OtherCandidates { get; init; }
}

/// <summary>
/// The judge's calls: its model, mode, rubric and inference, and the cases it judges (what its patterns and the cases'
/// <c>judge:</c> select, not how they are written).
/// </summary>
internal sealed record JudgeIdentityDto
{
    public required string Model { get; init; }

    public required string Mode { get; init; }

    public required string Rubric { get; init; }

    public required InferenceDto Inference { get; init; }

    public required ImmutableArray<JudgedCaseIdentityDto> Cases { get; init; }
}

/// <summary>A case the judge grades, as far as it decides the judge's call beyond the case's own identity.</summary>
internal sealed record JudgedCaseIdentityDto
{
    public required string Id { get; init; }

    /// <summary>The case's own rubric; absent when it uses the suite's.</summary>
    public string? Rubric { get; init; }

    /// <summary>In reference mode, the reference answer the judge is shown (its text and tool calls, not the logged figures).</summary>
    public ReferenceDto? Reference { get; init; }
}

/// <summary>A case as far as it decides its call.</summary>
internal sealed record CaseIdentityDto
{
    public required string Id { get; init; }

    public required string Prompt { get; init; }

    public string? InvokeBody { get; init; }

    public bool? Stream { get; init; }

    /// <summary>The conversation with image and document hashes, when it is more than one user text.</summary>
    public ImmutableArray<TurnDto>? Messages { get; init; }

    public SystemOverrideDto? System { get; init; }

    public ToolConfigurationDto? Tools { get; init; }

    public bool? StructuredOutput { get; init; }

    /// <summary>The schema, when some arm sends it as structured output.</summary>
    public string? StructuredOutputSchema { get; init; }

    public string? AdditionalFieldsJson { get; init; }

    /// <summary>
    /// The inference settings each arm sends for this case (in the order of the plan's arms), when the case sets
    /// inference keys of its own; absent otherwise, when the suite's and the arms' settings already decide them.
    /// </summary>
    public ImmutableArray<InferenceDto>? ArmInference { get; init; }
}
