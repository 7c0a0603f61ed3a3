using System.Text.RegularExpressions;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The README's first command, end to end, looked at in a real browser: the example suite runs on the emulator
/// (fewer samples, to stay quick), and its report opens in headless Chromium showing the verdict and charts
/// without a single network request.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed class ExampleReportBrowserTests
{
    [Test]
    public async Task ExampleSuite_ReportOpensOfflineWithVerdictAndCharts()
    {
        HeadlessChromium.RequireInstalled();
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);

        var code = await cli.RunAsync("run", "prompts/examples/support-tickets/suite.yaml", "--emulator", "--samples", "2", "--out", dir.File("run"));

        Assert.That(code, Is.EqualTo(ExitCodes.Go).Or.EqualTo(ExitCodes.NoGo).Or.EqualTo(ExitCodes.Inconclusive), cli.Out + cli.Error);
        var page = HeadlessChromium.Open(dir.File("run/report.html"), "--dump-dom");
        var verdict = Regex.Match(page.Output, "id=\"verdict\">([^<]+)</div>").Groups[1].Value;
        Assert.That(verdict, Is.AnyOf("GO", "GO WITH WARNINGS", "INCONCLUSIVE", "NO-GO"));
        Assert.That(cli.Out, Does.Contain("Verdict: " + verdict), "the page and the terminal agree");
        Assert.That(Regex.Matches(page.Output, "<svg "), Has.Count.GreaterThanOrEqualTo(3), "latency, tokens and deviation charts");
        Assert.That(page.Output, Does.Contain("anthropic.claude-sonnet-4-5-20250929-v1:0"));
        Assert.That(page.NetworkRequests, Is.Empty, "the report is self-contained");
    }
}
