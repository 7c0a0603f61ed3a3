using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

[TestFixture]
public sealed class MigrationRunTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static RunPorts Ports(IModelClient client) => new(client, new NoLifecycle(T0), new QuietObserver());

    private static MigrationRun Build(TempDirectory dir, MigrationRunOptions options) =>
        new MigrationRunBuilder(new FakeTimeProvider(T0)) { Jitter = () => 0 }.Build(options);

    [Test]
    public async Task RunAsync_ResumedWithAnotherConcurrencyTimeoutAndRetryPolicy_ContinuesTheSameJournal()
    {
        using var dir = new TempDirectory();
        var suite = MigrationRunBuilderTests.WriteSuite(dir, extra: "retry: { max_attempts: 1 }\n");
        var failing = new ScriptedModelClient((request, _) => request.LastUserText == "Say 1."
            ? ModelCallResult.Failure(CallOutcome.ServerError, 3, 500, "InternalServerException", "boom")
            : ScriptedModelClient.Ok());
        var first = await Build(dir, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))).RunAsync(Ports(failing), CancellationToken.None);
        MigrationRunBuilderTests.WriteSuite(dir, extra: "timeout_seconds: 5\nretry: { max_attempts: 3, base_delay_ms: 0, max_delay_ms: 0 }\n");
        var answering = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());

        var resumed = Build(dir, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"), Concurrency: 1, RetryErrors: true));
        var outcome = await resumed.RunAsync(Ports(answering), CancellationToken.None);

        Assert.That(first.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(answering.Calls, Has.Count.EqualTo(4), "only case c1's 2 samples × 2 arms that ended in an error are sent again");
        Assert.That(answering.MaxInFlight, Is.EqualTo(1), "the new --concurrency applies");
        var journal = JournalReader.Read(dir.File("out/results.jsonl"));
        Assert.That(journal.SettledKeys(includeErrors: false), Has.Count.EqualTo(8));
    }

    [Test]
    public async Task Build_ResumeAfterAnImageWasEdited_IsRefusedNamingTheFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("photo.png"), Suites.TinyPng.Of(2, 2));
        var suite = dir.File("suite.yaml");
        File.WriteAllText(suite, """
            name: images
            baseline: a.model-v1:0
            candidate: b.model-v1:0
            samples: 1
            cases:
              - id: photo
                messages: [ { role: user, content: [ { image: photo.png }, { text: What is this? } ] } ]
            """);
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        await Build(dir, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))).RunAsync(Ports(client), CancellationToken.None);
        File.WriteAllBytes(dir.File("photo.png"), Suites.TinyPng.Of(3, 2));

        var ex = Assert.Throws<RunSetupException>(() => Build(dir, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.Contain("the file `photo.png` (case `photo`) has changed since the run started"));
        Assert.That(client.Calls, Has.Count.EqualTo(2), "nothing more was sent");
    }

    [Test]
    public async Task Build_ResumeWithAnotherJudgeModel_IsRefusedAsAnotherPlan()
    {
        using var dir = new TempDirectory();
        var suite = MigrationRunBuilderTests.WriteSuite(dir, extra: "judge: { model: acme.judge-v1:0 }\n");
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        await Build(dir, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))).RunAsync(Ports(client), CancellationToken.None);
        var sent = client.Calls.Count;
        MigrationRunBuilderTests.WriteSuite(dir, extra: "judge: { model: acme.other-judge-v1:0 }\n");

        var ex = Assert.Throws<RunSetupException>(() => Build(dir, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.Contain("this journal was written for a different suite or plan"));
        Assert.That(client.Calls, Has.Count.EqualTo(sent), "nothing more was sent");
    }

    [Test]
    public async Task RunAsync_DirectoryHeldByAnotherProcess_IsRefusedNamingThePidAndSendsNothing()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));
        using var holder = RunDirectoryLock.Acquire(dir.File("out"), new FakeTimeProvider(T0), p => p);
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        var run = Build(dir, new MigrationRunOptions(MigrationRunBuilderTests.WriteSuite(dir), dir.Path, OutputDirectory: dir.File("out")));

        var ex = Assert.ThrowsAsync<RunSetupException>(() => run.RunAsync(Ports(client), CancellationToken.None))!;

        Assert.That(ex.Message, Does.Contain($"pid {Environment.ProcessId}").And.Contain("in use by another bmh process"));
        Assert.That(client.Calls, Is.Empty);
        Assert.That(File.Exists(dir.File("out/results.jsonl")), Is.False);
    }

    [Test]
    public async Task RunAsync_LockReleased_TheNextRunTakesTheDirectory()
    {
        using var dir = new TempDirectory();
        var suite = MigrationRunBuilderTests.WriteSuite(dir);
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        await Build(dir, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))).RunAsync(Ports(client), CancellationToken.None);

        var outcome = await Build(dir, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))).RunAsync(Ports(client), CancellationToken.None);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(client.Calls, Has.Count.EqualTo(8), "the resume found every attempt settled");
    }

    [Test]
    public void RunAsync_RunDirectoryCannotBeCreated_FailsWithTheCauseBeforeAnyCall()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("file"), "not a directory");
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());
        var run = Build(dir, new MigrationRunOptions(MigrationRunBuilderTests.WriteSuite(dir), dir.Path, OutputDirectory: dir.File("file/out")));

        var ex = Assert.ThrowsAsync<AttemptSinkException>(() => run.RunAsync(Ports(client), CancellationToken.None))!;

        Assert.That(ex.Message, Does.StartWith("file/out: the run directory cannot be created"));
        Assert.That(client.Calls, Is.Empty);
    }

    private sealed class QuietObserver : IRunObserver
    {
        public void Note(string message)
        {
        }

        public Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run) => run(new RecordingProgress());
    }
}
