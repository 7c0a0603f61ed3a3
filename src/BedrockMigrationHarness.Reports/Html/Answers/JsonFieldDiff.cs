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
            Walk(document.RootElement, "", leaves);
            return leaves;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Walk(JsonElement element, string path, Dictionary<string, string> leaves)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when element.EnumerateObject().Any():
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path + "/" + Escape(property.Name), leaves);
                }

                break;
            case JsonValueKind.Array when element.GetArrayLength() > 0:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, path + "/" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), leaves);
                    i++;
                }

                break;
            default:
                var raw = element.GetRawText();
                leaves[path.Length == 0 ? "/" : path] = raw.Length > MaxValueChars ? raw[..MaxValueChars] + "…" : raw;
                break;
        }
    }

    /// <summary>RFC 6901: "~" → "~0", "/" → "~1".</summary>
    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
