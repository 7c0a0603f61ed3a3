using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

[TestFixture]
public sealed class MigrationRunBuilderTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    internal static string WriteSuite(TempDirectory dir, int cases = 2, int samples = 2, string extra = "")
    {
        var yaml = "name: engine\nbaseline: \"acme.base-v1:0\"\ncandidate: \"acme.next-v2:0\"\n" +
                   $"samples: {samples}\nconcurrency: 2\n{extra}cases:\n" +
                   string.Concat(Enumerable.Range(1, cases).Select(i => $"  - id: c{i}\n    prompt: \"Say {i}.\"\n"));
        var path = dir.File("suite.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Test]
    public void Build_EveryBadFlag_ReportsThemAllAtOnce()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(WriteSuite(dir), dir.Path, OutputDirectory: dir.File("suite.yaml"),
            Samples: 0, Concurrency: 5000, Shard: "3/2", MaxCost: -1, UseEmulator: true, Endpoint: new Uri("http://127.0.0.1:1"), RetryErrors: true);

        var ex = Assert.Throws<SuiteValidationException>(() => new MigrationRunBuilder(Time).Build(options))!;

        Assert.That(ex.Problems.Select(p => p.Field), Is.EquivalentTo(new[] { "--samples", "--concurrency", "--emulator", "--max-cost", "--retry-errors", "--shard", "--out" }));
        Assert.That(ex.Message, Does.Contain("command line (--out): suite.yaml is a file; --out takes a run directory."));
    }

    [Test]
    public void Build_SamplesTwoBillion_IsRefusedNamingTheAllowedRange()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(WriteSuite(dir), dir.Path, Samples: 2_000_000_000, DryRun: true);

        var ex = Assert.Throws<SuiteValidationException>(() => new MigrationRunBuilder(Time).Build(options))!;

        Assert.That(ex.Message, Does.Contain("command line (--samples): must be a whole number from 1 to 10000"));
    }

    [Test]
    public void Build_SuitePlanAboveTheLimit_IsRefusedWithItsSizeAndWhatToDo()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(WriteSuite(dir, cases: 600, samples: 10_000), dir.Path, DryRun: true);

        var ex = Assert.Throws<SuiteValidationException>(() => new MigrationRunBuilder(Time).Build(options))!;

        Assert.That(ex.Message, Does.Contain("the plan would be 12000000 calls (600 cases × 10000 samples × 2 arms); at most 10000000"));
    }

    [Test]
    public void CheckPlan_JudgeCallsOverTheLimit_CountsThemAndSaysSo()
    {
        // 500 cases × 10,000 samples × 2 arms = 10,000,000 model calls, the limit; the judge adds 2 per pair of its cases.
        var suite = SuiteFactory.Create(cases: 500, samples: 10_000) with
        {
            Judge = new JudgeSettings("judge.model-v1:0", JudgeMode.Pairwise, JudgeSettings.DefaultRubric, ["case-1"], JudgeSettings.DefaultInference),
        };
        var problems = ImmutableArray.CreateBuilder<SuiteProblem>();

        MigrationRunBuilder.CheckPlan(suite, new MigrationRunOptions("/s/suite.yaml", "/s"), problems);

        Assert.That(problems.Single().Message, Does.StartWith(
            "the plan would be 10020000 calls (500 cases × 10000 samples × 2 arms, plus 20000 judge calls); at most 10000000 are allowed in one run."));
    }

    [Test]
    public void Estimate_LargestAllowedDryRun_IsComputedPerCaseNotPerCall()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(WriteSuite(dir, cases: 500, samples: 10_000), dir.Path, DryRun: true);

        var estimate = new MigrationRunBuilder(Time).Build(options).Estimate();

        // "Say 1." is 6 characters: ⌈6 / 4⌉ = 2 tokens a call.
        Assert.That(estimate.Arms.Select(a => a.Calls), Is.EqualTo(new long[] { 5_000_000, 5_000_000 }));
        Assert.That(estimate.Arms[0].InputTokens, Is.EqualTo(10_000_000));
        Assert.That(Directory.Exists(dir.File("reports")), Is.False, "a dry run creates nothing");
    }

    [Test]
    public void Build_OutputDirectoryHoldingARun_IsRefusedWithResumeHint()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));
        File.WriteAllText(dir.File("out/results.jsonl"), "{}\n");
        var options = new MigrationRunOptions(WriteSuite(dir), dir.Path, OutputDirectory: dir.File("out"));

        var ex = Assert.Throws<RunSetupException>(() => new MigrationRunBuilder(Time).Build(options))!;

        Assert.That(ex.Message, Is.EqualTo("out already holds a run. Continue it with --resume out, or choose another --out."));
    }
}
