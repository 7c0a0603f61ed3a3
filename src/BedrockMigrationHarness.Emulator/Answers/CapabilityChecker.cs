using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Checks a well-formed request against what the model accepts (<see cref="ModelCapabilities"/>), in this order:
/// tools, images, documents, structured output, reasoning, schema features, parameter rules, context length.
/// </summary>
internal static class CapabilityChecker
{
    public const string NoToolUse = "This model doesn't support tool use.";
    public const string NoImages = "This model doesn't support image input. Remove the image content blocks and try again.";
    public const string NoDocuments = "This model doesn't support document input. Remove the document content blocks and try again.";
    public const string NoStructuredOutput = "This model doesn't support the outputConfig.textFormat field. Remove outputConfig.textFormat and try again.";
    public const string NoReasoning = "The model returned the following errors: thinking: Extra inputs are not permitted";
    public const string InputTooLong = "Input is too long for requested model.";

    /// <summary>JSON Schema keywords the emulator cannot honour in an answer, so a constrained request using them is refused.</summary>
    public static readonly string[] UnsupportedKeywords =
    [
        "patternProperties", "propertyNames", "dependentSchemas", "dependentRequired", "if", "then", "else", "not",
        "unevaluatedProperties", "unevaluatedItems", "contains", "multipleOf", "uniqueItems", "$dynamicRef",
    ];

    /// <exception cref="RequestValidationException">The model does not accept the request.</exception>
    public static void Check(ChatRequest request, ModelCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(capabilities);
        var message = request.Tools.Count > 0 && !capabilities.Tools ? NoToolUse
            : request.Turns.Any(t => t.ImageBytes.Count > 0) && !capabilities.Images ? NoImages
            : request.Turns.Any(t => t.DocumentBytes.Count > 0) && !capabilities.Documents ? NoDocuments
            : request.OutputSchema is not null && !capabilities.StructuredOutput ? NoStructuredOutput
            : request.ThinkingBudget is not null && !capabilities.Reasoning ? NoReasoning
            : UnsupportedSchemaFeature(request)
            ?? capabilities.ParameterRules.FirstOrDefault(r => r.IsBrokenBy(request))?.Message
            ?? (request.InputTokens > capabilities.MaxContextTokens ? InputTooLong : null);
        if (message is not null)
        {
            throw new RequestValidationException(message);
        }
    }

    /// <summary>The first schema keyword a constrained request uses that the emulator cannot honour, as a message.</summary>
    private static string? UnsupportedSchemaFeature(ChatRequest request)
    {
        var schemas = request.Tools.Select((t, i) => (t, i)).Where(x => x.t.Strict)
            .Select(x => (x.t.InputSchema, string.Create(CultureInfo.InvariantCulture, $"toolConfig.tools.{x.i + 1}.member.toolSpec.inputSchema.json")));
        if (request.OutputSchema is { } output)
        {
            schemas = schemas.Prepend((output, "outputConfig.textFormat.structure.jsonSchema.schema"));
        }

        foreach (var (schema, field) in schemas)
        {
            if (FindUnsupported(schema, "#") is { } found)
            {
                return $"The model returned the following errors: {field}: the JSON Schema feature `{found.Keyword}` at {found.Pointer} is not supported for structured output. Remove it and try again.";
            }
        }

        return null;
    }

    private static (string Keyword, string Pointer)? FindUnsupported(JsonObject schema, string pointer)
    {
        foreach (var (key, value) in schema)
        {
            if (UnsupportedKeywords.Contains(key, StringComparer.Ordinal))
            {
                return (key, pointer);
            }

            if (key == "$ref" && value is JsonValue reference && reference.GetValueKind() == JsonValueKind.String && !reference.GetValue<string>().StartsWith('#'))
            {
                return ("$ref (to a remote schema)", pointer);
            }

            var nested = key switch
            {
                "properties" or "$defs" or "definitions" when value is JsonObject map => map.Select(p => (p.Value as JsonObject, $"{pointer}/{key}/{p.Key}")),
                "items" or "additionalProperties" when value is JsonObject child => [(child, $"{pointer}/{key}")],
                "anyOf" or "oneOf" or "allOf" or "prefixItems" when value is JsonArray list => list.Select((item, i) => (item as JsonObject, string.Create(CultureInfo.InvariantCulture, $"{pointer}/{key}/{i}"))),
                _ => [],
            };
            foreach (var (child, at) in nested)
            {
                if (child is not null && FindUnsupported(child, at) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
