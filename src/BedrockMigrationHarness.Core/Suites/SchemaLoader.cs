using System.Collections.Frozen;
using System.Text.Json;
using BedrockMigrationHarness.Inputs;
using Json.Schema;

namespace BedrockMigrationHarness.Suites;

/// <summary>A case's JSON Schema: its path as written and its text.</summary>
internal sealed record LoadedSchema(string WrittenAs, string Json);

/// <summary>
/// Loads schema files: each must exist, be a JSON object, declare a supported draft or none, refer to nothing outside
/// itself, be a JSON Schema JsonSchema.Net builds, and use only keywords it checks (docs/json-schema.md). Each file is
/// read once however many cases use it.
/// </summary>
internal sealed class SchemaLoader(ProblemCollector problems)
{
    /// <summary>Keywords that only annotate: allowed in every draft, though the validator checks nothing with them.</summary>
    private static readonly FrozenSet<string> Annotations = FrozenSet.Create(StringComparer.Ordinal,
        "title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly",
        // Draft-07's container of subschemas, kept by draft 2019-09 and 2020-12 meta-schemas for compatibility: a
        // "$ref": "#/definitions/name" resolves in every draft.
        "definitions");

    /// <summary>Keywords JsonSchema.Net knows but only as annotations (the drafts say so): a rule written with one would not be checked.</summary>
    private static readonly FrozenSet<string> NotAsserted = FrozenSet.Create(StringComparer.Ordinal,
        "contentEncoding", "contentMediaType", "contentSchema");

    /// <summary>The formats JsonSchema.Net checks (its <c>Formats</c>), for the did-you-mean of an unknown one.</summary>
    private static readonly string[] KnownFormats =
    [
        "date", "date-time", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6", "uri",
        "uri-reference", "iri", "iri-reference", "uri-template", "json-pointer", "relative-json-pointer", "regex", "uuid",
    ];

    private readonly Dictionary<string, LoadedSchema?> _cache = new(StringComparer.Ordinal);

    /// <summary>The supported drafts' <c>$schema</c> values, for messages.</summary>
    public static string SupportedList => string.Join(", ", SchemaDialects.Supported.Select(static d => $"\"{d.Uri}\" ({d.Name})"));

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

        SchemaDraft draft;
        try
        {
            using var document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add(display, 1, null, "a schema must be a JSON object, e.g. { \"type\": \"object\", \"properties\": { ... } }");
                return null;
            }

            if (DeclaredDraft(root, display) is not { } declared)
            {
                return null;
            }

