using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Expands the bound case entries into frozen <see cref="PromptCase"/>s: one per inline case, one per
/// table row; renders ids, prompts, expectation values and InvokeModel bodies; checks ids are valid and
/// unique and regexes compile.
/// </summary>
internal sealed class CaseBuilder(
    SuiteOptions options,
    string? systemPrompt,
    YamlFieldReader reader,
    TemplateRenderer renderer,
    SchemaLoader schemas,
    CaseTableReader tables)
{
    /// <summary>Where a case was defined: the suite line, or the CSV row of a table case.</summary>
    private sealed record Origin(string File, int Line, string Field);

    /// <summary>A case's vars and how to word an unknown var for it.</summary>
    private sealed record CaseScope(string Description, ImmutableDictionary<string, object?> Vars, Func<string, string> DescribeUnknown);

    private readonly Dictionary<string, Origin> _ids = new(StringComparer.Ordinal);

    public ImmutableArray<PromptCase> Build()
    {
        var cases = ImmutableArray.CreateBuilder<PromptCase>();
        foreach (var entry in options.Cases)
        {
            var schema = entry.Schema is { } s
                ? schemas.Load(options.Folder, s.WrittenAs, new SuiteProblem(reader.File, s.Line, s.Field, string.Empty))
                : null;
            var baseVars = options.Vars.SetItems(entry.Vars);
            if (entry.Table is { } tableRef)
            {
                AddTableCases(cases, entry, tableRef, schema, baseVars);
            }
            else if (entry.Id is { } idTemplate)
            {
                var description = $"case `{idTemplate.Text}`";
                var scope = new CaseScope(description, WithSchema(baseVars, schema), name => Unknown(name, entry, schema, description, null));
                var id = Render(idTemplate, scope);
                Add(cases, entry, id, new Origin(reader.File, idTemplate.FirstLine, idTemplate.Field), schema, scope);
            }
        }

        return cases.ToImmutable();
    }

    private void AddTableCases(ImmutableArray<PromptCase>.Builder cases, CaseOptions entry, PathReference tableRef, LoadedSchema? schema, ImmutableDictionary<string, object?> baseVars)
    {
        var at = new SuiteProblem(reader.File, tableRef.Line, tableRef.Field, string.Empty);
        if (tables.Read(options.Folder, tableRef.WrittenAs, at) is not { } table)
        {
            return;
        }

        var stem = Path.GetFileNameWithoutExtension(tableRef.WrittenAs);
        foreach (var row in table.Rows)
        {
            var vars = WithSchema(baseVars.SetItems(row.Values.Select(v => KeyValuePair.Create(v.Key, (object?)v.Value))), schema);
            var rowText = string.Create(CultureInfo.InvariantCulture, $"row {row.Number} of {table.DisplayPath}");
            var scope = new CaseScope(rowText, vars, name => Unknown(name, entry, schema, $"the table case {entry.Field}", table));
            var id = entry.Id is { } idTemplate
                ? Render(idTemplate, scope)
                : row.Values.GetValueOrDefault("id") ?? string.Create(CultureInfo.InvariantCulture, $"{stem}-{row.Number}");
            Add(cases, entry, id, new Origin(table.DisplayPath, row.Line, entry.Field), schema, scope);
        }
    }

    private void Add(ImmutableArray<PromptCase>.Builder cases, CaseOptions entry, string? id, Origin origin, LoadedSchema? schema, CaseScope scope)
    {
        var prompt = Render(entry.Prompt, scope);
        if (prompt is not null && string.IsNullOrWhiteSpace(prompt))
        {
            reader.Problems.Add(entry.Prompt.File, entry.Prompt.FirstLine, entry.Prompt.Field,
                $"the prompt of {scope.Description} renders to empty text; Bedrock rejects an empty message: give it text");
            prompt = null;
        }

        var expectations = Expectations(entry, scope);
        if (id is null || !CheckId(id, origin) || prompt is null)
        {
            return;
        }

        var body = options.Invoke is { } invoke ? InvokeBody(invoke, id, prompt, scope) : null;
        cases.Add(new PromptCase(id, [Turn.UserText(prompt)], schema?.WrittenAs, schema?.Json, expectations, entry.Stream, body));
    }

    private bool CheckId(string id, Origin origin)
    {
        if (!SuiteOptionsBinder.IdPattern().IsMatch(id))
        {
            reader.Problems.Add(origin.File, origin.Line, origin.Field,
                $"case id `{id}` may contain only letters, digits, `.`, `_` and `-`; change the id");
            return false;
        }

        if (_ids.TryGetValue(id, out var first))
        {
            reader.Problems.Add(origin.File, origin.Line, origin.Field, string.Create(CultureInfo.InvariantCulture,
                $"case id `{id}` is used twice: here and at {first.File}:{first.Line} ({first.Field}); ids must be unique"));
            return false;
        }

        _ids[id] = origin;
        return true;
    }

    private ImmutableArray<Expectation> Expectations(CaseOptions entry, CaseScope scope)
    {
        var result = ImmutableArray.CreateBuilder<Expectation>();
        foreach (var expectation in entry.Expectations)
        {
            if (Render(expectation.Value, scope) is not { } value)
            {
                continue;
            }

            if (expectation.Kind == ExpectationKind.Matches && RegexError(value) is { } error)
            {
                reader.Problems.Add(expectation.Value.File, expectation.Value.FirstLine, expectation.Value.Field,
                    $"the regex `{value}` of {scope.Description} does not compile: {error}; fix the pattern (in YAML double quotes write \\\\ for one backslash)");
                continue;
            }

            result.Add(new Expectation(expectation.Kind, value, expectation.JsonPointer));
        }

        return result.ToImmutable();
    }

    private string? InvokeBody(InvokeOptions invoke, string id, string prompt, CaseScope scope)
    {
        var inference = options.Inference;
        var vars = scope.Vars.SetItems(
        [
            KeyValuePair.Create("prompt", (object?)prompt),
            KeyValuePair.Create("system", (object?)systemPrompt),
            KeyValuePair.Create("max_tokens", (object?)inference.MaxTokens),
            KeyValuePair.Create("temperature", (object?)inference.Temperature),
            KeyValuePair.Create("top_p", (object?)inference.TopP),
            KeyValuePair.Create("stop_sequences", (object?)JsonSerializer.Serialize(inference.StopSequences, JsonDefaults.Compact)),
        ]);
        var bodyScope = scope with { Vars = vars };
        if (Render(invoke.Body, bodyScope) is not { } body)
        {
            return null;
        }

        try
        {
            using var _ = JsonDocument.Parse(body);
            return body;
        }
        catch (JsonException e)
        {
            reader.Problems.Add(invoke.Body.File, invoke.Body.FirstLine, invoke.Body.Field,
                $"the body rendered for case `{id}` is not valid JSON ({e.Message}); quote text with object.to_json, e.g. \"text\": {{{{ prompt | object.to_json }}}}");
            return null;
        }
    }

    /// <summary>Adds the <c>schema</c> var last, so it is always the schema's text.</summary>
    private static ImmutableDictionary<string, object?> WithSchema(ImmutableDictionary<string, object?> vars, LoadedSchema? schema) =>
        schema is null ? vars : vars.SetItem("schema", schema.Json);

    private string? Render(TemplateSource template, CaseScope scope) => renderer.Render(template, scope.Vars, scope.DescribeUnknown);

    private static string Unknown(string name, CaseOptions entry, LoadedSchema? schema, string description, CaseTable? table)
    {
        if (name == "schema" && schema is null)
        {
            return $"{description} uses {{{{ schema }}}} but {entry.Field} has no schema:; add schema: (a JSON Schema file) or remove {{{{ schema }}}}";
        }

        return table is null
            ? $"{description} uses `{name}`, which is not defined; add it under the case's vars: or the suite's vars:"
            : $"{description} uses `{name}`, but {table.DisplayPath} has no column `{name}` (its columns: {string.Join(", ", table.Columns)}) and no var has that name; add the column or a var";
    }

    private static string? RegexError(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.TrimEnd('.');
        }
    }
}
