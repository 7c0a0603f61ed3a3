using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Cli.Output;

// The output of `bmh lifecycle --format json`, documented in docs/lifecycle-and-cost.md and pinned by a golden file.
// These records ARE the format: rename or remove a member only with a new FormatVersion; adding one is compatible.

/// <summary>The root of <c>bmh lifecycle --format json</c>.</summary>
/// <param name="FailOn">The <c>--fail-on</c> stage in JSON words (e.g. "LEGACY"), or null without the flag.</param>
/// <param name="Failed">True when some model reached <paramref name="FailOn"/> (the command then exits 1).</param>
internal sealed record LifecycleDocument(
    int FormatVersion,
    string Tool,
    DateTimeOffset CheckedAt,
    string Region,
    string? FailOn,
    bool Failed,
    ImmutableArray<LifecycleModel> Models)
{
    public const int CurrentFormatVersion = 1;

    /// <summary>Serializes indented, with a final newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonDefaults.Indented).ReplaceLineEndings("\n") + "\n";
}

/// <summary>One model of <see cref="LifecycleDocument"/>. Absent members are unknown.</summary>
/// <param name="ModelId">As named on the command line (or listed by the region with --all).</param>
/// <param name="LookupId">The foundation-model id looked up (an inference-profile id without its prefix).</param>
/// <param name="Status">ACTIVE, LEGACY, EXTENDED_ACCESS, END_OF_LIFE, or NOT_IN_CATALOG when the region's catalog does not hold the id (removed at end of life, or a typo).</param>
/// <param name="BedrockStatus">Bedrock's own <c>modelLifecycle.status</c>; absent when the model is gone.</param>
/// <param name="DaysLeft">Whole days until <paramref name="EndOfLifeTime"/> (0 once reached); absent when no date is known.</param>
/// <param name="Pinned">False for an unpinned alias (no date or version in the id).</param>
/// <param name="DidYouMean">For NOT_IN_CATALOG: the catalog id a typo away, when there is one.</param>
internal sealed record LifecycleModel(
    string ModelId,
    string LookupId,
    string Status,
    string? BedrockStatus,
    DateTimeOffset? LegacyTime,
    DateTimeOffset? PublicExtendedAccessTime,
    DateTimeOffset? EndOfLifeTime,
    int? DaysLeft,
    bool Pinned,
    string? DidYouMean = null)
{
    /// <summary>The status word of a model the catalog does not hold.</summary>
    public const string NotInCatalog = "NOT_IN_CATALOG";

    public static LifecycleModel From(ModelLifecycleFacts facts, DateTimeOffset now, string? didYouMean) => new(
        facts.ModelId,
        facts.LookupId,
        facts.Gone ? NotInCatalog : LifecycleStageText.Json(LifecycleClassifier.Classify(facts, now)),
        facts.BedrockStatus,
        facts.LegacyTime,
        facts.PublicExtendedAccessTime,
        facts.EndOfLifeTime,
        facts.Gone ? null : LifecycleClassifier.DaysLeft(facts, now),
        ModelIds.IsPinned(facts.ModelId),
        didYouMean);
}
