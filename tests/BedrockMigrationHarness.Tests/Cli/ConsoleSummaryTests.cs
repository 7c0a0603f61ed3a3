using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Tests.Reports;
using BedrockMigrationHarness.Tests.Support;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>What a person sees at the end of `bmh run` on a CI log: the gates table and the verdict, golden under three cultures.</summary>
[TestFixture]
public sealed class ConsoleSummaryTests
{
    [TestCase("")]
    [TestCase("de-DE")]
    [TestCase("sv-SE")]
    public void Write_FixtureRun_MatchesGoldenInEveryCulture(string culture)
    {
        using var scope = new CultureScope(culture);
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 120);

        ConsoleSummary.Write(console, ReportFixtures.Create().Analysis);

        Golden.Verify("console-summary.txt", output.ToString());
    }

    [Test]
    public void Write_FixtureWithReferences_PrintsOneInformationalLine()
    {
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 400);

        ConsoleSummary.Write(console, ReportFixtures.WithReferences().Analysis);

        Assert.That(output.ToString(), Does.Contain(
            "Against production: similarity to the reference 0.93 [0.86, 1.00] → 0.71 [0.55, 0.86] (-0.22, 95% CI -0.38 to -0.07) · " +
            "same tools as the reference 100.0% → 66.7% · p50 latency production 880 ms, measured baseline 900 ms " +
            "(4 cases with a reference; informational, no gate)"));
    }

    private static IAnsiConsole PlainConsole(StringWriter output, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }
}
