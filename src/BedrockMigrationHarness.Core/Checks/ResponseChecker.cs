using System.Collections.Concurrent;
using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Checks;

/// <summary>
/// Checks answers against their case: JSON extraction, schema validation (NJsonSchema) and expectations.
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
    public CheckResult Check(PromptCase @case, string? text)
    {
        CompiledCase compiled = _cases.GetOrAdd(@case.Id, static (_, c) => CompiledCase.Compile(c), @case);
        JsonExtraction extraction = JsonExtractor.Extract(text);
        JToken? json = extraction.Json is null ? null : Parse(extraction.Json);

        var deviations = ImmutableArray.CreateBuilder<FormatDeviation>();
        var schemaErrors = ImmutableArray.CreateBuilder<string>();
        if (compiled.Schema is { } schema)
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

        var failures = ImmutableArray.CreateBuilder<string>();
        foreach (CompiledExpectation expectation in compiled.Expectations)
        {
            if (expectation.Evaluate(text ?? string.Empty, json) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return new CheckResult(deviations.ToImmutable(), schemaErrors.ToImmutable(), failures.ToImmutable(), extraction.Json);
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

    private sealed record CompiledCase(JsonSchema? Schema, ImmutableArray<CompiledExpectation> Expectations)
    {
        public static CompiledCase Compile(PromptCase @case)
        {
            JsonSchema? schema = null;
            if (@case.SchemaJson is { } schemaJson)
            {
                try
                {
                    schema = JsonSchema.FromJsonAsync(schemaJson).GetAwaiter().GetResult();
                }
                catch (JsonException ex)
                {
                    throw new ArgumentException($"Case '{@case.Id}': the schema is not valid JSON: {ex.Message}", nameof(@case), ex);
                }
            }

            return new CompiledCase(schema, [.. @case.Expectations.Select(static e => new CompiledExpectation(e))]);
        }
    }
}
