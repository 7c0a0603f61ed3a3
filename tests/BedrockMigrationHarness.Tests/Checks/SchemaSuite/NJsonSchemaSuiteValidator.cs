using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>
/// NJsonSchema 11.6.2 used the way the harness's ResponseChecker uses it: <c>JsonSchema.FromJsonAsync</c>, one
/// <see cref="JsonSchemaValidator"/> built from default settings (format validators on), the instance parsed with
/// decimals kept. The suite's remotes are served from the fixture folder instead of the network.
/// </summary>
internal sealed class NJsonSchemaSuiteValidator : ISuiteValidator
{
    private static readonly JsonSchemaValidator Validator = new(new JsonSchemaValidatorSettings());

    public string Name => "NJsonSchema 11.6.2";

    /// <summary>
    /// Tests on which NJsonSchema's reference resolution recurses until the stack overflows, which ends the test
    /// process (it cannot be caught): they count as failed without running.
    /// </summary>
    private static readonly HashSet<string> StackOverflows = [.. File.ReadLines(Path.Combine(JsonSchemaTestSuite.Root, "njsonschema-stack-overflows.txt"))
        .Where(static l => l.Length > 0 && !l.StartsWith('#'))];

    public bool IsValid(SuiteTestCase test)
    {
        if (StackOverflows.Contains(test.Id))
        {
            throw new InsufficientExecutionStackException("NJsonSchema overflows the stack on this test");
        }

        JsonSchema schema = JsonSchema.FromJsonAsync(test.SchemaJson, null, Resolver).GetAwaiter().GetResult();
        using var reader = new JsonTextReader(new StringReader(test.DataJson))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Decimal,
        };
        JToken data = JToken.ReadFrom(reader);
        return Validator.Validate(data, schema).Count == 0;
    }

    private static JsonReferenceResolver Resolver(JsonSchema schema) =>
        new LocalRemotes(new JsonSchemaAppender(schema, new DefaultTypeNameGenerator()));

    /// <summary>Answers http://localhost:1234/... from the fixture's remotes folder; anything else is not found.</summary>
    private sealed class LocalRemotes(JsonSchemaAppender appender) : JsonReferenceResolver(appender)
    {
        public override async Task<NJsonSchema.References.IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            string file = JsonSchemaTestSuite.RemoteFile(new Uri(url))
                ?? throw new InvalidOperationException($"{url} is not one of the suite's remotes");
            return await JsonSchema.FromJsonAsync(File.ReadAllText(file), url, Resolver, cancellationToken);
        }
    }
}
