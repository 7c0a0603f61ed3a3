using System.Text.Json;
using System.Xml.Linq;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The support-tickets example with three candidates (<c>compare.yaml</c>) on the emulator, end to end: the plan, every
/// report, the exit code, a run killed with SIGKILL and resumed, and shards merged. Its profile plays a real trade-off:
/// Claude Sonnet 4.5 as the prompt is wraps its JSON in fences (NO-GO on format), the same model with the prompt fixed
/// passes every blocking gate but costs more (GO WITH WARNINGS), and Nova Micro is cheap but misclassifies (NO-GO on
/// correctness).
/// </summary>
[TestFixture]
public sealed class SeveralCandidatesExampleTests
{
    private const string SuitePath = "prompts/examples/support-tickets/compare.yaml";
    private const string Sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    private const string NovaMicro = "amazon.nova-micro-v1:0";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private static string Example(TempDirectory dir, bool instant = true)
    {
        var target = dir.File("prompts/examples/support-tickets");
        if (instant)
        {
            ExampleCopy.WithInstantLatency(SuitePath, target);
        }
        else
        {
            ExampleCopy.Copy(SuitePath, target);
        }

        File.Copy(Path.Combine(RepoPaths.Root, "prompts", "pricing.yaml"), dir.File("prompts/pricing.yaml"));
        return target;
    }

    private static HashSet<AttemptKey> Planned(JournalContents journal) => [.. RunPlan.Create(journal.Header.Suite).Attempts.Select(a => a.Key)];

