namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>A JSON Schema library under test: true when it finds the instance valid, false when invalid, an exception when it cannot.</summary>
internal interface ISuiteValidator
{
    string Name { get; }

    bool IsValid(SuiteTestCase test);
}
