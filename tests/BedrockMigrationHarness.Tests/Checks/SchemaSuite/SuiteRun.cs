namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>A validator's run over a draft's required tests: the ids of the tests it got wrong, with why.</summary>
internal sealed record SuiteRun(string Draft, int Total, IReadOnlyDictionary<string, string> Failures)
{
    public int Passed => Total - Failures.Count;

    public static SuiteRun Of(ISuiteValidator validator, string draft)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        int total = 0;
        foreach (SuiteTestCase test in JsonSchemaTestSuite.Cases(draft))
        {
            total++;
            string? why;
            try
            {
                bool valid = validator.IsValid(test);
                why = valid == test.Valid ? null : valid ? "accepts an invalid instance" : "rejects a valid instance";
            }
#pragma warning disable CA1031 // A library failing on a test is that test's result, whatever it throws.
            catch (Exception e)
#pragma warning restore CA1031
            {
                why = $"throws {e.GetType().Name}";
            }

            if (why is not null)
            {
                failures[test.Id] = why;
            }
        }

        return new SuiteRun(draft, total, failures);
    }
}
