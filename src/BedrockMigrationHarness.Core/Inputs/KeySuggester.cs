namespace BedrockMigrationHarness.Inputs;

/// <summary>Finds the known key a misspelt one was probably meant to be.</summary>
public static class KeySuggester
{
    private const int MaxDistance = 2;

    /// <summary>
    /// The closest known key within edit distance 2, or failing that the first known key that starts
    /// with the unknown one or that it starts with; null when none is close.
    /// </summary>
    public static string? Suggest(string unknown, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        string? prefixMatch = null;
        foreach (var candidate in known)
        {
            var distance = Distance(unknown.ToLowerInvariant(), candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }

            if (prefixMatch is null && unknown.Length > 0
                && (candidate.StartsWith(unknown, StringComparison.OrdinalIgnoreCase)
                    || unknown.StartsWith(candidate, StringComparison.OrdinalIgnoreCase)))
            {
                prefixMatch = candidate;
            }
        }

        return bestDistance <= MaxDistance ? best : prefixMatch;
    }

    /// <summary>Levenshtein distance (insert, delete, substitute: cost 1 each).</summary>
    public static int Distance(string a, string b)
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
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