    [Test]
    public async Task Run_ThreeCandidates_RanksThemInEveryReportAndExitsZeroForTheOneThatMayGo()
    {
        using var dir = new TempDirectory();
        var example = Example(dir);
        var run = dir.File("run");
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", Path.Combine(example, "compare.yaml"), "--emulator", Path.Combine(example, "profile.yaml"), "--out", run);

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        var journal = JournalReader.Read(Path.Combine(run, JournalWriter.FileName));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var comparison = summary.RootElement.GetProperty("comparison");
        var candidates = comparison.GetProperty("candidates").EnumerateArray()
            .Select(c => (Index: c.GetProperty("index").GetInt32(), Model: c.GetProperty("modelId").GetString(), Verdict: c.GetProperty("verdict").GetString(), Rank: c.GetProperty("rank").GetInt32()))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(journal.Header.FormatVersion, Is.EqualTo(4));
            Assert.That(journal.Records.Where(r => r.Final).Select(r => r.Key).ToHashSet().SetEquals(Planned(journal)), Is.True);
            Assert.That(journal.Records.Where(r => r.Final).Select(r => r.Key), Is.Unique);
            Assert.That(summary.RootElement.GetProperty("formatVersion").GetInt32(), Is.EqualTo(3));
            Assert.That(candidates, Is.EqualTo(new[]
            {
                (0, Sonnet45, "NO-GO", 3), (1, Sonnet45, "GO WITH WARNINGS", 1), (2, NovaMicro, "NO-GO", 2),
            }));
            Assert.That(comparison.GetProperty("exitCode").GetInt32(), Is.EqualTo(0));
            Assert.That(comparison.GetProperty("passing").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { Sonnet45 }));
            // The top level is the best-ranked candidate's summary, so a reader of format 2 still reads one comparison.
            Assert.That(summary.RootElement.GetProperty("verdict").GetProperty("verdict").GetString(), Is.EqualTo("GO WITH WARNINGS"));
            Assert.That(cli.Out, Does.Contain("1 of 3 candidates may go: " + Sonnet45 + " (GO WITH WARNINGS). Exit code 0."));
            Assert.That(cli.Out, Does.Match(@"│ 3 amazon\.nova-micro-v1:0\s+│ NO-GO\s+│ 100\.0% │"));
        }

        // Candidate 1 is the one-candidate example's candidate: its comparison is the same numbers as suite.yaml gives alone.
        var first = candidates.Single(c => c.Index == 0);
        Assert.That(first.Verdict, Is.EqualTo("NO-GO"));
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        var markdown = File.ReadAllText(Path.Combine(run, "summary.md"));
        var junit = XDocument.Load(Path.Combine(run, "junit.xml"));
        var csv = File.ReadAllText(Path.Combine(run, "attempts.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html.IndexOf("Candidates compared, best first", StringComparison.Ordinal), Is.LessThan(html.IndexOf("id=\"candidate-2\"", StringComparison.Ordinal)));
            Assert.That(html, Does.Contain("id=\"candidate-1\"").And.Contain("id=\"candidate-3\"").And.Contain("id=\"c3-gates\""));
            Assert.That(html, Does.Contain("favours the one that was lucky"));
            Assert.That(System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value), Is.Unique, "every id of the page once");
            Assert.That(markdown, Does.StartWith("## Bedrock migration: 3 candidates against anthropic.claude-3-5-sonnet-20241022-v2:0"));
            Assert.That(markdown, Does.Contain("### candidate 2: " + Sonnet45));
            Assert.That(junit.Root!.Elements("testsuite").Select(s => (string)s.Attribute("name")!), Has.Some.EqualTo($"candidate 3 ({NovaMicro}) gates"));
            Assert.That(junit.Root!.Elements("testsuite").Count(), Is.GreaterThanOrEqualTo(6));
            Assert.That(csv, Does.StartWith("candidate,caseId,arm,"));
            Assert.That(CsvRows(csv) - 1, Is.EqualTo(journal.Records.Length), "every record once, the baseline's not repeated per candidate");
        }

        // --require-all: every candidate must pass; two are NO-GO.
        var strict = new CliHarness(dir.Path);
        Assert.That(await strict.RunAsync("report", run, "--require-all"), Is.EqualTo(ExitCodes.NoGo), strict.Out + strict.Error);
        Assert.That(strict.Out, Does.Contain("1 of 3 candidates may go, and --require-all needs every one"));
    }

    [Test]
    public async Task Resume_ThreeCandidatesAfterKill9_JournalsEveryAttemptOfEveryArmOnce()
    {
        using var dir = new TempDirectory();
        var example = Example(dir, instant: false);
        var run = dir.File("run");
        var journalPath = Path.Combine(run, JournalWriter.FileName);
        string[] args = ["run", Path.Combine(example, "compare.yaml"), "--emulator", Path.Combine(example, "profile.yaml"), "--concurrency", "4"];

        using (var child = BmhProcess.Start(dir.Path, new Dictionary<string, string?>(), [.. args, "--out", run]))
        {
            await child.WaitUntilAsync(() => LiveJournal.Attempts(journalPath) >= 30 || child.HasExited, "30 journaled attempts", Bound);
            Assert.That(child.HasExited, Is.False, $"the run ended before it could be killed:\n{child.Out}\n{child.Error}");
            child.Kill();
        }

        var killed = JournalReader.Read(journalPath);
        Assert.That(killed.End, Is.Null, "SIGKILL leaves no end line");
        Assert.That(killed.Records.Select(r => (r.Arm, r.Candidate)).Distinct().Count(), Is.GreaterThanOrEqualTo(3), "the kill came after every arm had answers");
        var settledBefore = killed.SettledKeys(includeErrors: true).Count;

        // The rest at once: the emulator's profile is no part of the plan, so the resumed run may answer without latency.
        var fast = Path.Combine(example, "profile-fast.yaml");
        File.WriteAllText(fast, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(example, "profile.yaml")), @"latency: \{[^}]*\}", "latency: { fixed_ms: 1 }"));
        var cli = new CliHarness(dir.Path);
        var code = await cli.RunAsync([.. args[..3], fast, .. args[4..], "--resume", run]);

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        var resumed = JournalReader.Read(journalPath);
        var finals = resumed.EffectiveRecords().Where(r => r.Final).Select(r => r.Key).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settledBefore, Is.InRange(1, 399));
            Assert.That(finals, Is.Unique, "no attempt settled twice");
            Assert.That(finals.ToHashSet().SetEquals(Planned(resumed)), Is.True, "every attempt of the four arms settled");
            Assert.That(resumed.End?.Status, Is.EqualTo(RunStatus.Completed));
        }
    }

    [Test]
    public async Task ShardsThenMerge_ThreeCandidates_GiveTheWholeRunsComparison()
    {
        using var dir = new TempDirectory();
        var example = Example(dir);
        var cli = new CliHarness(dir.Path);
        foreach (var shard in new[] { "1/2", "2/2" })
        {
            var code = await cli.RunAsync("run", Path.Combine(example, "compare.yaml"), "--emulator", Path.Combine(example, "profile.yaml"),
                "--shard", shard, "--out", dir.File("shard-" + shard[0]));
            Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput).And.Not.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
        }

        var merge = new CliHarness(dir.Path);
        var merged = await merge.RunAsync("merge", dir.File("shard-1"), dir.File("shard-2"), "--out", dir.File("merged"));

        Assert.That(merged, Is.EqualTo(ExitCodes.Go), merge.Out + merge.Error);
        var journal = JournalReader.Read(dir.File("merged/" + JournalWriter.FileName));
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("merged/summary.json")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(journal.Records.Where(r => r.Final).Select(r => r.Key).ToHashSet().SetEquals(Planned(journal)), Is.True);
            Assert.That(journal.Records.Where(r => r.Final).Select(r => r.Key), Is.Unique);
            Assert.That(summary.RootElement.GetProperty("comparison").GetProperty("candidates").GetArrayLength(), Is.EqualTo(3));
            Assert.That(summary.RootElement.GetProperty("run").GetProperty("caseCount").GetInt32(), Is.EqualTo(20));
        }
    }

    /// <summary>Rows of an RFC 4180 file: line ends outside quoted fields (answers may hold line breaks).</summary>
    private static int CsvRows(string csv)
    {
        var (rows, quoted) = (0, false);
        foreach (var c in csv)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\n' && !quoted)
            {
                rows++;
            }
        }

        return rows;
    }
}
