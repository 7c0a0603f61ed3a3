using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

/// <summary>
/// <c>--until-decided</c>, <c>--max-samples</c> and <c>--max-cost</c> over the suite's <c>adaptive:</c>: what the builder
/// freezes into the run's suite, what it refuses before any call, and what a resumed adaptive run takes from its journal.
/// </summary>
[TestFixture]
public sealed class MigrationRunBuilderAdaptiveTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    /// <summary>Both arms priced at $1 per million tokens in and out.</summary>
    private const string Priced = "pricing: prices.yaml\n";

    private static string WriteSuite(TempDirectory dir, string extra = "", int samples = 2, int cases = 2)
    {
        File.WriteAllText(dir.File("prices.yaml"), "models:\n" +
            "  \"acme.base-v1:0\": { input_per_million: 1, output_per_million: 1, as_of: 2026-01-01, source: test }\n" +
            "  \"acme.next-v2:0\": { input_per_million: 1, output_per_million: 1, as_of: 2026-01-01, source: test }\n");
        return MigrationRunBuilderTests.WriteSuite(dir, cases, samples, extra);
    }

    private static MigrationRun Build(MigrationRunOptions options) => new MigrationRunBuilder(Time).Build(options);

    private static SuiteValidationException Refused(MigrationRunOptions options) =>
        Assert.Throws<SuiteValidationException>(() => Build(options))!;

    /// <summary>A journal in <c>out/</c> written by <paramref name="run"/>'s suite, as a run that stopped after its header would leave it.</summary>
    private static async Task WriteJournalOf(MigrationRun run, TempDirectory dir)
    {
        Directory.CreateDirectory(dir.File("out"));
        var header = new JournalHeader(JournalReader.FormatVersionFor(run.Suite), SuiteFingerprint.Of(run.Suite), Time.GetUtcNow(), "suite.yaml", run.Suite);
        await JournalWriter.Create(dir.File("out/" + JournalWriter.FileName), header, Time).DisposeAsync();
    }

    [Test]
    public void Build_UntilDecidedOnASuiteWithoutAdaptive_TakesEveryDefault()
    {
        using var dir = new TempDirectory();

        var run = Build(new MigrationRunOptions(WriteSuite(dir), dir.Path, DryRun: true, UntilDecided: true));

        Assert.That(run.Suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default));
        Assert.That(run.Suite.Samples, Is.EqualTo(2), "the first round is the suite's samples");
    }

    [Test]
    public void Build_NoAdaptiveFlagNorKey_IsAFixedSizeRun()
    {
        using var dir = new TempDirectory();

        var run = Build(new MigrationRunOptions(WriteSuite(dir), dir.Path, DryRun: true, MaxCost: 100));

        Assert.That(run.Suite.Adaptive, Is.Null);
    }

    [Test]
    public void Build_SuiteAdaptiveWithoutTheFlag_IsAdaptive()
    {
        using var dir = new TempDirectory();

        var run = Build(new MigrationRunOptions(WriteSuite(dir, "adaptive: { max_samples: 40, spending: obrien_fleming }\n"), dir.Path, DryRun: true));

        Assert.That(run.Suite.Adaptive, Is.EqualTo(new AdaptiveSettings(40, null, AdaptiveSettings.DefaultPassConfidence, SpendingFunction.OBrienFleming)));
    }

    [Test]
    public void Build_MaxSamplesAndMaxCostFlags_OverrideTheSuitesBlock()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir, Priced + "adaptive: { max_samples: 40, max_cost: 9, pass_confidence: 0.8 }\n");

        var run = Build(new MigrationRunOptions(suite, dir.Path, DryRun: true, MaxSamples: 25, MaxCost: 3));

        Assert.That(run.Suite.Adaptive, Is.EqualTo(new AdaptiveSettings(25, 3, 0.8, SpendingFunction.Pocock)));
    }

    [Test]
    public void Build_MaxSamplesWithoutAdaptive_IsRefusedSayingWhatItNeeds()
    {
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir), dir.Path, DryRun: true, MaxSamples: 50));

        Assert.That(ex.Problems.Select(p => (p.File, p.Field)), Is.EqualTo(new[] { ("command line", (string?)"--max-samples") }));
        Assert.That(ex.Message, Does.Contain("command line (--max-samples): caps the samples per case of an adaptive run: add --until-decided (or an adaptive: block to the suite), or use --samples N for a fixed-size run."));
    }

    [TestCase(0)]
    [TestCase(10_001)]
    public void Build_MaxSamplesOutOfRange_IsRefusedNamingTheRange(int maxSamples)
    {
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir), dir.Path, DryRun: true, UntilDecided: true, MaxSamples: maxSamples));

        Assert.That(ex.Message, Does.Contain($"command line (--max-samples): must be a whole number from 1 to 10000, e.g. --max-samples 100 (found {maxSamples})."));
    }

    [Test]
    public void Build_MaxSamplesBelowTheFirstRound_IsRefused()
    {
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir, samples: 10), dir.Path, DryRun: true, UntilDecided: true, MaxSamples: 8));

        Assert.That(ex.Problems.Single().Field, Is.EqualTo("--max-samples"));
        Assert.That(ex.Message, Does.Contain("the first round's 10 samples per case are above max_samples 8, the most an adaptive run reaches (it only adds samples); raise --max-samples or lower --samples."));
    }

    [Test]
    public void Build_SamplesFlagAboveTheSuitesCap_IsRefusedNamingSamples()
    {
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir, "adaptive: { max_samples: 20 }\n"), dir.Path, DryRun: true, Samples: 30));

        Assert.That(ex.Problems.Select(p => p.Field), Is.EqualTo(new[] { "--samples" }));
    }

    [Test]
    public void Build_UntilDecidedOnASuiteOfMoreSamplesThanTheDefaultCap_IsRefusedNamingTheFlag()
    {
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir, samples: 150), dir.Path, DryRun: true, UntilDecided: true));

        Assert.That(ex.Problems.Select(p => p.Field), Is.EqualTo(new[] { "--until-decided" }));
        Assert.That(ex.Message, Does.Contain("the first round's 150 samples per case are above max_samples 100"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Build_AdaptiveWithShard_IsRefused(bool flag)
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir, flag ? "" : "adaptive: true\n");

        var ex = Refused(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), Shard: "1/2", UntilDecided: flag));

        Assert.That(ex.Problems.Select(p => p.Field), Is.EqualTo(new[] { "--shard" }));
        Assert.That(ex.Message, Does.Contain("an adaptive run (--until-decided, or the suite's adaptive:) cannot be sharded: every look needs the answers of every case."));
    }

    [Test]
    public void Build_AdaptivePlanAtItsCapAboveTheLimit_IsRefusedWithItsSize()
    {
        // 600 cases × 10 samples is a small first round, but the run may reach 10,000 samples per case.
        using var dir = new TempDirectory();

        var ex = Refused(new MigrationRunOptions(WriteSuite(dir, cases: 600, samples: 10), dir.Path, DryRun: true, UntilDecided: true, MaxSamples: 10_000));

        Assert.That(ex.Problems.Single().Field, Is.EqualTo("--max-samples"));
        Assert.That(ex.Message, Does.Contain("the plan would be up to 12000000 calls (600 cases × 10000 samples × 2 arms); at most 10000000 are allowed in one run. Lower max_samples."));
    }

    [Test]
    public void Build_SuitesCostCapWithoutPrices_IsRefusedNamingTheModels()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<RunSetupException>(() =>
            Build(new MigrationRunOptions(WriteSuite(dir, "adaptive: { max_cost: 5 }\n"), dir.Path, OutputDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.StartWith("the suite's adaptive.max_cost cannot be checked: no price table")
            .And.EndWith("An adaptive run's cost cap needs a price for every model it calls (baseline, candidate, judge)."));
    }

    [Test]
    public void Build_CostCapFlagWithAJudgeWithoutPrice_IsRefusedNamingTheJudge()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir, Priced + "judge: { model: acme.judge-v1:0 }\n");

        var ex = Assert.Throws<RunSetupException>(() =>
            Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true, MaxCost: 5)))!;

        Assert.That(ex.Message, Does.StartWith("--max-cost cannot be checked: ").And.Contains("prices.yaml has no price for acme.judge-v1:0."));
    }

    [Test]
    public void Build_SuitesCostCapBelowTheFirstRound_IsRefusedWithTheEstimate()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<RunSetupException>(() =>
            Build(new MigrationRunOptions(WriteSuite(dir, Priced + "adaptive: { max_cost: 0.0001 }\n"), dir.Path, OutputDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.StartWith("Not started: the estimated cost of the first round is at most $")
            .And.Contains("for 8 calls, above the suite's adaptive.max_cost $0.0001; lower --samples or raise max_cost."));
    }

    [Test]
    public async Task Build_ResumeOfAnAdaptiveRunWithoutFlags_TakesTheJournalsSettings()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true, MaxSamples: 30)), dir);

        var resumed = Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out")));

        Assert.That(resumed.Suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default with { MaxSamples = 30 }));
    }

    [Test]
    public async Task Build_ResumeOfAnAdaptiveRunWithUntilDecidedAlone_TakesTheJournalsCaps()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir, Priced);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true, MaxSamples: 30, MaxCost: 50)), dir);

        var resumed = Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"), UntilDecided: true));

        Assert.That(resumed.Suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default with { MaxSamples = 30, MaxCostUsd = 50 }));
    }

    [Test]
    public async Task Build_ResumeWithASuiteBlockOtherThanTheJournals_IsRefused()
    {
        using var dir = new TempDirectory();
        await WriteJournalOf(Build(new MigrationRunOptions(WriteSuite(dir, "adaptive: { max_samples: 30 }\n"), dir.Path, OutputDirectory: dir.File("out"))), dir);
        var edited = WriteSuite(dir, "adaptive: { max_samples: 60 }\n");

        var ex = Assert.Throws<RunSetupException>(() => Build(new MigrationRunOptions(edited, dir.Path, ResumeDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.StartWith("out/results.jsonl: this journal was written by an adaptive run (max_samples 30,")
            .And.Contains("not an adaptive run (max_samples 60,"));
    }

    [Test]
    public async Task Build_ResumeOfAnAdaptiveRunWithTheSameFlags_IsAccepted()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir, Priced);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true, MaxSamples: 30, MaxCost: 50)), dir);

        var resumed = Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"), UntilDecided: true, MaxSamples: 30, MaxCost: 50));

        Assert.That(resumed.Suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default with { MaxSamples = 30, MaxCostUsd = 50 }));
    }

    [Test]
    public async Task Build_ResumeOfAnAdaptiveRunWithAnotherCap_IsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"), UntilDecided: true, MaxSamples: 30)), dir);

        var ex = Assert.Throws<RunSetupException>(() => Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"), MaxSamples: 50)))!;

        Assert.That(ex.Message, Is.EqualTo(
            "out/results.jsonl: this journal was written by an adaptive run (max_samples 30, no cost cap, pass_confidence 0.9, spending pocock), " +
            "not an adaptive run (max_samples 50, no cost cap, pass_confidence 0.9, spending pocock). Resume with the settings it started with " +
            "(the suite's adaptive:, --max-samples and --max-cost as they were; left out, an adaptive journal's own are taken), " +
            "or start a new run with another --out."));
    }

    [Test]
    public async Task Build_ResumeOfAFixedSizeRunWithUntilDecided_IsRefused()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), dir);

        var ex = Assert.Throws<RunSetupException>(() => Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"), UntilDecided: true)))!;

        Assert.That(ex.Message, Does.StartWith("out/results.jsonl: this journal was written by a fixed-size run, not an adaptive run (max_samples 100,"));
    }

    [Test]
    public async Task Build_ResumeOfAFixedSizeRunWithoutFlags_StaysFixedSize()
    {
        using var dir = new TempDirectory();
        var suite = WriteSuite(dir);
        await WriteJournalOf(Build(new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), dir);

        var resumed = Build(new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out")));

        Assert.That(resumed.Suite.Adaptive, Is.Null);
    }
}
