using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.Json;
using Json.Schema;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// The one place a schema's text becomes a JsonSchema.Net schema: the drafts the harness supports, the draft of a
/// schema without <c>$schema</c> (draft 2020-12, the draft of Bedrock's structured outputs), and which keywords each
/// draft knows (docs/json-schema.md).
/// </summary>
internal static class SchemaDialects
{
    /// <summary>The supported drafts, oldest first.</summary>
    public static ImmutableArray<SchemaDraft> Supported { get; } =
    [
        new("draft-06", "http://json-schema.org/draft-06/schema#", Dialect.Draft06),
        new("draft-07", "http://json-schema.org/draft-07/schema#", Dialect.Draft07),
        new("draft 2019-09", "https://json-schema.org/draft/2019-09/schema", Dialect.Draft201909),
        new("draft 2020-12", "https://json-schema.org/draft/2020-12/schema", Dialect.Draft202012),
    ];

    /// <summary>The draft of a schema that does not declare one with <c>$schema</c>.</summary>
    public static SchemaDraft Default => Supported[^1];

    /// <summary>Every keyword of the supported drafts (and the drafts before them), as the JSON Schema specifications name them.</summary>
    public static FrozenSet<string> AllKeywords { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "$id", "$schema", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary",
        "$comment", "$defs", "definitions", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
        "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
        "additionalItems", "items", "prefixItems", "maxItems", "minItems", "uniqueItems", "contains", "maxContains", "minContains",
        "maxProperties", "minProperties", "required", "dependentRequired", "additionalProperties", "properties", "patternProperties",
        "dependencies", "dependentSchemas", "propertyNames", "const", "enum", "type", "format", "allOf", "anyOf", "oneOf", "not",
        "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "contentEncoding", "contentMediaType", "contentSchema");

    private static readonly ConcurrentDictionary<SchemaDraft, FrozenSet<string>> KnownByDraft = new();

    /// <summary>The supported draft whose meta-schema URI is <paramref name="declared"/> (with or without the trailing <c>#</c>), or null.</summary>
    public static SchemaDraft? Find(string declared) =>
        Supported.FirstOrDefault(d => string.Equals(d.Uri.TrimEnd('#'), declared.TrimEnd('#'), StringComparison.Ordinal));

    /// <summary>
    /// Builds <paramref name="json"/> in the draft its <c>$schema</c> declares, or in <see cref="Default"/>; with a
    /// registry of its own, so <c>$id</c>s of different schemas never meet. The harness passes no
    /// <paramref name="registry"/>: a reference outside the schema does not resolve.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="JsonSchemaException">The JSON is not a schema of its draft, or declares an unsupported draft.</exception>
    /// <exception cref="RefResolutionException">A reference does not resolve.</exception>
    /// <exception cref="ArgumentException">A pattern is not a .NET regular expression (<c>RegexParseException</c>).</exception>
    public static JsonSchema Build(string json, SchemaRegistry? registry = null) => Build(json, Default, registry);

    /// <summary>As <see cref="Build(string, SchemaRegistry?)"/>, with <paramref name="draft"/> for a schema without <c>$schema</c>.</summary>
    public static JsonSchema Build(string json, SchemaDraft draft, SchemaRegistry? registry = null) =>
        JsonSchema.FromText(json, new BuildOptions { Dialect = draft.Dialect, SchemaRegistry = registry ?? new SchemaRegistry() });

    /// <summary>
    /// Whether JsonSchema.Net knows <paramref name="keyword"/> in <paramref name="draft"/>: asked of the library (a schema
    /// of that one keyword either fails on the value, so the keyword was read, or holds it under the keyword's own handler).
    /// </summary>
    public static bool Knows(SchemaDraft draft, string keyword) =>
        KnownByDraft.GetOrAdd(draft, static d => AllKeywords.Where(k => Probe(d, k)).ToFrozenSet(StringComparer.Ordinal)).Contains(keyword);

    private static bool Probe(SchemaDraft draft, string keyword)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, object?> { [keyword] = null }));
        try
        {
            JsonSchema schema = JsonSchema.Build(document.RootElement, new BuildOptions { Dialect = draft.Dialect, SchemaRegistry = new SchemaRegistry() });
            return schema.Root.Keywords.Any(k => k.Handler.Name == keyword);
        }
        catch (JsonSchemaException)
        {
            return true;
        }
    }
}
