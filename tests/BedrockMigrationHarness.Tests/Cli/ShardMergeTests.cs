using System.Text.Json.Nodes;
using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run --shard i/n` and `bmh merge`: shards joined are the unsharded run; shards that do not belong together are refused.</summary>
[TestFixture]
[NonParallelizable] // sets AWS_* environment variables for the in-process runs
public sealed class ShardMergeTests
{
    private static readonly DateTimeOffset FixedTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static string Suite() => EmulatedWorkspace.Suite(cases: 8, samples: 4, concurrency: 1, extra: EmulatedWorkspace.OpenLatencyGates);

    private static string Profile() => EmulatedWorkspace.Profile(seed: 11);

    [Test]
    public async Task Run_Shard_ItsReportsDescribeTheShardNotTheWholeSuite()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(Suite(), Profile());

        Assert.That(await workspace.RunAsync("--out", "s1", "--shard", "1/2"), Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);

        var shardCases = workspace.Journal("s1").Records.Select(r => r.CaseId).Distinct().Count();
        Assert.That(shardCases, Is.InRange(1, 7), "the hash splits the 8 cases");
        var size = $"{shardCases} case{(shardCases == 1 ? "" : "s")} (shard 1/2 of 8 cases) × 4 samples × 2 arms = {shardCases * 4 * 2} attempts";
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(workspace.Directory.File("s1/summary.json")));
        var run = summary.RootElement.GetProperty("run");
        var junit = await File.ReadAllTextAsync(workspace.Directory.File("s1/junit.xml"));
        var markdown = await File.ReadAllTextAsync(workspace.Directory.File("s1/summary.md"));
        var html = await File.ReadAllTextAsync(workspace.Directory.File("s1/report.html"));
        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.Contain(size));
            Assert.That(html, Does.Contain(size.Replace("×", "&#215;", StringComparison.Ordinal)));
            Assert.That(run.GetProperty("caseCount").GetInt32(), Is.EqualTo(shardCases));
            Assert.That(run.GetProperty("shard").GetRawText(), Is.EqualTo("{\"index\":1,\"count\":2,\"suiteCaseCount\":8}").Or.Contains("\"suiteCaseCount\": 8"));
            Assert.That(summary.RootElement.GetProperty("cases").GetArrayLength(), Is.EqualTo(shardCases));
            Assert.That(summary.RootElement.GetProperty("arms")[0].GetProperty("planned").GetInt32(), Is.EqualTo(shardCases * 4));
            Assert.That(junit, Does.Contain($"name=\"shard\" value=\"{size}\""));
        });
    }

    [Test]
    public async Task Merge_TwoShards_GiveTheSameAnalysisAsTheUnshardedRun()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(Suite(), Profile());
        Assert.That(await workspace.RunAsync("--out", "whole"), Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);

        // A fresh emulator with the same seed: the shards' calls meet the answers the unsharded run met.
        await workspace.RestartEmulatorAsync(Profile());
        Assert.That(await workspace.RunAsync("--out", "s1", "--shard", "1/2"), Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Out, Does.Contain("(shard 1/2 of 8 cases)"));
        Assert.That(await workspace.RunAsync("--out", "s2", "--shard", "2/2"), Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);
        var code = await workspace.Cli.RunAsync("merge", "s1", "s2", "--out", "merged");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);
        var s1 = workspace.Journal("s1");
        var s2 = workspace.Journal("s2");
        Assert.That(s1.Header.Shard, Is.EqualTo(new ShardSpec(1, 2)));
        Assert.That(s2.Header.Shard, Is.EqualTo(new ShardSpec(2, 2)));
        var cases1 = s1.Records.Select(r => r.CaseId).ToHashSet();
        var cases2 = s2.Records.Select(r => r.CaseId).ToHashSet();
        Assert.That(cases1, Is.Not.Empty.And.No.AnyOf(cases2.ToArray()), "each case, with all its samples and arms, runs in one shard");
        Assert.That(cases2, Is.Not.Empty);
        Assert.That(s1.Records.Length + s2.Records.Length, Is.EqualTo(8 * 4 * 2));

        var whole = workspace.Journal("whole");
        var merged = workspace.Journal("merged");
        Assert.That(merged.Header.Shard, Is.Null);
        Assert.That(merged.Header.Fingerprint, Is.EqualTo(whole.Header.Fingerprint));
        Assert.That(Measured(merged.Records), Is.EquivalentTo(Measured(whole.Records)), "the same answers for the same attempts");

        // Client-measured latency differs between any two runs; with timings fixed, the analyses must be identical.
        FixTimings("whole");
        FixTimings("merged");
        Assert.That(await workspace.Cli.RunAsync("report", "whole"), Is.EqualTo(ExitCodes.Go));
        Assert.That(await workspace.Cli.RunAsync("report", "merged"), Is.EqualTo(ExitCodes.Go));
        Assert.That(await File.ReadAllTextAsync(workspace.Directory.File("merged/summary.json")),
            Is.EqualTo(await File.ReadAllTextAsync(workspace.Directory.File("whole/summary.json"))));

        void FixTimings(string run)
        {
            var path = workspace.Directory.File(Path.Combine(run, JournalWriter.FileName));
            var lines = File.ReadAllLines(path).Select(line =>
            {
                var node = JsonNode.Parse(line)!.AsObject();
                if (node["header"] is JsonObject header)
                {
                    header["startedAt"] = FixedTime;
                    foreach (var arm in new[] { "baselineLifecycle", "candidateLifecycle" })
                    {
                        if (header[arm] is JsonObject lifecycle)
                        {
                            lifecycle["checkedAt"] = FixedTime;
                        }
                    }

                    // The header is checksummed against edits: this deliberate one signs itself again.
                    header["checksum"] = HeaderChecksum.Of(header.Deserialize(JournalJsonContext.Journal.HeaderDto)!);
                }
                else if (node["attempt"] is JsonObject attempt)
                {
                    attempt["startedAt"] = FixedTime;
                    attempt["clientLatencyMs"] = attempt["serverLatencyMs"]?.GetValue<long>() ?? 0;
                }
                else if (node["end"] is JsonObject end)
                {
                    end["endedAt"] = FixedTime;
                }

                return node.ToJsonString(JsonDefaults.Compact);
            });
            File.WriteAllText(path, string.Join('\n', lines) + "\n");
        }
    }

    [Test]
    public async Task Merge_ShardsThatDoNotBelongTogether_ExitsTwoNamingEachProblem()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(Suite(), Profile());
        await workspace.RunAsync("--out", "s1", "--shard", "1/2");
        await workspace.RunAsync("--out", "other", "--shard", "2/2", "--samples", "2");
        await workspace.RunAsync("--out", "third", "--shard", "3/3");
        await workspace.RunAsync("--out", "whole");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "other", "--out", "m1"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("other: a different suite or plan than s1"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "s1", "--out", "m2"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("s1: shard 1/2 is given twice (also s1)"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "--out", "m3"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("shard 2/2 is missing"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "whole", "--out", "m4"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("whole: not a shard"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "third", "--out", "m5"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("third: shard 3/3 does not belong with s1 (shard 1/2)"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "nowhere", "--out", "m6"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("no journal here"));

            Assert.That(await workspace.Cli.RunAsync("merge", "s1", "--out", "s1"), Is.EqualTo(ExitCodes.BadInput));
            Assert.That(workspace.Cli.Error, Does.Contain("s1 already holds a run"));
        }

        Assert.That(Directory.GetDirectories(workspace.Directory.Path).Select(Path.GetFileName), Has.None.StartsWith("m"), "nothing merged");
    }

    [Test]
    public async Task Merge_AShardThatWasKilled_MergesAsAnInterruptedRun()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(Suite(), Profile());
        await workspace.RunAsync("--out", "s1", "--shard", "1/2");
        await workspace.RunAsync("--out", "s2", "--shard", "2/2");
        var journal = workspace.Directory.File("s2/" + JournalWriter.FileName);
        await File.WriteAllLinesAsync(journal, (await File.ReadAllLinesAsync(journal)).Where(l => !l.StartsWith("{\"end\"", StringComparison.Ordinal)));

        var code = await workspace.Cli.RunAsync("merge", "s1", "s2", "--out", "merged");

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete));
        Assert.That(workspace.Cli.Error, Does.Contain("shard 2/2 (s2) interrupted").And.Contain("--resume s2 --shard 2/2"));
        Assert.That(workspace.Journal("merged").End?.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(File.Exists(workspace.Directory.File("merged/report.html")), Is.True);
    }

    [Test]
    public async Task Resume_OtherShardThanTheJournals_ExitsTwoAndSendsNothing()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 4, samples: 1), Profile());
        await workspace.RunAsync("--out", "s1", "--shard", "1/2");
        var sent = workspace.Emulator.RequestCount;

        var code = await workspace.RunAsync("--resume", "s1");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(workspace.Cli.Error, Does.Contain("this journal holds shard 1/2, not the whole plan. Resume it with --shard 1/2."));
        Assert.That(workspace.Emulator.RequestCount, Is.EqualTo(sent));
    }

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1/0")]
    [TestCase("half")]
    [TestCase("1/2/3")]
    public async Task Run_BadShard_ExitsTwoBeforeAnyCall(string shard)
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 2, samples: 1), Profile());

        var code = await workspace.RunAsync("--out", "out", "--shard", shard);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(workspace.Cli.Error, Does.Contain($"command line (--shard): must be i/n with 1 ≤ i ≤ n ≤ 1000, e.g. --shard 2/4 for the second of four parallel jobs (found `{shard}`)."));
        Assert.That(workspace.Emulator.RequestCount, Is.Zero);
    }

    [Test]
    public async Task Help_NamesMergeAndShard()
    {
        var cli = new CliHarness(Path.GetTempPath());

        Assert.That(await cli.RunAsync("--help"), Is.Zero);
        Assert.That(cli.Out, Does.Contain("merge <DIR>"));
        Assert.That(await cli.RunAsync("run", "--help"), Is.Zero);
        Assert.That(cli.Out, Does.Contain("--shard").And.Contain("bmh merge"));
        Assert.That(await cli.RunAsync("merge", "--help"), Is.Zero);
        Assert.That(cli.Out, Does.Contain("--out <DIR>").And.Contain("Exit codes as for `run`"));
    }

    [Test]
    public async Task Merge_OutputDirectoryCannotBeWritten_ExitsThreeWithTheCause()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 2, samples: 1), Profile());
        await workspace.RunAsync("--out", "s1", "--shard", "1/2");
        await workspace.RunAsync("--out", "s2", "--shard", "2/2");
        await File.WriteAllTextAsync(workspace.Directory.File("blocked"), "a file where the output's parent should be");

        var code = await workspace.Cli.RunAsync("merge", "s1", "s2", "--out", "blocked/merged");

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Error, Does.StartWith("blocked/merged/results.jsonl: the merged journal could not be written:").And.Not.Contain("   at "));
    }

    [Test]
    public async Task Merge_WithoutOut_ExitsTwo()
    {
        var cli = new CliHarness(Path.GetTempPath());

        Assert.That(await cli.RunAsync("merge", "a", "b"), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("--out"));
    }

    private static IEnumerable<(AttemptKey Key, int Try, CallOutcome Outcome, string? Text, int? InputTokens, int? OutputTokens)> Measured(IEnumerable<AttemptRecord> records) =>
        records.Select(r => (new AttemptKey(r.CaseId, r.Arm, r.Sample), r.Try, r.Outcome, r.Text, r.InputTokens, r.OutputTokens));
}
