using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Run;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run --until-decided --max-samples N` and `bmh merge` of an adaptive run, as a person at the terminal sees them.</summary>
[TestFixture]
public sealed class RunAdaptiveFlagsTests
{
    [Test]
    public async Task Help_ListsTheAdaptiveFlags()
    {
        var cli = new CliHarness(Path.GetTempPath());

        var code = await cli.RunAsync("run", "--help");

        Assert.That(code, Is.Zero);
        Assert.That(cli.Out, Does.Contain("--until-decided").And.Contain("--max-samples <N>").And.Contain("Sample until decided")
            .And.Contain("the cap on the whole run's spend"));
    }

    [Test]
    public async Task Run_MaxSamplesWithoutUntilDecided_ExitsTwoBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        MigrationRunBuilderTests.WriteSuite(dir);
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--max-samples", "50");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("command line (--max-samples): caps the samples per case of an adaptive run: add --until-decided"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [Test]
    public async Task Run_UntilDecidedWithShard_ExitsTwoBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        MigrationRunBuilderTests.WriteSuite(dir);
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--until-decided", "--shard", "1/2");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("command line (--shard): an adaptive run (--until-decided, or the suite's adaptive:) cannot be sharded"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [Test]
    public async Task Merge_AdaptiveRun_ExitsTwoSayingThereIsNothingToMerge()
    {
        using var dir = new TempDirectory();
        var suite = SuiteFactory.Create() with { Adaptive = AdaptiveSettings.Default };
        Directory.CreateDirectory(dir.File("run"));
        var time = new FakeTimeProvider();
        var header = new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), time.GetUtcNow(), "suite.yaml", suite);
        await JournalWriter.Create(dir.File("run/" + JournalWriter.FileName), header, time).DisposeAsync();
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("merge", "run", "--out", "merged");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("run: an adaptive run (--until-decided, or the suite's adaptive:), which is never sharded").And.Contain("`bmh report run`"));
        Assert.That(File.Exists(dir.File("merged/" + JournalWriter.FileName)), Is.False);
    }
}
