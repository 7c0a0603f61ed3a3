using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Merges <c>additional_fields:</c> objects, later over earlier: a key in both whose values are both objects is merged
/// the same way, any other value replaces the earlier one, and a null value removes the key.
/// </summary>
internal static class AdditionalFields
{
    /// <summary>The merge of the JSON objects given (nulls skipped), or null when none is given or nothing is left.</summary>
    public static string? Merge(params ReadOnlySpan<string?> layers)
    {
        JsonObject? result = null;
        foreach (var layer in layers)
        {
            if (layer is null)
            {
                continue;
            }

            var next = JsonNode.Parse(layer)!.AsObject();
            result = result is null ? WithoutNulls(next) : Over(result, next);
        }

        return result is null || result.Count == 0 ? null : result.ToJsonString();
    }

    private static JsonObject Over(JsonObject under, JsonObject over)
    {
        foreach (var (key, value) in over)
        {
            if (value is null)
            {
                under.Remove(key);
            }
            else if (value is JsonObject overObject && under[key] is JsonObject underObject)
            {
                Over(underObject, overObject);
            }
            else
            {
                under[key] = value.DeepClone();
            }
        }

        return under;
    }

    private static JsonObject WithoutNulls(JsonObject value)
    {
        foreach (var key in value.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            value.Remove(key);
        }

        return value;
    }
}
