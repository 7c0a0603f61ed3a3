using System.Text.Json;
using BedrockMigrationHarness.Inputs;
using NJsonSchema;

namespace BedrockMigrationHarness.Suites;

/// <summary>A case's JSON Schema: its path as written and its text.</summary>
internal sealed record LoadedSchema(string WrittenAs, string Json);

/// <summary>
/// Loads schema files: each must exist, be a JSON object, refer to nothing outside itself, and be a JSON Schema NJsonSchema accepts.
/// Each file is read once however many cases use it.
/// </summary>
internal sealed class SchemaLoader(ProblemCollector problems)
{
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
