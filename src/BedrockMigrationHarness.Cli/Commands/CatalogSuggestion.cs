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
            var distance = Distance(lookupId, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is null ? null : prefix + best;
    }

    /// <summary>Levenshtein distance, case-insensitive (model ids are lower case; a typed capital is a typo too).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
