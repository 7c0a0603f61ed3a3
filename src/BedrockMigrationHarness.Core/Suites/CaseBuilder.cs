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

    /// <summary>A case's vars, how to word an unknown var for it, and whether its texts are templates at all (<c>templates:</c>).</summary>
    private sealed record CaseScope(string Description, ImmutableDictionary<string, object?> Vars, Func<string, string> DescribeUnknown, bool Templates);

    private readonly Dictionary<string, Origin> _ids = new(StringComparer.Ordinal);

    public ImmutableArray<PromptCase> Build()
    {
        if (options.Invoke is not null)
        {
            ConverseOnly(reader.File, string.Empty, null,
                (options.Tools is not null, "tools"), (options.StructuredOutput is not null, "structured_output"),
                (options.AdditionalFieldsJson is not null, "additional_fields"), (options.System?.CachePoint is true, "system.cache_point"),
                (options.Baseline != ArmOptions.None, "baseline"), (options.Candidate != ArmOptions.None, "candidate"),
                (options.OtherCandidates.Any(c => c.Arm != ArmOptions.None), "candidates"));
        }

        var cases = ImmutableArray.CreateBuilder<PromptCase>();
        foreach (var entry in options.Cases)
        {
            var schema = entry.Schema is { } s
                ? schemas.Load(options.Folder, s.WrittenAs, new SuiteProblem(entry.File, s.Line, s.Field, string.Empty))
                : null;
            var baseVars = options.Vars.SetItems(entry.Vars);
            if (entry.Table is { } tableRef)
            {
                AddTableCases(cases, entry, tableRef, schema, baseVars);
            }
            else if (entry.Id is { } idTemplate)
            {
                var description = $"case `{idTemplate.Text}`";
                var scope = new CaseScope(description, WithSchema(baseVars, schema, entry), name => Unknown(name, entry, schema, description, null), entry.Templates);
                var id = Render(idTemplate, scope);
                Add(cases, entry, id, new Origin(idTemplate.File, idTemplate.FirstLine, idTemplate.Field), schema, scope);
            }
        }

        return cases.ToImmutable();
    }

    private void AddTableCases(ImmutableArray<PromptCase>.Builder cases, CaseOptions entry, PathReference tableRef, LoadedSchema? schema, ImmutableDictionary<string, object?> baseVars)
    {
        var at = new SuiteProblem(entry.File, tableRef.Line, tableRef.Field, string.Empty);
        if (tables.Read(options.Folder, tableRef.WrittenAs, at) is not { } table)
        {
            return;
        }

        var stem = Path.GetFileNameWithoutExtension(tableRef.WrittenAs);
        foreach (var row in table.Rows)
        {
            var vars = WithSchema(baseVars.SetItems(row.Values.Select(v => KeyValuePair.Create(v.Key, (object?)v.Value))), schema, entry);
            var rowText = string.Create(CultureInfo.InvariantCulture, $"row {row.Number} of {table.DisplayPath}");
            var scope = new CaseScope(rowText, vars, name => Unknown(name, entry, schema, $"the table case {entry.Field}", table), Templates: true);
            var id = entry.Id is { } idTemplate
                ? Render(idTemplate, scope)
                : row.Values.GetValueOrDefault("id") ?? string.Create(CultureInfo.InvariantCulture, $"{stem}-{row.Number}");
            Add(cases, entry, id, new Origin(table.DisplayPath, row.Line, entry.Field), schema, scope);
        }
    }

    private void Add(ImmutableArray<PromptCase>.Builder cases, CaseOptions entry, string? id, Origin origin, LoadedSchema? schema, CaseScope scope)
    {
        if (options.Invoke is not null)
        {
            ConverseOnly(entry.File, entry.Field, entry.Line,
                (entry.Messages is not null, "messages"), (entry.System is not null, "system"), (entry.Tools is not null, "tools"),
                (entry.ExpectTool is not null, "expect_tool"), (entry.StructuredOutput is not null, "structured_output"),
                (entry.AdditionalFieldsJson is not null, "additional_fields"));
        }

        var messages = Messages(entry, scope);
        var expectations = Expectations(entry.Expectations, scope);
        var system = entry.System is { } s && Text(s.Text, "system prompt", scope) is { } text ? new SystemOverride(text, s.CachePoint) : null;
        var tools = Tools(entry, messages);
        var expectTool = ExpectTool(entry, tools, schema, scope);
        // A schema: that did not load is already a problem of its own.
        if (entry.StructuredOutput is true && schema is null && entry.Schema is null)
        {
            reader.Problems.Add(entry.File, entry.StructuredOutputLine, YamlFieldReader.Join(entry.Field, "structured_output"),
                "structured_output: true asks Bedrock to enforce the case's schema, but the case has no schema:; add one (a JSON Schema file) or remove structured_output");
        }

        if (id is null || !CheckId(id, origin) || messages is null)
        {
            return;
        }

        var body = options.Invoke is { } invoke ? InvokeBody(invoke, entry, id, Conversation.LastUserText(messages.Value), scope) : null;
        cases.Add(new PromptCase(id, messages.Value, schema?.WrittenAs, schema?.Json, expectations, entry.Stream, body)
        {
            System = system,
            Tools = tools,
            ExpectTool = expectTool,
            StructuredOutput = entry.StructuredOutput,
            AdditionalFieldsJson = entry.AdditionalFieldsJson,
            Inference = entry.Inference,
            Reference = entry.Reference,
            Judge = entry.Judge,
        });
    }

    /// <summary>With <c>api: invoke</c> the body template is the whole request: a key only Converse sends is a problem, not ignored.</summary>
    private void ConverseOnly(string file, string path, int? line, params ReadOnlySpan<(bool Given, string Key)> keys)
    {
        foreach (var (given, key) in keys)
        {
            if (given)
            {
                reader.Problems.Add(file, line, YamlFieldReader.Join(path, key),
                    $"{key} is sent with api: converse only; with api: invoke the body template is the whole request: write it there, or use api: converse");
            }
        }
    }

    /// <summary>The case's conversation rendered: its <c>prompt:</c> as one user turn, or its <c>messages:</c>; null after a problem.</summary>
    private ImmutableArray<Turn>? Messages(CaseOptions entry, CaseScope scope)
    {
        if (entry.Prompt is { } prompt)
        {
            return Text(prompt, "prompt", scope) is { } text ? [Turn.UserText(text)] : null;
        }

        if (options.Invoke is not null)
        {
            return null; // Reported by ConverseOnly.
        }

        var turns = ImmutableArray.CreateBuilder<Turn>();
        foreach (var turn in entry.Messages!.Value)
        {
            var parts = ImmutableArray.CreateBuilder<ContentPart>();
            foreach (var part in turn.Parts)
            {
                if (part.Fixed is { } fixedPart)
                {
                    parts.Add(fixedPart);
                }
                else if (Text(part.Text!, "message", scope) is { } text)
                {
                    parts.Add(new TextPart(text));
                }
            }

            turns.Add(new Turn(turn.Role, parts.ToImmutable()));
        }

        return turns.Sum(t => t.Parts.Length) == entry.Messages.Value.Sum(t => t.Parts.Length) ? turns.ToImmutable() : null;
    }

    /// <summary>A rendered template that must not be empty (Bedrock rejects empty text), or null after a problem.</summary>
    private string? Text(TemplateSource template, string what, CaseScope scope)
    {
        var text = Render(template, scope);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            reader.Problems.Add(template.File, template.FirstLine, template.Field,
                $"the {what} of {scope.Description} renders to empty text; Bedrock rejects empty text: give it some");
            return null;
        }

        return text;
    }

    /// <summary>
    /// The tools the case offers: its own <c>tools:</c> (with its <c>tool_choice:</c>), else the suite's with the case's
    /// or the suite's choice. Checks that a named choice, and every scripted tool call, names one of them.
    /// </summary>
    private ToolConfiguration? Tools(CaseOptions entry, ImmutableArray<Turn>? messages)
    {
        var own = entry.Tools?.Tools is not null;
        var list = own ? entry.Tools! : options.Tools;
        var choice = entry.Tools?.Choice ?? (own ? null : options.Tools?.Choice);
        var tools = list?.Tools ?? [];
        if (choice is { Choice.ToolName: { } chosen } && !tools.Any(t => t.Name == chosen))
        {
            reader.Problems.Add(choice.File, choice.Line, choice.Field, tools.IsEmpty
                ? "tool_choice needs tools: to choose from; add tools: at the suite or the case"
                : $"tool_choice names `{chosen}`, which is not one of the tools ({string.Join(", ", tools.Select(t => t.Name))})");
        }
        else if (choice is not null && tools.IsEmpty)
        {
            reader.Problems.Add(choice.File, choice.Line, choice.Field, "tool_choice needs tools: to choose from; add tools: at the suite or the case");
        }

        foreach (var use in messages?.SelectMany(t => t.Parts).OfType<ToolUsePart>() ?? [])
        {
            if (!tools.Any(t => t.Name == use.Name))
            {
                reader.Problems.Add(entry.File, entry.Line, YamlFieldReader.Join(entry.Field, "messages"),
                    $"the scripted tool call `{use.ToolUseId}` names the tool `{use.Name}`, which the case does not offer; add it to tools: (Bedrock requires the tools of a conversation that uses them)");
            }
        }

        return tools.IsEmpty ? null : new ToolConfiguration(tools, choice?.Choice, list!.CachePoint);
    }

    private ToolExpectation? ExpectTool(CaseOptions entry, ToolConfiguration? tools, LoadedSchema? schema, CaseScope scope)
    {
        if (entry.ExpectTool is not { } expect)
        {
            return null;
        }

        if (tools is null || !tools.Tools.Any(t => t.Name == expect.Name))
        {
            reader.Problems.Add(entry.File, expect.Line, YamlFieldReader.Join(expect.Field, "name"), tools is null
                ? $"expect_tool expects a call of `{expect.Name}`, but the case offers no tools; add tools: at the suite or the case"
                : $"expect_tool names `{expect.Name}`, which is not one of the case's tools ({string.Join(", ", tools.Tools.Select(t => t.Name))})");
            return null;
        }

        if (schema is not null)
        {
            reader.Problems.Add(entry.File, expect.Line, expect.Field,
                "a case with expect_tool: is checked on its tool call (against the tool's input_schema), so it takes no schema: (that checks a text answer); remove one of them");
            return null;
        }

        var input = Expectations(expect.Input, scope);
        return new ToolExpectation(expect.Name, input);
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

    private ImmutableArray<Expectation> Expectations(ImmutableArray<ExpectationOptions> expectations, CaseScope scope)
    {
        var result = ImmutableArray.CreateBuilder<Expectation>();
        foreach (var expectation in expectations)
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

    /// <summary>The case's InvokeModel body: always a template (even with <c>templates: false</c>, which keeps the case's texts as written), over the case's inference settings.</summary>
    private string? InvokeBody(InvokeOptions invoke, CaseOptions entry, string id, string prompt, CaseScope scope)
    {
        var inference = entry.Inference?.ApplyTo(options.Inference) ?? options.Inference;
        var vars = scope.Vars.SetItems(
        [
            KeyValuePair.Create("prompt", (object?)prompt),
            KeyValuePair.Create("system", (object?)systemPrompt),
            KeyValuePair.Create("max_tokens", (object?)inference.MaxTokens),
            KeyValuePair.Create("temperature", (object?)inference.Temperature),
            KeyValuePair.Create("top_p", (object?)inference.TopP),
            KeyValuePair.Create("stop_sequences", (object?)JsonSerializer.Serialize(inference.StopSequences, JsonDefaults.Compact)),
        ]);
        if (renderer.Render(invoke.Body, vars, scope.DescribeUnknown) is not { } body)
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

    /// <summary>
    /// Adds the <c>schema</c> var last, so it is always the schema's text; a <c>schema:</c> that did not load (already a
    /// problem of its own) renders as empty text rather than as a second problem saying the case has none.
    /// </summary>
    private static ImmutableDictionary<string, object?> WithSchema(ImmutableDictionary<string, object?> vars, LoadedSchema? schema, CaseOptions entry) =>
        schema is not null ? vars.SetItem("schema", schema.Json)
        : entry.Schema is not null ? vars.SetItem("schema", string.Empty)
        : vars;

    /// <summary>The text of <paramref name="template"/> for the case: rendered, or as written when the case's templates are off.</summary>
    private string? Render(TemplateSource template, CaseScope scope) =>
        scope.Templates ? renderer.Render(template, scope.Vars, scope.DescribeUnknown) : template.Text;

    private static string Unknown(string name, CaseOptions entry, LoadedSchema? schema, string description, CaseTable? table)
    {
        if (name == "schema" && schema is null)
        {
            return $"{description} uses {{{{ schema }}}} but {entry.Name} has no schema:; add schema: (a JSON Schema file) or remove {{{{ schema }}}}";
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
