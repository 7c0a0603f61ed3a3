using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Reports.Markdown;
using BedrockMigrationHarness.Tests.Support;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Reports.Formatting;

/// <summary>Which prices came from AWS's Price List (<c>verified: true</c>, as `bmh prices import` writes them) and which did not.</summary>
[TestFixture]
public sealed class CostTextTests
{
    private static CostSummary Cost(bool baselineFromAws, bool candidateFromAws)
    {
        var cost = ReportFixtures.Create().Analysis.Cost!;
        return cost with
        {
            Baseline = cost.Baseline with { Price = cost.Baseline.Price with { Verified = baselineFromAws } },
            Candidate = cost.Candidate with { Price = cost.Candidate.Price with { Verified = candidateFromAws } },
            PricesVerified = baselineFromAws && candidateFromAws,
        };
    }

    [TestCase(true, true, "prices from AWS's price list")]
    [TestCase(false, false, "unverified prices")]
    [TestCase(true, false, "the baseline's price from AWS's price list, the candidate's unverified")]
    [TestCase(false, true, "the candidate's price from AWS's price list, the baseline's unverified")]
    public void Provenance_EachCombination_SaysWhichPriceIsFromAws(bool baseline, bool candidate, string expected)
    {
        Assert.That(CostText.Provenance(Cost(baseline, candidate)), Is.EqualTo(expected));
    }

    [Test]
    public void PriceSource_AwsAndUnverifiedPrices_SayWhereEachComesFrom()
    {
        var cost = Cost(true, false);

        Assert.That(CostText.PriceSource(cost.Baseline.Price), Is.EqualTo("as of 2026-03-21, from AWS's price list: fixture price list"));
        Assert.That(CostText.PriceSource(cost.Candidate.Price), Is.EqualTo("as of 2026-03-21, unverified: fixture price list"));
    }

    [Test]
    public void ConsoleAndSummaryMarkdown_OneArmFromAws_SayWhichIsUnverified()
    {
        var data = ReportFixtures.Create();
        var analysis = data.Analysis with { Cost = Cost(true, false) };
        using var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(output) });
        console.Profile.Width = 400;

        ConsoleSummary.Write(console, analysis);

        Assert.That(output.ToString(), Does.Contain("(measured tokens, the baseline's price from AWS's price list, the candidate's unverified)."));
        using var markdown = new MemoryStream();
        new SummaryMarkdownWriter().Write(ReportRendering.Single(data with { Analysis = analysis }), markdown);
        Assert.That(System.Text.Encoding.UTF8.GetString(markdown.ToArray()), Does.Contain(" · the baseline's price from AWS's price list, the candidate's unverified\n"));
    }
}
