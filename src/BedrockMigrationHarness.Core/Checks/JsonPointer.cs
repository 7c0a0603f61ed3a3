using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Checks;

/// <summary>RFC 6901 JSON pointers over Json.NET values, as NJsonSchema parses them (syntax: <see cref="JsonPointerSyntax"/>).</summary>
internal static class JsonPointer
{
    /// <summary>The value at <paramref name="pointer"/> ("" is the whole value), or null when there is none.</summary>
    public static JToken? Resolve(JToken root, string pointer)
    {
        if (JsonPointerSyntax.Tokens(pointer) is not { } tokens)
        {
            return null;
        }

        JToken? current = root;
        foreach (var token in tokens)
        {
            current = current switch
            {
                JObject obj => obj.TryGetValue(token, StringComparison.Ordinal, out var child) ? child : null,
                JArray array => JsonPointerSyntax.TryArrayIndex(token, out var index) && index < array.Count ? array[index] : null,
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
