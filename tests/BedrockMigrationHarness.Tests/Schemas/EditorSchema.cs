using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Tests.Support;
using Json.Schema;

namespace BedrockMigrationHarness.Tests.Schemas;

/// <summary>
/// One of the repository's editor schemas (<c>schemas/*.schema.json</c>), compiled by JsonSchema.Net 8.0.5 as draft
/// 2020-12 with its defaults (<c>format</c> is an annotation), and its verdict on a YAML file read by <see cref="YamlAsJson"/>.
/// </summary>
internal sealed class EditorSchema
{
    private readonly JsonSchema _schema;

    private EditorSchema(string fileName)
    {
        Path = System.IO.Path.Combine(RepoPaths.Root, "schemas", fileName);
        Json = JsonNode.Parse(File.ReadAllText(Path))!.AsObject();
        _schema = JsonSchema.FromText(File.ReadAllText(Path), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The suite file's schema.</summary>
    public static EditorSchema Suite { get; } = new("suite.schema.json");

    /// <summary>The emulator profile's schema.</summary>
    public static EditorSchema Profile { get; } = new("emulator-profile.schema.json");

    /// <summary>The schema file.</summary>
    public string Path { get; }

    /// <summary>The schema's JSON, to read its keys.</summary>
    public JsonObject Json { get; }

    /// <summary>What the schema refuses in the YAML file at <paramref name="yamlPath"/> (empty: it accepts the file).</summary>
    public IReadOnlyList<string> Problems(string yamlPath)
    {
        if (YamlAsJson.Read(yamlPath, out var parse) is not { } json)
        {
            return [.. parse.Select(p => p.ToString())];
        }

        return Problems(json);
    }

    /// <summary>What the schema refuses in <paramref name="json"/>, one line per failed keyword: the instance location and the message.</summary>
    public IReadOnlyList<string> Problems(JsonNode json)
    {
        var element = JsonSerializer.SerializeToElement(json);
        var results = _schema.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
                .Distinct(StringComparer.Ordinal)];
    }
}
