using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using Json.Schema;

namespace BedrockMigrationHarness.Checks;

/// <summary>
/// Checks answers against their case: JSON extraction, schema validation (JsonSchema.Net, docs/json-schema.md) and expectations; for a case
/// with <c>expect_tool</c>, the tool call instead of the text's JSON: called, the right tool, arguments valid against the
/// tool's input schema (format), and the expectations on the arguments (correctness).
/// Build one per run: each case's schema and regular expressions are compiled once and cached by case id.
/// Thread-safe.
/// </summary>
internal sealed class ResponseChecker
{
    private readonly ConcurrentDictionary<string, CompiledCase> _cases = new(StringComparer.Ordinal);

    /// <summary>Compiles every case of <paramref name="cases"/> up front, so that a bad schema fails here, not mid-report.</summary>
    /// <exception cref="ArgumentException">A schema is not valid JSON Schema or a pattern is not a valid regular expression.</exception>
    public ResponseChecker(IEnumerable<PromptCase> cases)
    {
        foreach (PromptCase @case in cases)
        {
            _cases[@case.Id] = CompiledCase.Compile(@case);
        }
    }

    /// <summary>Checks one answer of <paramref name="case"/>; a null or empty text is an answer that is not JSON.</summary>
    /// <param name="toolCalls">The answer's tool calls (default: none).</param>
    public CheckResult Check(PromptCase @case, string? text, ImmutableArray<ToolCall> toolCalls = default)
    {
        CompiledCase compiled = _cases.GetOrAdd(@case.Id, static (_, c) => CompiledCase.Compile(c), @case);
        JsonExtraction extraction = JsonExtractor.Extract(text);
        using JsonDocument? document = extraction.Json is null ? null : JsonDocument.Parse(extraction.Json);
        JsonElement? json = document?.RootElement;

        var deviations = ImmutableArray.CreateBuilder<FormatDeviation>();
        var schemaErrors = ImmutableArray.CreateBuilder<string>();
        var failures = ImmutableArray.CreateBuilder<string>();
        if (compiled.Tool is { } tool)
        {
            CheckToolCall(tool, toolCalls.IsDefault ? [] : toolCalls, deviations, schemaErrors, failures);
        }
        else if (compiled.Schema is { } schema)
        {
            deviations.AddRange(extraction.Wrapping);
            if (json is { } answer)
            {
                var kinds = new SortedSet<FormatDeviation>();
                foreach (SchemaError error in SchemaErrors.Validate(schema, answer))
                {
                    kinds.Add(SchemaErrors.Deviation(error.Keyword));
                    schemaErrors.Add(SchemaErrors.Describe(error));
                }

                deviations.AddRange(kinds);
            }
        }

        foreach (CompiledExpectation expectation in compiled.Expectations)
        {
            if (expectation.Evaluate(text ?? string.Empty, json) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return new CheckResult(deviations.ToImmutable(), schemaErrors.ToImmutable(), failures.ToImmutable(), extraction.Json);
    }

    /// <summary>The call of the expected tool: made, valid against its input schema (format); its arguments as expected (correctness).</summary>
    private static void CheckToolCall(CompiledTool tool, ImmutableArray<ToolCall> calls, ImmutableArray<FormatDeviation>.Builder deviations,
        ImmutableArray<string>.Builder errors, ImmutableArray<string>.Builder failures)
    {
        ToolCall? call = calls.FirstOrDefault(c => c.Name == tool.Name);
        using JsonDocument? document = call is null ? null : ParseObject(call.InputJson);
        JsonElement? input = document?.RootElement;
        if (call is null)
        {
            deviations.Add(calls.IsEmpty ? FormatDeviation.NoToolCall : FormatDeviation.WrongTool);
            errors.Add(calls.IsEmpty ? $"called no tool, expected {tool.Name}" : $"called {calls[0].Name}, expected {tool.Name}");
        }
        else if (input is not { } parsed)
        {
            deviations.Add(FormatDeviation.NotJson);
            errors.Add($"{tool.Name} input: not a JSON object");
        }
        else
        {
            var kinds = new SortedSet<FormatDeviation>();
            foreach (SchemaError error in SchemaErrors.Validate(tool.InputSchema, parsed))
            {
                kinds.Add(SchemaErrors.Deviation(error.Keyword));
                errors.Add(SchemaErrors.DescribeInput(error, tool.Name));
            }

            deviations.AddRange(kinds);
        }

        foreach (CompiledExpectation expectation in tool.Input)
        {
            string? failure = call is null
                ? $"{expectation.Description}: no call of {tool.Name}"
                : expectation.Evaluate(call.InputJson, input);
            if (failure is not null)
            {
                failures.Add($"{tool.Name} input {failure}");
            }
        }
    }

    /// <summary>The arguments as a JSON document when they are one JSON object, else null.</summary>
    private static JsonDocument? ParseObject(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return document;
        }

        document.Dispose();
        return null;
    }

    /// <summary>An expected tool call ready to check: the tool's input schema compiled, its argument expectations too.</summary>
    private sealed record CompiledTool(string Name, JsonSchema InputSchema, ImmutableArray<CompiledExpectation> Input);

    private sealed record CompiledCase(JsonSchema? Schema, ImmutableArray<CompiledExpectation> Expectations, CompiledTool? Tool)
    {
        public static CompiledCase Compile(PromptCase @case)
        {
            JsonSchema? schema = @case.SchemaJson is { } schemaJson ? SchemaOf(@case, schemaJson, "the schema") : null;
            CompiledTool? tool = null;
            if (@case.ExpectTool is { } expect)
            {
                ToolDefinition definition = @case.Tools?.Tools.FirstOrDefault(t => t.Name == expect.Name)
                    ?? throw new ArgumentException($"Case '{@case.Id}': expect_tool names `{expect.Name}`, which the case does not offer.", nameof(@case));
                tool = new CompiledTool(expect.Name, SchemaOf(@case, definition.InputSchemaJson, $"the input schema of {expect.Name}"),
                    [.. expect.Input.Select(static e => new CompiledExpectation(e))]);
            }

            return new CompiledCase(schema, [.. @case.Expectations.Select(static e => new CompiledExpectation(e))], tool);
        }

        private static JsonSchema SchemaOf(PromptCase @case, string json, string what)
        {
            try
            {
                return SchemaDialects.Build(json);
            }
            catch (Exception ex) when (ex is JsonException or JsonSchemaException or RefResolutionException)
            {
                throw new ArgumentException($"Case '{@case.Id}': {what} is not a valid JSON Schema: {ex.Message}", nameof(@case), ex);
            }
        }
    }
}
