using System.Collections.Immutable;
using System.Text.Json;

namespace BedrockMigrationHarness.Reports.Html.Answers;

/// <summary>One field that differs between two JSON answers.</summary>
/// <param name="Path">JSON pointer of the field, e.g. <c>/items/0/price</c>.</param>
/// <param name="Change">"added" (candidate only), "removed" (baseline only) or "changed".</param>
/// <param name="Baseline">The baseline's raw JSON value, or null when absent.</param>
/// <param name="Candidate">The candidate's raw JSON value, or null when absent.</param>
internal sealed record JsonFieldChange(string Path, string Change, string? Baseline, string? Candidate);

/// <summary>
/// A field-level diff of two JSON values: both are flattened to JSON-pointer leaves (scalars, empty
/// objects and arrays) and compared by pointer.
/// </summary>
internal static class JsonFieldDiff
{
    private const int MaxValueChars = 200;

    /// <returns>The changes in pointer order (ordinal), or null when either side is not valid JSON.</returns>
    public static ImmutableArray<JsonFieldChange>? Compute(string baselineJson, string candidateJson)
    {
        var baseline = Flatten(baselineJson);
        var candidate = Flatten(candidateJson);
        if (baseline is null || candidate is null)
        {
            return null;
        }

        var changes = ImmutableArray.CreateBuilder<JsonFieldChange>();
        foreach (var path in baseline.Keys.Union(candidate.Keys).Order(StringComparer.Ordinal))
        {
            var inBaseline = baseline.TryGetValue(path, out var b);
            var inCandidate = candidate.TryGetValue(path, out var c);
            if (inBaseline && inCandidate)
            {
                if (b != c)
                {
                    changes.Add(new JsonFieldChange(path, "changed", b, c));
                }
            }
            else
            {
                changes.Add(new JsonFieldChange(path, inBaseline ? "removed" : "added", b, c));
            }
        }

        return changes.ToImmutable();
    }

    private static Dictionary<string, string>? Flatten(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (pointer, value) in JsonLeaves.Of(document.RootElement, emptyContainersAreLeaves: true))
            {
                var raw = value.GetRawText();
                leaves[pointer.Length == 0 ? "/" : pointer] = raw.Length > MaxValueChars ? raw[..MaxValueChars] + "…" : raw;
            }

            return leaves;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
