using System.Globalization;
using System.Text.Json;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>RFC 6901 JSON pointers (<c>/content/0/text</c>; <c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>; <c>""</c> is the whole document).</summary>
internal static class JsonPointer
{
    /// <summary>The element at <paramref name="pointer"/>, or null when it does not resolve or is malformed.</summary>
    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (pointer.Length == 0)
        {
            return root;
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        var current = root;
        foreach (var rawToken in pointer[1..].Split('/'))
        {
            var token = rawToken.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(token, out var member):
                    current = member;
                    break;
                case JsonValueKind.Array when IsArrayIndex(token, out var index) && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }

    // RFC 6901: "0" or digits without a leading zero.
    private static bool IsArrayIndex(string token, out int index)
    {
        index = -1;
        return token.Length > 0 && (token == "0" || token[0] != '0') && token.All(char.IsAsciiDigit) &&
            int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
