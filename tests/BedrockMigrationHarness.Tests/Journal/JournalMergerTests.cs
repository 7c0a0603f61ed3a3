using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Journal;

/// <summary>The rules `bmh merge` applies; the CLI tests (ShardMergeTests) cover the rest end to end.</summary>
[TestFixture]
public sealed class JournalMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static ShardJournal Shard(string name, int index, int count, JournalEnd? end, params string[] caseIds)
    {
        var suite = SuiteFactory.Create();
        var header = new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), T0.AddMinutes(index), "suite.yaml", suite, new ShardSpec(index, count));
        var records = caseIds.Select(id => new AttemptRecord(id, Arm.Baseline, 0, 1, true, suite.BaselineModelId, T0, CallOutcome.Success,
            10, 10, null, 5, 5, "end_turn", "ok", 200, null, null)).ToArray();
        return new ShardJournal(name, new JournalContents(header, [.. records], end, 0, []));
    }

    private static JournalEnd Completed(int minutes) => new(T0.AddMinutes(minutes), RunStatus.Completed, null);

    [Test]
    public void Merge_CompleteShards_JoinsTheirRecordsUnderTheWholePlansHeader()
    {
        var merged = JournalMerger.Merge([Shard("b", 2, 2, Completed(9), "case-2"), Shard("a", 1, 2, Completed(7), "case-1", "case-3")]);

        Assert.That(merged.Records.Select(r => r.CaseId), Is.EqualTo(new[] { "case-1", "case-3", "case-2" }), "in shard order");
        Assert.That(merged.Header.Shard, Is.Null);
        Assert.That(merged.Header.StartedAt, Is.EqualTo(T0.AddMinutes(1)), "the earliest shard's start");
        Assert.That(merged.End, Is.EqualTo(Completed(9)), "the last shard's end");
    }

    [Test]
    public void Merge_OverlappingAttempts_AreRefusedNamingBothShards()
    {
        var ex = Assert.Throws<JournalMergeException>(() =>
            JournalMerger.Merge([Shard("a", 1, 2, Completed(1), "case-1"), Shard("b", 2, 2, Completed(1), "case-1")]));

        Assert.That(ex!.Problems, Is.EqualTo(new[] { "b: case `case-1` (Baseline, sample 0) is also in a; the shards overlap and cannot be merged." }));
    }

    [Test]
    public void Merge_AdaptiveRun_IsRefusedSayingItHoldsTheWholeRun()
    {
        var adaptive = Shard("a", 1, 1, Completed(1), "case-1");
        var suite = adaptive.Journal.Header.Suite with { Adaptive = AdaptiveSettings.Default };
        adaptive = adaptive with
        {
            Journal = adaptive.Journal with { Header = adaptive.Journal.Header with { Suite = suite, Fingerprint = SuiteFingerprint.Of(suite), Shard = null } },
        };

        var ex = Assert.Throws<JournalMergeException>(() => JournalMerger.Merge([adaptive]));

        Assert.That(ex!.Problems, Is.EqualTo(new[]
        {
            "a: an adaptive run (--until-decided, or the suite's adaptive:), which is never sharded (every look needs every case), "
            + "so it holds the whole run already and there is nothing to merge; its reports are rebuilt with `bmh report a`.",
        }));
    }

    [Test]
    public void Merge_AbortedAndKilledShards_EndAsTheWorst()
    {
        var merged = JournalMerger.Merge([
            Shard("a", 1, 3, new JournalEnd(T0, RunStatus.Aborted, "model gone"), "case-1"),
            Shard("b", 2, 3, null, "case-2"),
            Shard("c", 3, 3, Completed(1), "case-3"),
        ]);

        Assert.That(merged.End.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(merged.End.Message, Does.StartWith("shard 1/3 (a) aborted: model gone; shard 2/3 (b) interrupted: it has no end line"));
    }
}
