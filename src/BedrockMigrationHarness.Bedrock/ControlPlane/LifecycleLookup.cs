using System.Collections.Immutable;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.ControlPlane;

/// <summary>
/// Asks the control plane for models' lifecycles and turns the answers into <see cref="ModelLifecycleFacts"/>:
/// inference-profile ids are looked up by their base model, a 404 or "The provided model identifier is invalid."
/// means the model is gone, and any other failure is kept as the facts' error. Never throws but for cancellation.
/// </summary>
public sealed class LifecycleLookup(BedrockControlPlaneClient client, TimeProvider time)
{
    /// <summary>One model, as the user named it.</summary>
    public async Task<ModelLifecycleFacts> LookUpAsync(string modelId, CancellationToken cancellationToken)
    {
        var lookupId = ModelIds.BaseModelId(modelId);
        var result = await client.GetFoundationModelAsync(lookupId, cancellationToken);
        var now = time.GetUtcNow();
        if (result.IsSuccess)
        {
            return From(modelId, result.Value, now);
        }

        return result.Error.Kind is CallOutcome.ResourceNotFound or CallOutcome.ModelEndOfLife
            ? ModelLifecycleFacts.Removed(modelId, now)
            : ModelLifecycleFacts.Failed(modelId, now, result.Error.ToString());
    }

    /// <summary>Every model the region lists (end-of-life models are not listed), by id; or the error.</summary>
    public async Task<ControlPlaneResult<ImmutableArray<ModelLifecycleFacts>>> ListAllAsync(CancellationToken cancellationToken)
    {
        var result = await client.ListFoundationModelsAsync(null, null, null, cancellationToken);
        if (!result.IsSuccess)
        {
            return ControlPlaneResult<ImmutableArray<ModelLifecycleFacts>>.Failure(result.Error);
        }

        var now = time.GetUtcNow();
        return ControlPlaneResult<ImmutableArray<ModelLifecycleFacts>>.Success(
            [.. result.Value.OrderBy(m => m.ModelId, StringComparer.Ordinal).Select(m => From(m.ModelId, m, now))]);
    }

    private static ModelLifecycleFacts From(string modelId, FoundationModelInfo model, DateTimeOffset now)
    {
        var lifecycle = model.Lifecycle;
        return new ModelLifecycleFacts(
            modelId,
            model.ModelId,
            now,
            lifecycle == ModelLifecycle.Unknown ? null : lifecycle.Status,
            lifecycle.LegacyTime,
            lifecycle.PublicExtendedAccessTime,
            lifecycle.EndOfLifeTime);
    }
}
