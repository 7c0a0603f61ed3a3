using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// <c>--infer-schemas</c>: a JSON Schema (draft-07) inferred from one production answer that is a JSON object: every
/// key it has is required, each value's JSON type is its type (numbers are <c>number</c>, a <c>null</c> allows
/// anything), objects are described the same way down to <see cref="MaxDepth"/> levels, arrays only as arrays.
/// One answer cannot show which keys are optional or which values vary, so the schema is a starting point to review.
/// </summary>
internal static class AnswerSchema
{
    public const int MaxDepth = 4;

    /// <summary>The schema's JSON text, or null when <paramref name="answer"/> (trimmed) is not a JSON object.</summary>
    public static string? Infer(string answer)
    {
        try
        {
            if (JsonNode.Parse(answer.Trim(), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is not JsonObject answerObject)
            {
                return null;
            }

            var root = new JsonObject { ["$schema"] = "http://json-schema.org/draft-07/schema#" };
            foreach (var (key, value) in Describe(answerObject, depth: 1))
            {
                root[key] = value?.DeepClone();
            }

            return root.ToJsonString();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // Not JSON, or an object with a key twice (System.Text.Json.Nodes refuses it when the object is read).
            return null;
        }
    }

    private static JsonObject Describe(JsonNode? value, int depth) => value switch
    {
        JsonObject obj when depth <= MaxDepth => new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray([.. obj.Select(p => (JsonNode?)JsonValue.Create(p.Key))]),
            ["properties"] = new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Describe(p.Value, depth + 1)))),
        },
        JsonObject => new JsonObject { ["type"] = "object" },
        JsonArray => new JsonObject { ["type"] = "array" },
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new JsonObject { ["type"] = "string" },
            JsonValueKind.Number => new JsonObject { ["type"] = "number" },
            JsonValueKind.True or JsonValueKind.False => new JsonObject { ["type"] = "boolean" },
            _ => [],
        },
        _ => [],
    };
}
