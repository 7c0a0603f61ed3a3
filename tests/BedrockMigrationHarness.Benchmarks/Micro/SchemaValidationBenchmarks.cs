using System.Text.Json;
using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BenchmarkDotNet.Attributes;
using Json.Schema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// The schema validation step of <see cref="CheckBenchmarks"/> alone, with each candidate library: the example's
/// classification answer (valid, and with a priority outside the enum) parsed and validated against its case's schema.
/// NJsonSchema 11.6.2 the way ResponseChecker uses it (Json.NET parse with decimals, one shared validator);
/// JsonSchema.Net 8.0.5 with System.Text.Json and the list output (every error with its location).
/// </summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmarks
{
    private const string Valid = """{"category":"billing","priority":"urgent","sentiment":"negative"}""";
    private const string Invalid = """{"category":"billing","priority":"whenever","sentiment":"negative"}""";

    private static readonly JsonSchemaValidator NValidator = new(new JsonSchemaValidatorSettings());
    private static readonly EvaluationOptions ListOutput = new() { OutputFormat = OutputFormat.List };

    private NJsonSchema.JsonSchema _nSchema = null!;
    private Json.Schema.JsonSchema _netSchema = null!;

    [GlobalSetup]
    public void Setup()
    {
        string schema = BenchWorkload.Example.Cases.First(static c => c.Id == "classify-refund").SchemaJson!;
        _nSchema = NJsonSchema.JsonSchema.FromJsonAsync(schema).GetAwaiter().GetResult();
        _netSchema = Json.Schema.JsonSchema.FromText(schema);
    }

    [Benchmark(Baseline = true)]
    public int NJsonSchema_Valid() => NValidator.Validate(ParseJToken(Valid), _nSchema).Count;

    [Benchmark]
    public int NJsonSchema_Invalid() => NValidator.Validate(ParseJToken(Invalid), _nSchema).Count;

    [Benchmark]
    public bool JsonSchemaNet_Valid() => EvaluateNet(Valid);

    [Benchmark]
    public bool JsonSchemaNet_Invalid() => EvaluateNet(Invalid);

    private bool EvaluateNet(string json)
    {
        using var document = JsonDocument.Parse(json);
        return _netSchema.Evaluate(document.RootElement, ListOutput).IsValid;
    }

    private static JToken ParseJToken(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        return JToken.ReadFrom(reader);
    }
}
