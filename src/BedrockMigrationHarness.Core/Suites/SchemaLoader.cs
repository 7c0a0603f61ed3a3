using System.Collections.Frozen;
using System.Text.Json;
using BedrockMigrationHarness.Inputs;
using NJsonSchema;

namespace BedrockMigrationHarness.Suites;

/// <summary>A case's JSON Schema: its path as written and its text.</summary>
internal sealed record LoadedSchema(string WrittenAs, string Json);

/// <summary>
/// Loads schema files: each must exist, be a JSON object, refer to nothing outside itself, use no keyword the validator
/// ignores, and be a JSON Schema NJsonSchema accepts. Each file is read once however many cases use it.
/// </summary>
internal sealed class SchemaLoader(ProblemCollector problems)
{
    /// <summary>
    /// Keywords NJsonSchema 11.6.2 reads without checking them (the JSON Schema Test Suite's invalid instances pass,
    /// or the schema does not load: docs/json-schema.md): a schema using one would let every answer through unchecked.
    /// </summary>
    private static readonly FrozenSet<string> Unchecked = FrozenSet.Create(StringComparer.Ordinal,
        "const", "contains", "minContains", "maxContains", "dependencies", "dependentRequired", "dependentSchemas",
        "if", "then", "else", "propertyNames", "prefixItems", "unevaluatedItems", "unevaluatedProperties",
        "$anchor", "$dynamicRef", "$dynamicAnchor");

    /// <summary>Keywords whose value is a map of names to subschemas.</summary>
    private static readonly FrozenSet<string> SchemaMaps = FrozenSet.Create(StringComparer.Ordinal,
        "properties", "patternProperties", "definitions", "$defs");

    /// <summary>Keywords whose value is a subschema or an array of subschemas.</summary>
    private static readonly FrozenSet<string> Subschemas = FrozenSet.Create(StringComparer.Ordinal,
        "items", "additionalItems", "additionalProperties", "not", "allOf", "anyOf", "oneOf");

    private readonly Dictionary<string, LoadedSchema?> _cache = new(StringComparer.Ordinal);

    /// <summary>The schema written as <paramref name="writtenAs"/>, or null after reporting (at <paramref name="referencedAt"/> or in the schema file).</summary>
    public LoadedSchema? Load(SuiteFolder folder, string writtenAs, SuiteProblem referencedAt)
    {
        var fullPath = folder.FullPath(writtenAs);
        if (!_cache.TryGetValue(fullPath, out var schema))
        {
            schema = LoadUncached(folder, fullPath, writtenAs, referencedAt);
            _cache[fullPath] = schema;
        }

        return schema;
    }

    private LoadedSchema? LoadUncached(SuiteFolder folder, string fullPath, string writtenAs, SuiteProblem referencedAt)
    {
        var display = DisplayPath.For(fullPath);
        if (folder.Read(writtenAs, InputFileKind.Schema, referencedAt, problems) is not { } json)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(display, 1, null, "a schema must be a JSON object, e.g. { \"type\": \"object\", \"properties\": { ... } }");
                return null;
            }

            if (ExternalReference(document.RootElement) is { } reference)
            {
                problems.Add(display, null, null,
                    $"the schema refers to `{reference}` outside itself; a schema must be self-contained (the run journal keeps only its text): "
                    + "move the referenced part under \"definitions\" and refer to it as \"#/definitions/name\"");
                return null;
            }

            if (UncheckedKeyword(document.RootElement, "#") is { } found)
            {
                problems.Add(display, null, null,
                    $"the schema uses `{found.Keyword}` (at {found.Pointer}), which the harness's schema validator does not check, "
                    + "so every answer would pass it: express the rule with supported keywords (e.g. `enum` with one value for `const`) "
                    + "or check it with `expect:`; docs/json-schema.md lists the supported keywords");
                return null;
            }
        }
        catch (JsonException e)
        {
            problems.Add(display, (int?)e.LineNumber + 1, null, $"the schema is not valid JSON: {e.Message}");
            return null;
        }

        try
        {
            // Synchronous by contract; with only local ($ref: "#...") references nothing here does I/O.
            _ = JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            problems.Add(display, null, null, $"the file is JSON but not a valid JSON Schema: {e.Message}");
            return null;
        }

        return new LoadedSchema(writtenAs, json);
    }

    /// <summary>The first keyword of <see cref="Unchecked"/> in a schema position (not a property's name or an enum's value), or null.</summary>
    private static (string Keyword, string Pointer)? UncheckedKeyword(JsonElement schema, string pointer)
    {
        if (schema.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (JsonElement item in schema.EnumerateArray())
            {
                if (UncheckedKeyword(item, $"{pointer}/{index++}") is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (JsonProperty property in schema.EnumerateObject())
        {
            string at = $"{pointer}/{Escape(property.Name)}";
            if (Unchecked.Contains(property.Name))
            {
                return (property.Name, at);
            }

            (string, string)? nested = null;
            if (SchemaMaps.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Object)
            {
                nested = property.Value.EnumerateObject().Select(p => UncheckedKeyword(p.Value, $"{at}/{Escape(p.Name)}")).FirstOrDefault(f => f is not null);
            }
            else if (Subschemas.Contains(property.Name))
            {
                nested = UncheckedKeyword(property.Value, at);
            }

            if (nested is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The first <c>$ref</c> that does not point inside the document (<c>#...</c>), or null.</summary>
    private static string? ExternalReference(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref" && property.Value.ValueKind == JsonValueKind.String
                        && property.Value.GetString() is { } reference && !reference.StartsWith('#'))
                    {
                        return reference;
                    }

                    if (ExternalReference(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }

                return null;
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(ExternalReference).FirstOrDefault(r => r is not null);
            default:
                return null;
        }
    }
}
