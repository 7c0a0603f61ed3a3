using System.Text.Json;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>RFC 6901 JSON pointers over System.Text.Json (syntax: <see cref="JsonPointerSyntax"/>).</summary>
internal static class JsonPointer
{
    /// <summary>The element at <paramref name="pointer"/>, or null when it does not resolve or is malformed.</summary>
    public static JsonElement? Resolve(JsonElement root, string pointer)
    {
        if (JsonPointerSyntax.Tokens(pointer) is not { } tokens)
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
                case JsonValueKind.Array when JsonPointerSyntax.TryArrayIndex(token, out var index) && index < current.GetArrayLength():
                    current = current[index];
                    break;
                default:
                    return null;
            }
        }

        return current;
    }
}
