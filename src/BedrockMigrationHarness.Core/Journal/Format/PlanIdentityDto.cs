using System.Collections.Immutable;

namespace BedrockMigrationHarness.Journal.Format;

// What SuiteFingerprint hashes: part of the on-disk format (the header's fingerprint is compared on --resume and
// merge), so it is a DTO like the lines, and its bytes are those the format-2 fingerprint hashed.

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
}

/// <summary>A case as far as it decides its call.</summary>
internal sealed record CaseIdentityDto
{
    public required string Id { get; init; }

    public required string Prompt { get; init; }

    public string? InvokeBody { get; init; }

    public bool? Stream { get; init; }
}
