using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The support-tickets example sampled until decided (`bmh run … --until-decided`) on the emulator, with the two
/// profiles beside it: a planted regression of about 3 points of format compliance ends NO-GO well before the
/// 100-sample cap, and identical arms end GO. The copies answer in 1 ms and run one call at a time, so every run meets
/// the same answers; their latency gates are opened, because wall-clock latency on a loaded machine is not what these
/// tests decide on (the simulation in docs/statistics.md measures the latency gates).
/// </summary>
[TestFixture]
public sealed class SupportTicketsAdaptiveExampleTests
{
    private const string SuitePath = "prompts/examples/support-tickets/suite.yaml";

    [Test]
    public async Task Run_UntilDecidedWithAThreePointRegression_StopsEarlyNoGoAndTheReportRecomputesTheLooks()
    {
        using var dir = new TempDirectory();
        var (code, cli, run, looks) = await RunUntilDecidedAsync(dir, "profile-3-points.yaml");

        Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
        Assert.Multiple(() =>
        {
            Assert.That(looks[^1].Stop, Is.EqualTo(LookStop.Decided));
            Assert.That(looks[^1].Gates.Single(g => g.Kind == GateKind.ComplianceDrop).State, Is.EqualTo(LookGateState.Fail));
            Assert.That(looks[^1].SamplesPerCase, Is.LessThan(100), "stopped early, well before the cap");
            Assert.That(looks.Take(looks.Length - 1).Select(l => l.Stop), Is.All.EqualTo(LookStop.Continue));
            Assert.That(cli.Out, Does.Contain($"Adaptive sampling: stopped after {looks.Length} looks at {looks[^1].SamplesPerCase} samples per case"));
            Assert.That(cli.Out + cli.Error, Does.Contain("look 1 at 5 samples per case: "), "a note per look");
        });

        // bmh report rebuilds the verdict and every look from the journal alone.
        var again = new CliHarness(RepoPaths.Root);
        Assert.That(await again.RunAsync("report", run), Is.EqualTo(ExitCodes.NoGo), again.Out + again.Error);
        var html = await File.ReadAllTextAsync(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("Adaptive sampling"));
    }

    [Test]
    public async Task Run_UntilDecidedWithIdenticalArms_EndsGo()
    {
        using var dir = new TempDirectory();
        var (code, cli, _, looks) = await RunUntilDecidedAsync(dir, "profile-identical.yaml");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        Assert.Multiple(() =>
        {
            Assert.That(cli.Out, Does.Contain("Verdict: GO").And.Not.Contain("Verdict: GO WITH WARNINGS"));
            Assert.That(looks[^1].Stop, Is.EqualTo(LookStop.Decided));
            Assert.That(looks[^1].Gates.Select(g => g.State), Is.All.EqualTo(LookGateState.Pass));
        });
    }

    /// <summary>`bmh run … --until-decided --concurrency 1` on a copy of the example with <paramref name="profile"/>; the exit code, the CLI, the run directory and its journal's looks.</summary>
    private static async Task<(int Code, CliHarness Cli, string Run, ImmutableArray<LookRecord> Looks)> RunUntilDecidedAsync(TempDirectory dir, string profile)
    {
        var (suite, profilePath) = Copy(dir, profile);
        var run = dir.File("run");
        var cli = new CliHarness(RepoPaths.Root);
        var code = await cli.RunAsync("run", suite, "--emulator", profilePath, "--until-decided", "--concurrency", "1", "--out", run);
        var looks = File.Exists(Path.Combine(run, JournalWriter.FileName)) ? JournalReader.Read(Path.Combine(run, JournalWriter.FileName)).Looks : [];
        return (code, cli, run, looks);
    }

    /// <summary>The example with <paramref name="profile"/> answering in 1 ms and its latency gates opened.</summary>
    private static (string Suite, string Profile) Copy(TempDirectory dir, string profile)
    {
        var example = ExampleCopy.WithInstantLatency(SuitePath, dir.File("example"), profile);
        var suite = Path.Combine(example, "suite.yaml");
        var text = File.ReadAllText(suite);
        var open = Regex.Replace(text, @"(latency_p(50|99)_increase: \{ max_percent: )\d+", "${1}1000000");
        Assert.That(open, Is.Not.EqualTo(text), "the example's suite writes its latency gates out");
        File.WriteAllText(suite, open);
        return (suite, Path.Combine(example, profile));
    }
}
