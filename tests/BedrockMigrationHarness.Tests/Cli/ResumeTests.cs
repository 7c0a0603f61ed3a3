using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run --resume`: a run killed with SIGKILL continues without paying twice or losing an attempt.</summary>
[TestFixture]
[NonParallelizable] // sets AWS_* environment variables for the in-process runs
public sealed class ResumeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Test]
    public async Task Resume_AfterKill9_SendsEveryUnsettledAttemptOnceAndNoSettledOneAgain()
    {
        const int Cases = 6, Samples = 30;
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: Cases, samples: Samples, concurrency: 4, extra: EmulatedWorkspace.OpenLatencyGates), EmulatedWorkspace.Profile(latencyMs: 40));
        var journalPath = workspace.Directory.File("out/" + JournalWriter.FileName);

        // 1. A child process runs the suite; kill -9 it once some attempts are journaled.
        using (var child = BmhProcess.Start(workspace.Directory.Path, EmulatedWorkspace.CredentialsEnvironment(),
                   "run", "suite.yaml", "--endpoint", workspace.Endpoint, "--out", "out"))
        {
            await child.WaitUntilAsync(() => LiveJournal.Attempts(journalPath) >= 40 || child.HasExited, "40 journaled attempts", Bound);
            Assert.That(child.HasExited, Is.False, $"the run ended before it could be killed:\n{child.Out}\n{child.Error}");
            child.Kill();
        }

        await WaitForQuietAsync(workspace);
        var sentBeforeKill = (Baseline: workspace.Emulator.RequestCountFor(EmulatedWorkspace.Baseline), Candidate: workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate));
        var killed = JournalReader.Read(journalPath);
        Assert.That(killed.End, Is.Null, "SIGKILL leaves no end line");
        Assert.That(killed.Records, Has.All.Matches<AttemptRecord>(r => r.Final && r.Outcome == CallOutcome.Success), "no faults: one call per attempt");
        var journaled = (Baseline: killed.Records.Count(r => r.Arm == Arm.Baseline), Candidate: killed.Records.Count(r => r.Arm == Arm.Candidate));

        // Every journaled attempt was a request; requests in flight at the kill (sent, never journaled) are the only others.
        Assert.That(sentBeforeKill.Baseline, Is.GreaterThanOrEqualTo(journaled.Baseline));
        Assert.That(sentBeforeKill.Candidate, Is.GreaterThanOrEqualTo(journaled.Candidate));

        // 2. The kill may or may not have cut a line; make sure the journal ends with half a line, as a crash mid-write leaves it.
        CutTheLastLine(journalPath);

        // 3. Resume in-process.
        var code = await workspace.RunAsync("--resume", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Error, Does.Contain("the last line was cut off"));
        const int PlannedPerArm = Cases * Samples;
        using (Assert.EnterMultipleScope())
        {
            // Exactly the attempts the journal did not hold were sent again: none settled twice, none skipped.
            Assert.That(workspace.Emulator.RequestCountFor(EmulatedWorkspace.Baseline) - sentBeforeKill.Baseline, Is.EqualTo(PlannedPerArm - journaled.Baseline));
            Assert.That(workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate) - sentBeforeKill.Candidate, Is.EqualTo(PlannedPerArm - journaled.Candidate));
        }

        var resumed = JournalReader.Read(journalPath);
        var plannedKeys = RunPlan.Create(resumed.Header.Suite).Attempts.Select(a => a.Key).ToHashSet();
        var finals = resumed.EffectiveRecords().Where(r => r.Final).Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resumed.Warnings, Is.Empty, "the cut line was cut off the file before appending");
            Assert.That(resumed.Records, Has.Length.EqualTo(2 * PlannedPerArm), "one record per planned attempt, no duplicate");
            Assert.That(finals, Is.Unique);
            Assert.That(finals.ToHashSet().SetEquals(plannedKeys), Is.True, "every planned attempt settled");
            Assert.That(resumed.End?.Status, Is.EqualTo(RunStatus.Completed));
        }
    }

    [Test]
    public async Task Resume_ChangedSuite_ExitsTwoAndSendsNothing()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 2, samples: 2), EmulatedWorkspace.Profile());
        Assert.That(await workspace.RunAsync("--out", "out"), Is.Not.EqualTo(ExitCodes.BadInput), workspace.Cli.Error);
        var sent = workspace.Emulator.RequestCount;
        var suite = workspace.Directory.File("suite.yaml");
        await File.WriteAllTextAsync(suite, (await File.ReadAllTextAsync(suite)).Replace("Classify ticket 2", "Classify the ticket 2", StringComparison.Ordinal));

        var code = await workspace.RunAsync("--resume", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(workspace.Cli.Error, Does.Contain("this journal was written for a different suite or plan").And.Contain("reliability"));
        Assert.That(workspace.Cli.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(workspace.Emulator.RequestCount, Is.EqualTo(sent));
    }

    [Test]
    public async Task Resume_JournalOfAnotherSuite_ExitsTwo()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 2, samples: 2), EmulatedWorkspace.Profile());
        await workspace.RunAsync("--out", "out");
        await File.WriteAllTextAsync(workspace.Directory.File("other.yaml"),
            (await File.ReadAllTextAsync(workspace.Directory.File("suite.yaml"))).Replace("name: reliability", "name: other", StringComparison.Ordinal));
        var sent = workspace.Emulator.RequestCount;

        var code = await workspace.Cli.RunAsync("run", "other.yaml", "--endpoint", workspace.Endpoint, "--resume", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(workspace.Cli.Error, Does.Contain("results.jsonl: this journal was written for a different suite or plan (suite 'reliability'"));
        Assert.That(workspace.Emulator.RequestCount, Is.EqualTo(sent));
    }

    [Test]
    public async Task Resume_RetryErrors_SendsOnlyTheAttemptsThatEndedInAnError()
    {
        // One try per attempt, so a server error is final; only the candidate fails.
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 4, samples: 5, maxAttempts: 1), EmulatedWorkspace.Profile(candidateErrors: "{ server_error: 0.4 }"));
        await workspace.RunAsync("--out", "out");
        var first = workspace.Journal("out");
        var errored = first.Records.Where(r => r.Final && r.Outcome != CallOutcome.Success).Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample)).ToHashSet();
        Assert.That(errored, Is.Not.Empty, "the profile must produce some errors\n" + workspace.Cli.Out + workspace.Cli.Error);
        var sent = (Baseline: workspace.Emulator.RequestCountFor(EmulatedWorkspace.Baseline), Candidate: workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate));

        await workspace.RunAsync("--resume", "out", "--retry-errors");

        var second = workspace.Journal("out");
        var resent = second.Records.Skip(first.Records.Length).Select(r => new AttemptKey(r.CaseId, r.Arm, r.Sample)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(workspace.Emulator.RequestCountFor(EmulatedWorkspace.Baseline), Is.EqualTo(sent.Baseline), "no answered attempt is sent again");
            Assert.That(workspace.Emulator.RequestCountFor(EmulatedWorkspace.Candidate) - sent.Candidate, Is.EqualTo(errored.Count));
            Assert.That(resent, Is.EquivalentTo(errored));
            Assert.That(second.EffectiveRecords().Count(r => r.Final), Is.EqualTo(40), "a resent attempt's new final try supersedes its old error");
        }
    }

    [Test]
    public async Task Resume_WithoutRetryErrors_KeepsErrorsAndSendsNothing()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 2, samples: 3, maxAttempts: 1), EmulatedWorkspace.Profile(candidateErrors: "{ server_error: 0.5 }"));
        await workspace.RunAsync("--out", "out");
        var sent = workspace.Emulator.RequestCount;

        await workspace.RunAsync("--resume", "out");

        Assert.That(workspace.Emulator.RequestCount, Is.EqualTo(sent), "a finished run resumed has nothing left to send");
    }

    /// <summary>Waits until the emulator has seen no new request for a while: a request on the wire at the kill may still arrive.</summary>
    private static async Task WaitForQuietAsync(EmulatedWorkspace workspace)
    {
        using var timeout = new CancellationTokenSource(Bound);
        var last = -1L;
        while (workspace.Emulator.RequestCount != last && !timeout.IsCancellationRequested)
        {
            last = workspace.Emulator.RequestCount;
            await Task.Delay(300, CancellationToken.None);
        }
    }

    /// <summary>Leaves the journal ending in half a line, unless the kill already did.</summary>
    private static void CutTheLastLine(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
        {
            return;
        }

        var lastLineStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        var half = bytes.AsSpan(lastLineStart, (bytes.Length - 1 - lastLineStart) / 2).ToArray();
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(half);
    }
}
