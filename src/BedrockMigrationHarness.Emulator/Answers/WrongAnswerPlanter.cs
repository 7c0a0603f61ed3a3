using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Plants a profile's wrong answers in a generated instance: a field set to a given value, or to another value of
/// its schema's enum, so the answer stays schema-valid while the case's expectations fail.
/// </summary>
internal static class WrongAnswerPlanter
{
    /// <summary>
    /// Applies each wrong answer in order, in place. Each one draws one number (its rate) whether or not it applies,
    /// and one more to choose another enum value. A pointer whose parent is absent changes nothing; another enum
    /// value needs the field present and an enum of two or more values in its schema.
    /// </summary>
    public static void Apply(JsonNode? instance, JsonObject schema, IReadOnlyList<WrongAnswer> wrongAnswers, Random random)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(wrongAnswers);
        ArgumentNullException.ThrowIfNull(random);
        foreach (var wrong in wrongAnswers)
        {
            if (random.NextDouble() >= wrong.Rate || JsonPointerSyntax.Tokens(wrong.Pointer) is not { Length: > 0 } tokens)
            {
                continue;
            }

            var parent = Walk(instance, tokens[..^1]);
            var name = tokens[^1];
            if (!wrong.AnotherEnumValue)
            {
                Set(parent, name, wrong.Value?.DeepClone());
            }
            else if (Get(parent, name) is { } current && FieldSchema(schema, tokens)?["enum"] is JsonArray options)
            {
                var others = options.Where(o => !JsonNode.DeepEquals(o, current)).ToList();
                if (others.Count > 0)
                {
                    Set(parent, name, others[random.Next(others.Count)]?.DeepClone());
                }
            }
        }
    }

    private static JsonNode? Walk(JsonNode? node, IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            node = Get(node, token);
        }

        return node;
    }

    private static JsonNode? Get(JsonNode? parent, string token) => parent switch
    {
        JsonObject obj => obj[token],
        JsonArray array when JsonPointerSyntax.TryArrayIndex(token, out var index) && index < array.Count => array[index],
        _ => null,
    };

    private static void Set(JsonNode? parent, string token, JsonNode? value)
    {
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array when JsonPointerSyntax.TryArrayIndex(token, out var index) && index < array.Count:
                array[index] = value;
                break;
            default:
                break;
        }
    }

    /// <summary>The schema of the field at <paramref name="tokens"/>: through properties, items, local $ref and the first anyOf/oneOf branch.</summary>
    private static JsonObject? FieldSchema(JsonObject root, IEnumerable<string> tokens)
    {
        JsonObject? schema = SchemaInstanceGenerator.Resolve(root, root);
        foreach (var token in tokens)
        {
            schema = schema?["properties"]?[token] as JsonObject
                ?? (JsonPointerSyntax.TryArrayIndex(token, out _) ? schema?["items"] as JsonObject : null);
            schema = schema is null ? null : SchemaInstanceGenerator.Resolve(root, schema);
            if (schema is not null && (SchemaInstanceGenerator.FirstBranch(schema, "anyOf") ?? SchemaInstanceGenerator.FirstBranch(schema, "oneOf")) is { } branch)
            {
                schema = SchemaInstanceGenerator.Resolve(root, branch);
            }
        }

        return schema;
    }
}
