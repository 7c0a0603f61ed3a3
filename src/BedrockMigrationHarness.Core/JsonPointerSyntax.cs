using System.Globalization;
using System.Text.Json;

namespace BedrockMigrationHarness;

/// <summary>
/// RFC 6901 JSON pointers: their syntax ("" is the whole document, <c>/a/0/b</c> its tokens, <c>~1</c> is
/// <c>/</c> and <c>~0</c> is <c>~</c>; an array index is "0" or digits without a leading zero) and their resolution
/// over System.Text.Json, for the Bedrock client's answer text and the checks' expectations.
/// </summary>
public static class JsonPointerSyntax
{
    /// <summary>The unescaped reference tokens of <paramref name="pointer"/>, or null when it is not a pointer.</summary>
    public static string[]? Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        var tokens = pointer[1..].Split('/');
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = tokens[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return tokens;
    }

    /// <summary>A member name as a reference token: "~" → "~0", "/" → "~1".</summary>
    public static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="token"/> is an array index, and which.</summary>
    public static bool TryArrayIndex(string token, out int index)
    {
        index = -1;
        return token.Length > 0 && (token == "0" || token[0] != '0') && token.All(char.IsAsciiDigit) &&
            int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    /// <summary>The element at <paramref name="pointer"/>, or null when it does not resolve or is malformed.</summary>
    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (Tokens(pointer) is not { } tokens)
        {
            return null;
        }

        var current = root;
        foreach (var token in tokens)
        {
            switch (current.ValueKind)
            {
                case JsonValueKind.Object when current.TryGetProperty(token, out var member):
                    current = member;
                    break;
                case JsonValueKind.Array when TryArrayIndex(token, out var index) && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }
}
