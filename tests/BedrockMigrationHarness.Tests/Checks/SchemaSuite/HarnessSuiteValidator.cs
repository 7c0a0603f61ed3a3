using System.Text.Json;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using Json.Schema;

namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>
/// The harness's validator through its own code: <see cref="SchemaDialects.Build(string, SchemaDraft, SchemaRegistry?)"/>
/// (a schema without <c>$schema</c> read in the suite folder's draft, as if it declared it) and
/// <see cref="SchemaErrors.IsValid"/> (<c>format</c> asserted). The one addition is a registry serving the suite's
/// remotes from the fixture folder; the harness's own schemas refer to nothing outside themselves.
/// </summary>
internal sealed class HarnessSuiteValidator : ISuiteValidator
{
    public string Name => "JsonSchema.Net 8.0.5 (as the harness uses it)";

    public bool IsValid(SuiteTestCase test)
    {
        SchemaDraft draft = SchemaDialects.Supported.Single(d => d.Name == (test.Draft == "draft7" ? "draft-07" : "draft 2020-12"));
        var registry = new SchemaRegistry();
        registry.Fetch = (uri, _) => JsonSchemaTestSuite.RemoteFile(uri) is { } file
            ? JsonSchema.FromText(File.ReadAllText(file), new BuildOptions { Dialect = draft.Dialect, SchemaRegistry = registry }, uri)
            : null;
        JsonSchema schema = SchemaDialects.Build(test.SchemaJson, draft, registry);
        using var data = JsonDocument.Parse(test.DataJson);
        return SchemaErrors.IsValid(schema, data.RootElement);
    }
}
