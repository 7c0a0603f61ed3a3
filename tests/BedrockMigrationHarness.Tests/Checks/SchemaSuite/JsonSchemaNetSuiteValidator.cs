using System.Text.Json;
using Json.Schema;

namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>
/// JsonSchema.Net 8.0.5 with its defaults (format is an annotation, as both drafts say), the draft's dialect when a
/// schema has no <c>$schema</c>, and the suite's remotes served from the fixture folder.
/// </summary>
internal sealed class JsonSchemaNetSuiteValidator : ISuiteValidator
{
    public string Name => "JsonSchema.Net 8.0.5";

    public bool IsValid(SuiteTestCase test)
    {
        var options = new BuildOptions
        {
            Dialect = test.Draft == "draft7" ? Dialect.Draft07 : Dialect.Draft202012,
            SchemaRegistry = new SchemaRegistry(),
        };
        options.SchemaRegistry.Fetch = (uri, registry) => JsonSchemaTestSuite.RemoteFile(uri) is { } file
            ? JsonSchema.FromText(File.ReadAllText(file), options, uri)
            : null;
        JsonSchema schema = JsonSchema.FromText(test.SchemaJson, options);
        using var data = JsonDocument.Parse(test.DataJson);
        return schema.Evaluate(data.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid;
    }
}
