using System.Collections.Immutable;

namespace BedrockMigrationHarness.Bedrock.ControlPlane;

/// <summary>A foundation model as GetFoundationModel / ListFoundationModels describe it. Enum values are kept raw.</summary>
public sealed record FoundationModelInfo(
    string ModelId,
    string ModelArn,
    string? ModelName,
    string? ProviderName,
    ImmutableArray<string> InputModalities,
    ImmutableArray<string> OutputModalities,
    ImmutableArray<string> InferenceTypes,
    bool? ResponseStreamingSupported,
    ModelLifecycle Lifecycle);

/// <summary>
/// <c>modelLifecycle</c>: <paramref name="Status"/> as sent (<c>ACTIVE</c>, <c>LEGACY</c>, or a value added later),
/// and the optional dates (botocore 1.42.59 and later), with the offset they were sent with.
/// </summary>
public sealed record ModelLifecycle(
    string Status,
    DateTimeOffset? StartOfLifeTime,
    DateTimeOffset? LegacyTime,
    DateTimeOffset? PublicExtendedAccessTime,
    DateTimeOffset? EndOfLifeTime)
{
    /// <summary>The lifecycle of a response that has none (older service versions).</summary>
    public static ModelLifecycle Unknown { get; } = new("UNKNOWN", null, null, null, null);
}
