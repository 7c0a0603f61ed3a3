using Json.Schema;

namespace BedrockMigrationHarness.Suites;

/// <summary>A JSON Schema draft the harness's validator supports.</summary>
/// <param name="Name">How messages and docs name it, e.g. <c>draft-07</c>.</param>
/// <param name="Uri">Its meta-schema URI, the <c>$schema</c> value that declares it.</param>
/// <param name="Dialect">JsonSchema.Net's dialect for it.</param>
internal sealed record SchemaDraft(string Name, string Uri, Dialect Dialect);
