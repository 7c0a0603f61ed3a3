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
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 120;

        ConsoleSummary.Write(console, ReportFixtures.Create().Analysis);

        Golden.Verify("console-summary.txt", output.ToString());
    }
}
