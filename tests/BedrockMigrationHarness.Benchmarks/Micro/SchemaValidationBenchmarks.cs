using System.Text.Json;
using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using BenchmarkDotNet.Attributes;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>
/// The schema validation step of <see cref="CheckBenchmarks"/> alone, with each candidate library: the example's
/// classification answer (valid, and with a priority outside the enum) parsed and validated against its case's schema.
/// JsonSchema.Net 8.0.5 the way ResponseChecker uses it (System.Text.Json parse, <see cref="SchemaErrors.Validate"/>:
/// hierarchical output, format asserted, every error described); NJsonSchema 11.6.2 the way ResponseChecker used it
/// before (Json.NET parse with decimals, one shared validator), kept for the comparison in docs/json-schema.md.
/// </summary>
[MemoryDiagnoser]
public class SchemaValidationBenchmarks
{
    private const string Valid = """{"category":"billing","priority":"urgent","sentiment":"negative"}""";
    private const string Invalid = """{"category":"billing","priority":"whenever","sentiment":"negative"}""";

    private static readonly JsonSchemaValidator NValidator = new(new JsonSchemaValidatorSettings());

    private NJsonSchema.JsonSchema _nSchema = null!;
    private Json.Schema.JsonSchema _netSchema = null!;

    [GlobalSetup]
    public void Setup()
    {
        string schema = BenchWorkload.Example.Cases.First(static c => c.Id == "classify-refund").SchemaJson!;
        _nSchema = NJsonSchema.JsonSchema.FromJsonAsync(schema).GetAwaiter().GetResult();
        _netSchema = SchemaDialects.Build(schema);
    }

    [Benchmark(Baseline = true)]
    public int NJsonSchema_Valid() => NValidator.Validate(ParseJToken(Valid), _nSchema).Count;

    [Benchmark]
    public int NJsonSchema_Invalid() => NValidator.Validate(ParseJToken(Invalid), _nSchema).Count;

    [Benchmark]
    public int JsonSchemaNet_Valid() => EvaluateNet(Valid);

    [Benchmark]
    public int JsonSchemaNet_Invalid() => EvaluateNet(Invalid);

    private int EvaluateNet(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SchemaErrors.Validate(_netSchema, document.RootElement).Count;
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
