using System.Text.Json;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// How alike two answers are, 0..1. JSON answers are compared field by field: every leaf (by JSON pointer) present
/// on either side scores the FuzzySharp token-set ratio for two strings, 1 or 0 for other values (equal or not), and
/// 0 when only one side has it; the score is the mean over leaves. Answers without JSON on both sides are compared as
/// text with the token-set ratio.
/// </summary>
internal static class AnswerSimilarity
{
    public static double Of(string text, string? json, string otherText, string? otherJson)
    {
        if (json is null || otherJson is null)
        {
            return TokenSetRatio(text, otherText);
        }

        Dictionary<string, JsonElement> leaves = Leaves(json);
        Dictionary<string, JsonElement> otherLeaves = Leaves(otherJson);
        if (leaves.Count == 0 && otherLeaves.Count == 0)
        {
            return 1;
        }

        double sum = 0;
        foreach (var (pointer, value) in leaves)
        {
            if (otherLeaves.TryGetValue(pointer, out JsonElement other))
            {
                sum += value.ValueKind == JsonValueKind.String && other.ValueKind == JsonValueKind.String
                    ? TokenSetRatio(value.GetString()!, other.GetString()!)
                    : JsonElement.DeepEquals(value, other) ? 1 : 0;
            }
        }

        int union = leaves.Count + otherLeaves.Keys.Count(k => !leaves.ContainsKey(k));
        return sum / union;
    }

    /// <summary>
    /// FuzzySharp's token-set ratio as 0..1 (<see cref="Analysis.TokenSetRatio"/>). Equal strings with a token score 1
    /// without the tokenising: FuzzySharp scores them 100 (and 0 when there is no token), and identical fields are the
    /// common case between two models.
    /// </summary>
    internal static double TokenSetRatio(string text, string otherText) =>
        string.Equals(text, otherText, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(text)
            ? 1
            : Analysis.TokenSetRatio.Score(text, otherText) / 100.0;

    private static Dictionary<string, JsonElement> Leaves(string json)
    {
        var leaves = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (var (pointer, value) in JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: false))
        {
            // Clone: the document is disposed when the leaves are compared.
            leaves[pointer] = value.Clone();
        }

        return leaves;
    }
}
