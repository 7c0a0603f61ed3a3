using System.Text.RegularExpressions;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The README's first command, end to end, looked at in a real browser: the example suite runs on the emulator
/// (fewer samples, to stay quick), and its report opens in headless Chromium showing the verdict, its reasons and
/// charts without a single network request.
/// </summary>
/// <remarks>
/// The verdict is exact although the emulator's latency is wall-clock time: it is decided by format compliance,
/// which the profile's seed fixes. Each answer comes from hash(seed, model, request body, occurrence), and a
/// throttled call's retry takes the next occurrence, so every case keeps the same answers whatever order the
/// calls run in: 35 of the candidate's 40 answers are well-formed, the compliance floor and drop gates fail, and
/// a failing blocking gate makes the run NO-GO whatever the latency gates say. The reasons list failing blocking
/// gates first, in gate order, so the first two are these and nothing timing-dependent comes before them.
/// </remarks>
[TestFixture]
[Category("Browser")]
public sealed class ExampleReportBrowserTests
{
    [Test]
    public async Task ExampleSuite_ReportOpensOfflineWithNoGoForFormatComplianceOnTheFirstScreen()
    {
        HeadlessChromium.RequireInstalled();
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);

        var code = await cli.RunAsync("run", "prompts/examples/support-tickets/suite.yaml", "--emulator", "--samples", "2", "--out", dir.File("run"));

        Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
        var page = HeadlessChromium.Open(dir.File("run/report.html"), "--dump-dom");
        var verdict = Regex.Match(page.Output, "id=\"verdict\">([^<]+)</div>").Groups[1].Value;
        var why = Regex.Match(page.Output, "<section class=\"why\" aria-label=\"Reasons\">(.*?)</section>", RegexOptions.Singleline).Groups[1].Value;
        var reasons = Regex.Matches(why, "<li>([^<]*)</li>").Select(static m => m.Groups[1].Value).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.EqualTo("NO-GO"));
            Assert.That(cli.Out, Does.Contain("Verdict: NO-GO"), "the page and the terminal agree");
            Assert.That(why, Does.Contain("<h2>Why NO-GO</h2>"));
            Assert.That(reasons.Take(2), Is.EqualTo(new[]
            {
                "Candidate format compliance 87.5% (95% CI 73.2% to 95.8%, 35/40) is below the 98.0% floor.",
                "Format compliance changed -12.5 points (100.0% to 87.5%; 95% CI -26.1 to -1.3), a larger drop than the 1.0-point limit; 5 cases worse, 0 better (exact sign test p = 0.031).",
            }), "format compliance decides the verdict, first among the reasons");
            Assert.That(page.Output.IndexOf("<section class=\"why\"", StringComparison.Ordinal),
                Is.LessThan(page.Output.IndexOf("id=\"gates\"", StringComparison.Ordinal)), "the reasons come before the gate table, on the first screen");
            Assert.That(Regex.Matches(page.Output, "<svg "), Has.Count.GreaterThanOrEqualTo(3), "latency, tokens and deviation charts");
            Assert.That(page.Output, Does.Contain("anthropic.claude-sonnet-4-5-20250929-v1:0"));
            Assert.That(page.NetworkRequests, Is.Empty, "the report is self-contained");
        });
    }
}
