using System.Collections.Concurrent;
using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Checks;

/// <summary>
/// Checks answers against their case: JSON extraction, schema validation (NJsonSchema) and expectations; for a case
/// with <c>expect_tool</c>, the tool call instead of the text's JSON: called, the right tool, arguments valid against the
/// tool's input schema (format), and the expectations on the arguments (correctness).
/// Build one per run: each case's schema and regular expressions are compiled once and cached by case id.
/// Thread-safe.
/// </summary>
public sealed class ResponseChecker
{
    /// <summary>
    /// One validator for every answer: <c>JsonSchema.Validate</c> builds a validator and its format-validator map on
    /// each call, which was most of a check's cost. The validator only reads its state, so it is shared across threads.
    /// Built from default settings on purpose: the parameterless constructor would drop the format validators
    /// (email, date-time, uri, ...) that <c>JsonSchema.Validate</c> applies.
    /// </summary>
    private static readonly JsonSchemaValidator Validator = new(new JsonSchemaValidatorSettings());

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
        JToken? json = extraction.Json is null ? null : Parse(extraction.Json);

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
            if (json is not null)
            {
                var kinds = new SortedSet<FormatDeviation>();
                foreach (var error in SchemaErrors.Flatten(Validator.Validate(json, schema)))
                {
                    kinds.Add(SchemaErrors.Deviation(error.Kind));
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
        JToken? input = null;
        if (call is null)
        {
            deviations.Add(calls.IsEmpty ? FormatDeviation.NoToolCall : FormatDeviation.WrongTool);
            errors.Add(calls.IsEmpty ? $"called no tool, expected {tool.Name}" : $"called {calls[0].Name}, expected {tool.Name}");
        }
        else if (ParseObject(call.InputJson) is not { } parsed)
        {
            deviations.Add(FormatDeviation.NotJson);
            errors.Add($"{tool.Name} input: not a JSON object");
        }
        else
        {
            input = parsed;
            var kinds = new SortedSet<FormatDeviation>();
            foreach (var error in SchemaErrors.Flatten(Validator.Validate(parsed, tool.InputSchema)))
            {
                kinds.Add(SchemaErrors.Deviation(error.Kind));
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

    private static JToken? ParseObject(string json)
    {
        try
        {
            return Parse(json) is JObject value ? value : null;
        }
        catch (JsonReaderException)
        {
            return null;
        }
    }

    /// <summary>
    /// One parse for both the schema and the pointers: dates stay strings and decimals keep their digits
    /// (so "1.50" reads back as 1.50); numbers beyond decimal's range fall back to double.
    /// </summary>
    private static JToken Parse(string json)
    {
        try
        {
            return Parse(json, FloatParseHandling.Decimal);
        }
        catch (JsonReaderException)
        {
            return Parse(json, FloatParseHandling.Double);
        }
    }

    private static JToken Parse(string json, FloatParseHandling floats)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = floats,
        };
        return JToken.ReadFrom(reader);
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
                return JsonSchema.FromJsonAsync(json).GetAwaiter().GetResult();
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"Case '{@case.Id}': {what} is not valid JSON: {ex.Message}", nameof(@case), ex);
            }
        }
    }
}
