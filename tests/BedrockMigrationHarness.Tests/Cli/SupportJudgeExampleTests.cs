using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The judge example, prompts/examples/support-judge, end to end on the emulator: the candidate plants a placeholder
/// summary the schema cannot see, the emulator's judge finds it, and the quality gate decides. At --concurrency 1 the
/// calls arrive in the plan's order, so each pair meets the same answers every run and the judge's counts are exact; the
/// verdict is NO-GO whatever the latency gates say, because the blocking quality gate fails. The run uses a copy of the
/// example whose profile answers in 1 ms, so 440 calls one at a time take seconds, not minutes.
/// </summary>
[TestFixture]
public sealed class SupportJudgeExampleTests
{
    private const string SuitePath = "prompts/examples/support-judge/suite.yaml";

    private const string ProfilePath = "prompts/examples/support-judge/profile.yaml";

    [Test]
    public void Load_Example_HasAJudgeTheQualityGateAndACaseLeftOut()
    {
        var suite = SuiteLoader.Load(Path.Combine(RepoPaths.Root, SuitePath));

        Assert.That(suite.Judge!.ModelId, Is.EqualTo("amazon.nova-pro-v1:0"));
        Assert.That(suite.Gates.Gates.Single(g => g.Kind == GateKind.QualityLoss).Severity, Is.EqualTo(GateSeverity.Blocking));
        Assert.That(suite.Cases.Count(suite.Judge.Applies), Is.EqualTo(11));
    }

    [Test]
    public async Task Run_DryRun_CountsTheJudgesCalls()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);

        var code = await cli.RunAsync("run", SuitePath, "--dry-run", "--samples", "2", "--out", dir.File("run"));

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Match(@"│ judge \(22 pairs[^│]*│ amazon\.nova-pro-v1:0\s+│\s+44 │"), "11 judged cases × 2 samples × 2 orders");
        Assert.That(cli.Out, Does.Contain("for 92 calls, of which the judge $"));
    }

    [Test]
    public async Task Run_OnTheEmulator_NoGoOnTheJudgedQualityWithEveryReportCarryingTheGate()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness(RepoPaths.Root);
        var run = dir.File("run");
        var example = ExampleCopy.WithInstantLatency(SuitePath, dir.File("example"));

        var code = await cli.RunAsync("run", Path.Combine(example, "suite.yaml"), "--emulator", Path.Combine(example, "profile.yaml"),
            "--samples", "10", "--concurrency", "1", "--out", run);

        Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Contain("Judging 110 pairs with amazon.nova-pro-v1:0"));
        Assert.That(cli.Out, Does.Contain("format 100.0% → 100.0%"), "the schema cannot see the planted regression");
        Assert.That(cli.Out, Does.Match(@"│ quality loss\s+│[^\n]*│ FAIL\s+│"));

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        var judge = summary.RootElement.GetProperty("judge");
        Assert.Multiple(() =>
        {
            Assert.That(summary.RootElement.GetProperty("verdict").GetProperty("verdict").GetString(), Is.EqualTo("NO-GO"));
            Assert.That(judge.GetProperty("pairs").GetInt32(), Is.EqualTo(110));
            Assert.That(judge.GetProperty("judged").GetInt32(), Is.EqualTo(110), "every verdict well formed");
            Assert.That(judge.GetProperty("losses").GetInt32(), Is.GreaterThan(judge.GetProperty("wins").GetInt32() + 5));
        });
        Assert.That(await File.ReadAllTextAsync(Path.Combine(run, "junit.xml")), Does.Contain("quality loss"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(run, "summary.md")), Does.Contain("quality loss"));
        var html = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("Judged quality").And.Contain("Position bias"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(run, "attempts.csv")), Does.Contain("judgeCandidateFirst"));

        // bmh report rebuilds the same judgement from the journal alone.
        var again = new CliHarness(RepoPaths.Root);
        Assert.That(await again.RunAsync("report", run), Is.EqualTo(ExitCodes.NoGo), again.Out + again.Error);
        using var rebuilt = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, "summary.json")));
        Assert.That(rebuilt.RootElement.GetProperty("judge").GetProperty("losses").GetInt32(), Is.EqualTo(judge.GetProperty("losses").GetInt32()));
    }
}
