using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>The suite's <c>pricing:</c> key: a price file relative to the suite, validated with the suite.</summary>
[TestFixture]
public sealed class SuitePricingTests
{
    private const string Suite = """
        name: priced
        baseline: acme.base-v1:0
        candidate: acme.next-v2:0
        pricing: prices/own.yaml
        cases:
          - { id: hello, prompt: "Say hello" }
        """;

    private const string Prices = """
        models:
          "acme.base-v1:0": { input_per_million: 1, output_per_million: 2, as_of: 2026-11-01, source: contract }
        """;

    [Test]
    public void Load_PricingFile_IsKeptAsWritten()
    {
        using var dir = new SuiteDirectory();
        dir.Write("prices/own.yaml", Prices);
        dir.WriteSuite(Suite);

        var suite = SuiteLoader.Load(dir.SuitePath);

        Assert.That(suite.PricingFile, Is.EqualTo("prices/own.yaml"));
    }

    [Test]
    public void Load_MissingPricingFile_IsAProblemOnItsLine()
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite(Suite);

        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.SuitePath))!;

        Assert.That(ex.Message, Does.Contain("suite.yaml:4 (pricing)").And.Contain("`prices/own.yaml` was not found"));
    }

    [Test]
    public void Load_BrokenPricingFile_ListsItsProblemsWithTheSuites()
    {
        using var dir = new SuiteDirectory();
        dir.Write("prices/own.yaml", Prices.Replace("as_of: 2026-11-01", "as_of: soon", StringComparison.Ordinal));
        dir.WriteSuite(Suite + "\nsamples: 0\n");

        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.SuitePath))!;

        Assert.That(ex.Message, Does.Contain("own.yaml:2").And.Contain("as_of must be the date"));
        Assert.That(ex.Message, Does.Contain("samples must be a whole number"), "suite problems are listed too");
    }
}
