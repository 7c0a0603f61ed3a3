using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// A batch run on the emulator killed with SIGKILL while it polls its jobs, then resumed (docs/batch.md, "Resume and
/// Ctrl+C"): the resumed run re-attaches to the jobs by the ARNs in the journal, reads their answers, and creates no second
/// job. The jobs live in the run directory's <c>emulator-s3/</c>, so the resumed process's emulator finds them again.
/// </summary>
[TestFixture]
public sealed class BatchResumeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Resume_AfterKill9MidPoll_ReattachesToTheJobsAndCreatesNoSecondJob()
    {
        using var dir = new TempDirectory();
        var example = ExampleCopy.WithInstantLatency("prompts/examples/support-tickets/suite.yaml", dir.File("example"));
        var profile = Path.Combine(example, "profile.yaml");
        // Jobs stay Submitted for 4 s: once both ARNs are journaled, the process is surely polling jobs that have not ended.
        File.AppendAllText(profile, "\nbatch:\n  submitted_seconds: 4\n");
        string[] flags = ["--emulator", profile, "--batch", "s3://bmh-batch-bucket/runs/", "--role-arn", "arn:aws:iam::123456789012:role/BedrockBatchInference"];
        var run = dir.File("run");
        var journalPath = Path.Combine(run, JournalWriter.FileName);

        // 1. A child process runs the suite in batch mode; kill -9 it once both jobs' ARNs are in the journal.
        using (var child = BmhProcess.Start(dir.Path, new Dictionary<string, string?>(), ["run", Path.Combine(example, "suite.yaml"), .. flags, "--out", run]))
        {
            await child.WaitUntilAsync(() => LiveJournal.CountLines(journalPath, static line => line.StartsWith("{\"batchJob\"", StringComparison.Ordinal) && line.Contains("\"jobArn\":\"arn:", StringComparison.Ordinal)) >= 2 || child.HasExited, "journaled job ARNs", Bound);
            Assert.That(child.HasExited, Is.False, $"the run ended before it could be killed:\n{child.Out}\n{child.Error}");
            child.Kill();
        }

        var killed = JournalReader.Read(journalPath);
        Assert.That(killed.End, Is.Null, "SIGKILL leaves no end line");
        Assert.That(killed.Records, Is.Empty, "killed while the jobs were Submitted: no record answered yet");
        Assert.That(killed.BatchJobs.Select(j => (j.Arm, j.JobArn is not null, j.End is null)),
            Is.EquivalentTo(new[] { (Arm.Baseline, true, true), (Arm.Candidate, true, true) }));
        var arns = killed.BatchJobs.Select(j => j.JobArn!).ToList();

        // 2. Resume with the same flags (in-process: its emulator serves the same emulator-s3/ folder).
        var cli = new CliHarness(dir.Path);
        var code = await cli.RunAsync(["run", Path.Combine(example, "suite.yaml"), .. flags, "--resume", run]);

        Assert.That(code, Is.EqualTo(ExitCodes.Inconclusive), cli.Out + cli.Error);
        Assert.That(cli.Out + cli.Error, Does.Contain("Re-attaching to 2 batch jobs this run left running (none is created twice)."));
        var resumed = JournalReader.Read(journalPath);
        var plannedKeys = RunPlan.Create(resumed.Header.Suite).Attempts.Select(a => a.Key).ToHashSet();
        var keys = resumed.Records.Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resumed.End?.Status, Is.EqualTo(RunStatus.Completed));
            Assert.That(keys, Is.Unique, "every attempt journaled once");
            Assert.That(keys.ToHashSet().SetEquals(plannedKeys), Is.True, "every planned attempt journaled");
            Assert.That(resumed.BatchJobs.Select(j => j.JobArn).Distinct(), Is.EquivalentTo(arns), "the journal names only the two first jobs");
            Assert.That(resumed.BatchJobs.Where(j => j.End is not null).Select(j => (j.Arm, j.End!.State, j.End.RecordsJournaled)),
                Is.EquivalentTo(new[] { (Arm.Baseline, BatchJobState.Completed, 100), (Arm.Candidate, BatchJobState.Completed, 100) }));
        }

        // 3. The emulator's account holds exactly one job per arm: the resumed run created none.
        var jobFiles = Directory.GetFiles(Path.Combine(run, "emulator-s3", ".bmh-batch-jobs"), "*.json");
        var accountJobs = jobFiles.Select(f =>
        {
            using var job = JsonDocument.Parse(File.ReadAllText(f));
            return job.RootElement.GetProperty("jobArn").GetString();
        }).ToList();
        Assert.That(accountJobs, Is.EquivalentTo(arns));
    }
}