            draft = declared;
            if (ExternalReference(root) is { } reference)
            {
                problems.Add(display, null, null,
                    $"the schema refers to `{reference}` outside itself; a schema must be self-contained (the run journal keeps only its text): "
                    + "move the referenced part under \"$defs\" (or \"definitions\") and refer to it as \"#/$defs/name\"");
                return null;
            }
        }
        catch (JsonException e)
        {
            problems.Add(display, (int?)e.LineNumber + 1, null, $"the schema is not valid JSON: {e.Message}");
            return null;
        }

        if (Build(json, draft, display) is not { } schema)
        {
            return null;
        }

        if (UncheckedKeyword(schema.Root, "#", draft, new HashSet<JsonSchemaNode>(ReferenceEqualityComparer.Instance)) is { } found)
        {
            problems.Add(display, null, null, found);
            return null;
        }

        return new LoadedSchema(writtenAs, json);
    }

    /// <summary>The draft the schema declares with <c>$schema</c>, or the default; null after reporting an unsupported one.</summary>
    private SchemaDraft? DeclaredDraft(JsonElement root, string display)
    {
        if (!root.TryGetProperty("$schema", out JsonElement declared))
        {
            return SchemaDialects.Default;
        }

        if (declared.ValueKind == JsonValueKind.String && SchemaDialects.Find(declared.GetString()!) is { } draft)
        {
            return draft;
        }

        problems.Add(display, null, "$schema",
            $"the schema declares \"$schema\": {declared.GetRawText()}, a JSON Schema draft the harness's validator does not support: "
            + $"use one of {SupportedList}, or leave `$schema` out for {SchemaDialects.Default.Name}; docs/json-schema.md");
        return null;
    }

    /// <summary>The schema built as the validator builds it, or null after reporting why it cannot be.</summary>
    private JsonSchema? Build(string json, SchemaDraft draft, string display)
    {
        try
        {
            return SchemaDialects.Build(json, draft);
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or ArgumentException or JsonException)
        {
            string message = $"the file is JSON but not a valid JSON Schema ({draft.Name}): {e.Message}";
            if (draft == SchemaDialects.Default && !json.Contains("\"$schema\"", StringComparison.Ordinal) && BuildsAs(json) is { } older)
            {
                message += $". The schema has no `$schema`, so it is read as {draft.Name}; it is valid {older.Name}: "
                    + $"add \"$schema\": \"{older.Uri}\" to keep that draft's meaning (e.g. array-form `items`), or rewrite it for {draft.Name} "
                    + "(`prefixItems` for a tuple)";
            }

            problems.Add(display, null, null, message);
            return null;
        }
    }

    /// <summary>The older draft that builds <paramref name="json"/> (draft-07, the usual one, tried first), or null.</summary>
    private static SchemaDraft? BuildsAs(string json)
    {
        foreach (SchemaDraft older in SchemaDialects.Supported.Where(d => d != SchemaDialects.Default).OrderBy(d => d.Name != "draft-07"))
        {
            try
            {
                _ = SchemaDialects.Build(json, older);
                return older;
            }
            catch (Exception e) when (e is JsonSchemaException or RefResolutionException or ArgumentException or JsonException)
            {
                // Not valid in this draft either: try the next older one.
            }
        }

        return null;
    }

    /// <summary>
    /// The message for the first keyword (in a schema position, as JsonSchema.Net built the schema) that the validator
    /// does not check: unknown to the draft, or an annotation-only keyword; null when there is none. <c>x-</c>-prefixed
    /// keywords and annotations (<see cref="Annotations"/>) are fine.
    /// </summary>
    private static string? UncheckedKeyword(JsonSchemaNode node, string pointer, SchemaDraft draft, HashSet<JsonSchemaNode> seen)
    {
        if (!seen.Add(node) || node.Source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var handled = node.Keywords.Select(static k => k.Handler.Name).ToHashSet(StringComparer.Ordinal);
        foreach (JsonProperty property in node.Source.EnumerateObject())
        {
            string name = property.Name;
            string at = $"{pointer}/{JsonPointerSyntax.Escape(name)}";
            if (NotAsserted.Contains(name))
            {
                return $"the schema uses `{name}` (at {at}), which the validator reads as an annotation and does not check, "
                    + "so every answer would pass it: check the rule with `expect:` instead; docs/json-schema.md lists the checked keywords";
            }

            if (name == "format" && property.Value.ValueKind == JsonValueKind.String && UnknownFormat(property.Value.GetString()!, at) is { } format)
            {
                return format;
            }

            if (handled.Contains(name) || Annotations.Contains(name) || name.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            return UnknownKeyword(name, at, draft);
        }

        foreach (KeywordData keyword in node.Keywords)
        {
            foreach (JsonSchemaNode child in keyword.Subschemas ?? [])
            {
                string childPointer = keyword.Handler.Name == "$ref" && keyword.RawValue.ValueKind == JsonValueKind.String
                    && keyword.RawValue.GetString() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal)
                    ? reference
                    : $"{pointer}/{JsonPointerSyntax.Escape(keyword.Handler.Name)}{child.RelativePath}";
                if (UncheckedKeyword(child, childPointer, draft, seen) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>The message for a <c>format</c> the validator does not know (so would not check), or null.</summary>
    private static string? UnknownFormat(string format, string at)
    {
        if (FormatRegistry.Global.Get(format) is not Json.Schema.UnknownFormat)
        {
            return null;
        }

        string hint = KeySuggester.Suggest(format, KnownFormats) is { } suggestion
            ? $"did you mean `{suggestion}`?"
            : $"the checked formats are {string.Join(", ", KnownFormats)}";
        return $"the schema's `format` \"{format}\" (at {at}) is not one the validator knows, so every answer would pass it: {hint} (docs/json-schema.md)";
    }

    private static string UnknownKeyword(string name, string at, SchemaDraft draft)
    {
        string which = $"`{name}` (at {at}), which is not a {draft.Name} keyword, so the validator would ignore it and every answer would pass it";
        if (SchemaDialects.AllKeywords.Contains(name) && SchemaDialects.Supported.Reverse().FirstOrDefault(d => SchemaDialects.Knows(d, name)) is { } other)
        {
            return $"the schema uses {which}: it is a keyword of {other.Name} (\"$schema\": \"{other.Uri}\"); "
                + "declare the draft the schema is written in, or rewrite the rule in this one; docs/json-schema.md";
        }

        // Keywords are camelCase and KeySuggester lower-cases the unknown key only: compare both in lower case.
        var known = SchemaDialects.AllKeywords.Where(k => SchemaDialects.Knows(draft, k) || Annotations.Contains(k))
            .ToDictionary(static k => k.ToLowerInvariant(), StringComparer.Ordinal);
        string hint = KeySuggester.Suggest(name, known.Keys) is { } suggestion
            ? $"did you mean `{known[suggestion]}`?"
            : "a keyword of your own must start with `x-`";
        return $"the schema uses {which}: {hint} (docs/json-schema.md lists the checked keywords)";
    }

    /// <summary>The first <c>$ref</c> that does not point inside the document (<c>#...</c>), or null.</summary>
    private static string? ExternalReference(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is "$ref" or "$dynamicRef" or "$recursiveRef" && property.Value.ValueKind == JsonValueKind.String
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
