using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Checks;

/// <summary>RFC 6901 JSON Pointer evaluation over a parsed value.</summary>
internal static class JsonPointer
{
    /// <summary>The value at <paramref name="pointer"/> ("" is the whole value), or null when there is none.</summary>
    public static JToken? Resolve(JToken root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        JToken? current = root;
        foreach (string raw in pointer[1..].Split('/'))
        {
            string token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                JObject obj => obj.TryGetValue(token, StringComparison.Ordinal, out JToken? child) ? child : null,
                JArray array => int.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                    && index < array.Count ? array[index] : null,
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }
}
