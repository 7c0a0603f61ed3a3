using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Pricing;

namespace BedrockMigrationHarness.Tests.Pricing;

[TestFixture]
public sealed class PriceTableWriterTests
{
    private static readonly ImmutableSortedDictionary<string, ModelPrice> Models = new Dictionary<string, ModelPrice>
    {
        ["amazon.nova-micro-v1:0"] = new(0.035, 0.14, null, null, new DateOnly(2025, 6, 18), "AWS Price List, offer 1 (a.json)", true, 2)
        {
            BatchInputPerMillion = 0.0175,
            BatchOutputPerMillion = 0.07,
        },
        ["anthropic.claude-sonnet-4-5-20250929-v1:0"] = new(3.3, 16.5, 0.33, 4.125, new DateOnly(2026, 11, 25), "a \"quoted\" \\ source\twith a tab", false, 3),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    [TestCase("en-US")]
    [TestCase("de-DE")]
    [TestCase("ar-SA")]
    public void Write_ReadBackByPriceTableReader_SamePrices(string culture)
    {
        var before = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo(culture);
        try
        {
            var text = PriceTableWriter.Write(Models, ["a header"]);
            var problems = new ProblemCollector();

            var table = PriceTableReader.Parse(text, "pricing.yaml", problems);

            Assert.That(problems.Sorted(), Is.Empty);
            Assert.That(text, Does.StartWith("# a header\n"));
            Assert.That(text, Does.Contain("    batch_input_per_million: 0.0175\n    batch_output_per_million: 0.07\n"));
            Assert.That(table!.Models, Is.EqualTo(Models));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }
}
