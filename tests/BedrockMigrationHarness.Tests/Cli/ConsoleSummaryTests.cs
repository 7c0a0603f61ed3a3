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
        // As a CI log gets it: not a terminal, COLUMNS unset.
        var console = RedirectedOutput.Apply(PlainConsole(output, width: 80), columns: null);

        ConsoleSummary.Write(console, ReportFixtures.Create().Analysis);

        Golden.Verify("console-summary.txt", output.ToString());
    }

    [Test]
    public void Write_WarningGatesAt120Columns_EveryGateIsOneRow()
    {
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 120);
        var analysis = ReportFixtures.Create().Analysis;

        ConsoleSummary.Write(console, analysis);

        var rows = output.ToString().Split('\n').Where(static l => l.StartsWith('│')).Skip(1).ToList();
        Assert.Multiple(() =>
        {
            // The fixture's warning gates ("p99 latency increase", ...) wrapped into rows of their own at 120 columns.
            Assert.That(rows.Select(static r => r.Split('│')[1].Trim().TrimEnd('*').Trim()), Is.EqualTo(analysis.Gates.Select(static g => g.Name)));
            Assert.That(output.ToString(), Does.Contain("│ p99 latency increase *"));
            Assert.That(output.ToString(), Does.Contain("* a warning gate: when it does not pass, the verdict is GO WITH WARNINGS at worst"));
        });
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

    [Test]
    public void Write_FixtureWithJudge_PrintsTheQualityGateAndOneJudgeLine()
    {
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 1000);

        ConsoleSummary.Write(console, ReportFixtures.WithJudge().Analysis);

        var text = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Match(@"│ quality loss\s+│\s+30\.8% won │\s+15\.4% won │\s+\+15\.4 pts \[\+6\.0 pts, \+31\.0 pts\] │ net loss ≤ 5\.0 pts\s+│ FAIL\s+│"));
            Assert.That(text, Does.Contain(
                "Judged quality: anthropic.claude-3-5-sonnet-20240620-v1:0 (pairwise): 2 wins · 7 ties · 4 losses of 13 judged pairs (15 pairs; 1 judge failed, " +
                "1 not judged), net loss +15.4 pts · position bias 15.4% [4.3%, 42.2%] (the first answer both times in 1 pair, the second in 1) · " +
                "agreement 84.6% [57.8%, 95.7%] (2 of 13 judged pairs disagreed) · judge spend $0.0972 for 29 calls (24,300 input and 1,620 output tokens)\n"));
            Assert.That(text, Does.Contain("This run cost $0.1095 ($0.0123 the models' calls, $0.0972 the judge's) (measured tokens"));
        });
    }

    [Test]
    public void Write_JudgeModelIdWithMarkup_IsPrintedAsText()
    {
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 400);
        var analysis = ReportFixtures.WithJudge().Analysis;

        // Spectre would read "[red]" as a style and throw on "[/]" without an open tag: the line must escape it.
        ConsoleSummary.Write(console, analysis with { Judge = analysis.Judge! with { ModelId = "judge[/][red]x" } });

        Assert.That(output.ToString(), Does.Contain("Judged quality: judge[/][red]x (pairwise)"));
    }

    [Test]
    public void Write_AdaptiveRun_SaysHowItStoppedInOneLineBeforeTheVerdict()
    {
        using var output = new StringWriter();
        var console = PlainConsole(output, width: 400);

        ConsoleSummary.Write(console, ReportFixtures.WithAdaptiveAtTheCap().Analysis);

        var text = output.ToString();
        const string line = "Adaptive sampling: stopped after 3 looks at 20 samples per case (the 20-samples-per-case cap; 1 blocking gate undecided)\n";
        Assert.That(text, Does.Contain(line));
        Assert.That(text.IndexOf(line, StringComparison.Ordinal), Is.LessThan(text.IndexOf("Verdict:", StringComparison.Ordinal)));
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
