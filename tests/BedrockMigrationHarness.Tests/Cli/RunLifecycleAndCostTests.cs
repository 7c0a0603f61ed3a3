using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// `bmh run` end to end with a LEGACY baseline that has an extended-access date in the emulator's catalog and a price
/// file: the lifecycle goes into the journal header, and the reports show the deadline and the monthly cost delta.
/// </summary>
[TestFixture]
public sealed class RunLifecycleAndCostTests
{
    private const string Baseline = "acme.old-model-20240101-v1:0";
    private const string Candidate = "acme.new-model-20250601-v1:0";
    private static readonly DateTimeOffset EndOfLife = new(2099, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // Loopback latencies of a few milliseconds are mostly scheduling noise on a busy machine: these tests are about
    // lifecycle and cost, so the blocking latency gate is opened wide and cannot make the verdict INCONCLUSIVE.
    private static string Suite(string candidate = Candidate) => $$"""
        name: lifecycle-e2e
        baseline: "{{Baseline}}"
        candidate: "{{candidate}}"
        samples: 6
        concurrency: 8
        pricing: pricing.yaml
        traffic: { requests_per_month: 1000000 }
        inference: { max_tokens: 100, temperature: 0 }
        cases:
          - { id: one, prompt: "Write a sentence about billing." }
          - { id: two, prompt: "Write a sentence about shipping." }
          - { id: three, prompt: "Write a sentence about refunds." }
          - { id: four, prompt: "Write a sentence about outages." }
        gates:
          latency_p50_increase: { max_percent: 100000 }
        """;

    // Dates far in the future keep the baseline LEGACY (not yet in extended access) whatever day the test runs.
    private static string Profile(string candidateLifecycle = "ACTIVE") => $$"""
        seed: 11
        models:
          "{{Baseline}}":
            lifecycle: LEGACY
            legacy_time: 2026-01-01
            public_extended_access_time: 2098-12-01
            end_of_life_time: 2099-03-01
            latency: { fixed_ms: 5 }
            output_tokens: { mean: 60, sd: 10 }
          "{{Candidate}}":
            lifecycle: {{candidateLifecycle}}
            latency: { fixed_ms: 5 }
            output_tokens: { mean: 90, sd: 10 }
        """;

    private const string Prices = $$"""
        models:
          "{{Baseline}}": { input_per_million: 3.00, output_per_million: 15.00, as_of: 2026-11-01, source: test, verified: true }
          "{{Candidate}}": { input_per_million: 3.00, output_per_million: 15.00, as_of: 2026-11-01, source: test, verified: true }
        """;

    private static TempDirectory Workspace(string suite, string profile)
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("suite.yaml"), suite);
        File.WriteAllText(dir.File("profile.yaml"), profile);
        File.WriteAllText(dir.File("pricing.yaml"), Prices);
        return dir;
    }

    [Test]
    public async Task Run_LegacyBaseline_ReportsDeadlineAndMonthlyDeltaWithInterval()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("out/summary.json")));
        var baseline = summary.RootElement.GetProperty("lifecycle").GetProperty("baseline");
        var checkedAt = baseline.GetProperty("checkedAt").GetDateTimeOffset();
        var cost = summary.RootElement.GetProperty("cost");
        var delta = cost.GetProperty("monthlyDeltaUsd");
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(baseline.GetProperty("stage").GetString(), Is.EqualTo("LEGACY"));
            Assert.That(baseline.GetProperty("daysLeft").GetInt32(), Is.EqualTo((int)Math.Floor((EndOfLife - checkedAt).TotalDays)));
            Assert.That(baseline.GetProperty("publicExtendedAccessTime").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2098, 12, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(summary.RootElement.GetProperty("lifecycle").GetProperty("candidate").GetProperty("stage").GetString(), Is.EqualTo("ACTIVE"));

            // Same prices, about 50% more output tokens: the candidate costs more, and the interval says how sure that is.
            Assert.That(delta.GetProperty("value").GetDouble(), Is.GreaterThan(0));
            Assert.That(delta.GetProperty("interval").GetProperty("lower").GetDouble(), Is.LessThanOrEqualTo(delta.GetProperty("value").GetDouble()));
            Assert.That(delta.GetProperty("interval").GetProperty("upper").GetDouble(), Is.GreaterThanOrEqualTo(delta.GetProperty("value").GetDouble()));
            Assert.That(cost.GetProperty("extendedAccessFrom").GetDateTimeOffset().Year, Is.EqualTo(2098));
            Assert.That(cost.GetProperty("baselineExtendedAccessMonthlyUsd").GetProperty("value").GetDouble(),
                Is.EqualTo(2 * cost.GetProperty("baseline").GetProperty("monthlyUsd").GetProperty("value").GetDouble()).Within(1e-6));
            Assert.That(cost.GetProperty("runSpendUsd").GetDouble(), Is.GreaterThan(0));

            Assert.That(html, Does.Contain("baseline deadline").And.Contain("days left until end of life on 2099-03-01"));
            Assert.That(html, Does.Contain("Monthly cost").And.Contain("per month (+"));
            Assert.That(cli.Out, Does.Contain("This run cost $").And.Contain("Baseline deadline:"));
        });
    }

    [Test]
    public async Task Run_Journal_HoldsLifecycleAndPricesSoTheReportNeedsNoNetwork()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);
        await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");
        var first = File.ReadAllText(dir.File("out/summary.json"));
        File.Delete(dir.File("pricing.yaml"));

        var header = JournalReader.Read(dir.File("out/results.jsonl")).Header;
        var code = await cli.RunAsync("report", "out");

        Assert.That(header.BaselineLifecycle!.BedrockStatus, Is.EqualTo("LEGACY"));
        Assert.That(header.Pricing!.Find(Candidate), Is.Not.Null);
        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        Assert.That(File.ReadAllText(dir.File("out/summary.json")), Is.EqualTo(first));
    }

    [Test]
    public async Task Run_LegacyCandidate_WarnsThatTheMigrationLandsOnADeprecatedModel()
    {
        using var dir = Workspace(Suite(), Profile(candidateLifecycle: "LEGACY"));
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), "a warning gate does not block");
        Assert.That(cli.Out, Does.Contain("GO WITH WARNINGS").And.Contain("deprecated model"));
    }

    [Test]
    public async Task Run_DryRun_PrintsPlanAndEstimateAndCallsNothing()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--dry-run");

        // 4 cases × 6 samples = 24 calls per arm; output at most 24 × 100 = 2400 tokens per arm.
        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        Assert.That(cli.Out, Does.Contain("24").And.Contain("2400").And.Contain("Estimated cost: at most $"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False, "nothing was started");
    }

    [Test]
    public async Task Run_DryRunUntilDecided_PrintsRoundOneAndTheWorstCaseAtTheCaps()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--dry-run", "--until-decided", "--max-samples", "30");

        // Round 1: 4 cases × 6 samples = 24 calls per arm; at the cap 4 × 30 × 2 arms = 240 calls.
        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        Assert.That(cli.Out, Does.Contain("Estimated cost: at most $").And.Contain("for 48 calls"));
        Assert.That(cli.Out, Does.Contain("Until decided: the table is round 1 (6 samples per case)")
            .And.Contain("up to the max_samples cap of 30 per case: at most 240 calls, at most $"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False, "nothing was started");
    }

    [Test]
    public async Task Run_MaxCostBelowTheEstimate_RefusesWithExitTwo()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--max-cost", "0.001");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("Not started").And.Contain("--max-cost $0.001"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [Test]
    public async Task Run_MaxCostAboveTheEstimate_Runs()
    {
        using var dir = Workspace(Suite(), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--max-cost", "5");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        Assert.That(File.Exists(dir.File("out/summary.json")), Is.True);
    }

    [Test]
    public async Task Run_UnpinnedJudgeModelId_WarnsLikeAnArm()
    {
        using var dir = Workspace(Suite() + "\njudge: { model: acme.judge-model }\n", Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--dry-run");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        Assert.That(cli.Error.Split('\n').Count(l => l.StartsWith("warning: judge 'acme.judge-model' is an unpinned alias", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task Run_UnpinnedModelId_WarnsOnceWithWhy()
    {
        var profile = Profile().Replace(Candidate, "acme.new-model", StringComparison.Ordinal);
        using var dir = Workspace(Suite(candidate: "acme.new-model"), profile);
        var cli = new CliHarness(dir.Path);

        await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--dry-run");

        Assert.That(cli.Error.Split('\n').Count(l => l.StartsWith("warning: candidate 'acme.new-model' is an unpinned alias", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(cli.Error, Does.Not.Contain("warning: baseline"));
    }

    [Test]
    public async Task Help_ListsDryRunMaxCostAndTheLifecycleExitCodes()
    {
        var cli = new CliHarness(Path.GetTempPath());

        await cli.RunAsync("run", "--help");
        var run = cli.Out;
        await cli.RunAsync("lifecycle", "--help");

        Assert.That(run, Does.Contain("--dry-run").And.Contain("--max-cost"));
        Assert.That(cli.Out, Does.Contain("--fail-on").And.Contain("1 a model is at or past the --fail-on stage").And.Contain("--eventbridge-rule"));
    }
}
