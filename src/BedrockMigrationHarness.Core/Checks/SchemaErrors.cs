using System.Text.Json;
using Json.Schema;

namespace BedrockMigrationHarness.Checks;

/// <summary>
/// Validates an answer against its compiled schema (JsonSchema.Net, <c>format</c> asserted) and turns the result into
/// readable errors: where, which keyword, what was expected and what was found.
/// </summary>
internal static class SchemaErrors
{
    private const int MaxValueLength = 40;

    /// <summary>Hierarchical output, so an error can be told apart from a failed branch of an <c>anyOf</c> that passed.</summary>
    private static readonly EvaluationOptions Options = new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
    };

    /// <summary>Whether <paramref name="instance"/> is valid against <paramref name="schema"/>.</summary>
    public static bool IsValid(JsonSchema schema, JsonElement instance) => schema.Evaluate(instance, Options).IsValid;

    /// <summary>Every error of <paramref name="instance"/> against <paramref name="schema"/>, in schema order; none when it is valid.</summary>
    public static IReadOnlyList<SchemaError> Validate(JsonSchema schema, JsonElement instance)
    {
        var errors = new List<SchemaError>();
        Collect(schema.Evaluate(instance, Options), schema, instance, errors);
        return errors;
    }

    /// <summary>The deviation a failed keyword counts as.</summary>
    public static FormatDeviation Deviation(string keyword) => keyword switch
    {
        "required" => FormatDeviation.MissingRequired,
        "additionalProperties" or "unevaluatedProperties" => FormatDeviation.ExtraProperty,
        "enum" or "const" => FormatDeviation.EnumViolation,
        "type" => FormatDeviation.WrongType,
        _ => FormatDeviation.OtherSchemaViolation,
    };

    /// <summary>E.g. <c>#/priority: not one of the enum values ["low","high"] (found "whenever")</c>.</summary>
    public static string Describe(SchemaError error) => $"#{error.Pointer}: {error.Words}";

    /// <summary>E.g. <c>lookup_order input /order_id: expected a string (found 42)</c>: an error in a tool call's arguments.</summary>
    public static string DescribeInput(SchemaError error, string toolName) =>
        error.Pointer.Length == 0 ? $"{toolName} input: {error.Words}" : $"{toolName} input {error.Pointer}: {error.Words}";

    /// <summary>
    /// The errors of a failed node and of its failed children, skipping the children whose failure is not the
    /// answer's: branches of an <c>anyOf</c> (or <c>oneOf</c>) that another branch passed, the <c>if</c> test, and
    /// the items a <c>contains</c> did not match (the node carries the <c>contains</c> error itself).
    /// </summary>
    private static void Collect(EvaluationResults node, JsonSchema schema, JsonElement instance, List<SchemaError> errors)
    {
        if (node.IsValid)
        {
            return;
        }

        string at = node.InstanceLocation.ToString();
        foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
        {
            Add(errors, node, schema, instance, at, keyword.Length > 0 ? keyword : LastSegment(node.EvaluationPath.ToString()), message);
        }

        string parentPath = node.EvaluationPath.ToString();
        foreach (var group in (node.Details ?? []).GroupBy(child => FirstSegment(child.EvaluationPath.ToString(), parentPath)))
        {
            int passed = group.Count(static child => child.IsValid);
            switch (group.Key)
            {
                case "anyOf" when passed > 0:
                case "oneOf" when passed == 1:
                case "if" or "contains":
                    continue;
                case "oneOf" when passed > 1:
                    errors.Add(new SchemaError(at, "oneOf", $"matches {passed} of the oneOf schemas, expected exactly one"));
                    continue;
                case "anyOf" or "oneOf":
                    errors.Add(new SchemaError(at, group.Key, $"matches none of the {group.Key} schemas{Found(JsonPointerSyntax.Resolve(instance, at))}"));
                    foreach (EvaluationResults child in group)
                    {
                        Collect(child, schema, instance, errors);
                    }

                    continue;
                case "not":
                    if (passed > 0)
                    {
                        errors.Add(new SchemaError(at, "not", "matches the schema under `not`"));
                    }

                    continue;
                default:
                    foreach (EvaluationResults child in group)
                    {
                        Collect(child, schema, instance, errors);
                    }

                    break;
            }
        }
    }

    private static void Add(List<SchemaError> errors, EvaluationResults node, JsonSchema schema, JsonElement instance, string at, string keyword, string message)
    {
        JsonElement? found = JsonPointerSyntax.Resolve(instance, at);
        JsonElement? subschema = SubschemaOf(node, schema);
        JsonElement? value = subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(keyword, out var v) ? v : null;
        switch (keyword)
        {
            case "required" when value is { ValueKind: JsonValueKind.Array } required && found is { ValueKind: JsonValueKind.Object } obj:
                foreach (JsonElement name in required.EnumerateArray())
                {
                    if (name.ValueKind == JsonValueKind.String && !obj.TryGetProperty(name.GetString()!, out _))
                    {
                        errors.Add(new SchemaError($"{at}/{JsonPointerSyntax.Escape(name.GetString()!)}", keyword, "required property is missing"));
                    }
                }

                return;
            case "additionalProperties" or "unevaluatedProperties":
                errors.Add(new SchemaError(at, keyword, "property is not allowed"));
                return;
            case "type" when value is { } type:
                errors.Add(new SchemaError(at, keyword, $"expected {Types(type)}{Found(found)}"));
                return;
            case "enum" when value is { } values:
                errors.Add(new SchemaError(at, keyword, $"not one of the enum values {Shorten(Compact(values), 80)}{Found(found)}"));
                return;
            case "pattern" when value is { ValueKind: JsonValueKind.String } pattern:
                errors.Add(new SchemaError(at, keyword, $"does not match the pattern /{pattern.GetString()}/{Found(found)}"));
                return;
            case "const" when value is { } constant:
                errors.Add(new SchemaError(at, keyword, $"expected {Shorten(Compact(constant), 80)}{Found(found)}"));
                return;
            default:
                string words = message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "fails";
                errors.Add(new SchemaError(at, keyword, $"{keyword}: {words}{Found(found)}"));
                return;
        }
    }

    /// <summary>The subschema a node evaluated, when it lies in the schema's own document (not under an embedded <c>$id</c>).</summary>
    private static JsonElement? SubschemaOf(EvaluationResults node, JsonSchema schema)
    {
        Uri location = node.SchemaLocation;
        if (!string.Equals(location.GetLeftPart(UriPartial.Query), schema.BaseUri.GetLeftPart(UriPartial.Query), StringComparison.Ordinal))
        {
            return null;
        }

        string fragment = Uri.UnescapeDataString(location.Fragment.TrimStart('#'));
        return JsonPointerSyntax.Resolve(schema.Root.Source, fragment);
    }

    /// <summary>"string" → "a string"; ["string", "null"] → "a string or null".</summary>
    private static string Types(JsonElement type) => type.ValueKind switch
    {
        JsonValueKind.String => Article(type.GetString()!),
        JsonValueKind.Array => string.Join(" or ", type.EnumerateArray().Select(static t => Article(t.ToString()))),
        _ => type.GetRawText(),
    };

    private static string Article(string type) => type switch
    {
        "null" => "null",
        "integer" or "object" or "array" => $"an {type}",
        _ => $"a {type}",
    };

    /// <summary>" (found 1.5)" for a scalar; an object or array found is not repeated.</summary>
    private static string Found(JsonElement? found) => found switch
    {
        { ValueKind: JsonValueKind.Object } => " (found an object)",
        { ValueKind: JsonValueKind.Array } => " (found an array)",
        { } scalar => $" (found {Shorten(scalar.GetRawText(), MaxValueLength)})",
        null => string.Empty,
    };

    private static string Compact(JsonElement value) => JsonSerializer.Serialize(value, JsonDefaults.Compact);

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    private static string LastSegment(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>The keyword through which a child node was reached: the first segment of its path below the parent's.</summary>
    private static string FirstSegment(string childPath, string parentPath)
    {
        string below = childPath.StartsWith(parentPath, StringComparison.Ordinal) ? childPath[parentPath.Length..] : childPath;
        below = below.TrimStart('/');
        int slash = below.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? below : below[..slash];
    }
}
