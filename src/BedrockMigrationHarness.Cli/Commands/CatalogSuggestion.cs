using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>The "did you mean" for a model id the region's catalog does not hold: the catalog id a typo away from it.</summary>
internal static class CatalogSuggestion
{
    /// <summary>
    /// The catalog id nearest to <paramref name="modelId"/>'s base model id (edit distance, at most one edit per five
    /// characters, and at least 1), with <paramref name="modelId"/>'s inference-profile prefix (<c>us.</c>) kept; null
    /// when none is that near.
    /// </summary>
    public static string? For(string modelId, IEnumerable<string> catalog)
    {
        var lookupId = ModelIds.BaseModelId(modelId);
        var prefix = modelId.EndsWith(lookupId, StringComparison.Ordinal) ? modelId[..^lookupId.Length] : string.Empty;
        var limit = Math.Max(1, lookupId.Length / 5);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in catalog)
        {
            // Case-insensitive: model ids are lower case, and a typed capital is a typo too.
            var distance = KeySuggester.Distance(lookupId.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is null ? null : prefix + best;
    }
}
