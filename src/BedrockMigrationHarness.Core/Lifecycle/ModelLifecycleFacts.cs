namespace BedrockMigrationHarness.Lifecycle;

/// <summary>
/// What the control plane said about one model when it was asked: Bedrock's status and dates, that the model is gone,
/// or why the lookup failed. Frozen into the journal header so a report shows the lifecycle without calling AWS.
/// </summary>
/// <param name="ModelId">The id as the user gave it (may be an inference-profile id).</param>
/// <param name="LookupId">The foundation-model id that was looked up (<see cref="ModelIds.BaseModelId"/>).</param>
/// <param name="CheckedAt">When it was asked (UTC).</param>
/// <param name="BedrockStatus"><c>modelLifecycle.status</c> as sent (ACTIVE, LEGACY, or a newer value); null when gone or unknown.</param>
/// <param name="Gone">True when the service no longer knows the model (404, or ValidationException "The provided model identifier is invalid.").</param>
/// <param name="Error">Why the lookup failed (no credentials, access denied, throttled, network); null when it did not.</param>
public sealed record ModelLifecycleFacts(
    string ModelId,
    string LookupId,
    DateTimeOffset CheckedAt,
    string? BedrockStatus,
    DateTimeOffset? LegacyTime,
    DateTimeOffset? PublicExtendedAccessTime,
    DateTimeOffset? EndOfLifeTime,
    bool Gone = false,
    string? Error = null)
{
    /// <summary>The facts of a model the service no longer serves.</summary>
    public static ModelLifecycleFacts Removed(string modelId, DateTimeOffset checkedAt) =>
        new(modelId, ModelIds.BaseModelId(modelId), checkedAt, null, null, null, null, Gone: true);

    /// <summary>The facts of a lookup that failed, with why.</summary>
    public static ModelLifecycleFacts Failed(string modelId, DateTimeOffset checkedAt, string why) =>
        new(modelId, ModelIds.BaseModelId(modelId), checkedAt, null, null, null, null, Error: why);
}
