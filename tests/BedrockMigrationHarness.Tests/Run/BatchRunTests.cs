using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Run;

[TestFixture]
public sealed class BatchRunTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private const string Batch = "batch: { s3: s3://bucket/bmh/, role_arn: arn:aws:iam::123456789012:role/Batch, min_records: 2, poll_seconds: 60 }\n";

    private static string Suite(TempDirectory dir, string extra = Batch) => MigrationRunBuilderTests.WriteSuite(dir, cases: 3, samples: 2, extra: extra);

    private static MigrationRun Build(FakeTimeProvider time, MigrationRunOptions options) => new MigrationRunBuilder(time) { Jitter = () => 0 }.Build(options);

    private static RunPorts Ports(IBatchInference batch, IModelClient? client = null, NotesObserver? observer = null) =>
        new(client ?? new ScriptedModelClient((_, _) => ScriptedModelClient.Ok()), new NoLifecycle(T0), observer ?? new NotesObserver()) { Batch = batch };

    /// <summary>Runs <paramref name="run"/>, moving the fake clock on while it waits between polls.</summary>
    private static async Task<RunOutcome> RunWithClockAsync(MigrationRun run, RunPorts ports, FakeTimeProvider time, CancellationToken cancellationToken = default)
    {
        var task = run.RunAsync(ports, cancellationToken);
        while (!task.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(1, CancellationToken.None);
        }

        return await task;
    }

    [Test]
    public async Task RunAsync_BatchSuite_SendsOneJobPerArmAndJournalsEveryRecordWithoutLatency()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        var batch = new ScriptedBatchInference { PollsInProgress = 2 };
        var observer = new NotesObserver();
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok());

        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(Suite(dir), dir.Path, OutputDirectory: dir.File("out"))),
            Ports(batch, client, observer), time);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        Assert.That(client.Calls, Is.Empty, "no on-demand call");
        Assert.That(batch.Service.Jobs, Has.Count.EqualTo(2));
        Assert.That(batch.Service.Jobs.Values.Select(j => j.Records.Count), Is.EqualTo(new[] { 6, 6 }));
        var journal = JournalReader.Read(dir.File("out/results.jsonl"));
        Assert.That(journal.SettledKeys(includeErrors: false), Has.Count.EqualTo(12));
        Assert.That(journal.Records.Select(r => (r.Try, r.Final, r.ClientLatencyMs)).Distinct(), Is.EqualTo(new[] { (1, true, 0.0) }));
        Assert.That(journal.Records.Where(r => r.Arm == Arm.Candidate).Select(r => r.Text), Has.All.EndWith("answered by acme.next-v2:0"));
        Assert.That(journal.BatchJobs.Select(j => (j.Arm, j.End?.State, j.End?.RecordsJournaled)),
            Is.EquivalentTo(new (Arm, BatchJobState?, int?)[] { (Arm.Baseline, BatchJobState.Completed, 6), (Arm.Candidate, BatchJobState.Completed, 6) }));
        Assert.That(journal.BatchJobs.Select(j => j.InputUri.ToString()), Has.All.StartWith("s3://bucket/bmh/engine-20261201T090000Z-").And.All.EndWith("/input.jsonl"));
        Assert.That(observer.Notes, Has.Some.Match(@"^baseline job job\d+: InProgress, 3/6 records$"));
    }

    [Test]
    public async Task RunAsync_KilledMidPollThenResumed_ReattachesWithoutASecondJob()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        using var kill = new CancellationTokenSource();
        var first = new ScriptedBatchInference { PollsInProgress = 3, OnGet = _ => kill.Cancel() };
        var suite = Suite(dir);

        var interrupted = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), Ports(first), time, kill.Token);
        var afterKill = JournalReader.Read(dir.File("out/results.jsonl"));
        var resumed = new ScriptedBatchInference(first.Service) { PollsInProgress = 3 };
        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))), Ports(resumed), time);

        Assert.That(interrupted.Status, Is.EqualTo(RunStatus.Interrupted));
        Assert.That(interrupted.Message, Does.Contain("--resume out"));
        Assert.That(afterKill.BatchJobs.Select(j => (j.JobArn is not null, j.End is null)), Has.All.EqualTo((true, true)), "both jobs journaled with their ARN, not ended");
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        Assert.That(resumed.CreateCalls, Is.Zero, "the resumed run re-attached by ARN");
        Assert.That(first.Service.Jobs, Has.Count.EqualTo(2), "one job per arm in the account");
        Assert.That(JournalReader.Read(dir.File("out/results.jsonl")).SettledKeys(includeErrors: false), Has.Count.EqualTo(12));
    }

    [Test]
    public async Task RunAsync_PartiallyCompletedJob_EndsUnfinishedAndResumeSendsTheMissingRecordsInANewJob()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        var missing = new HashSet<string> { BatchRecordIds.Of(0, 0), BatchRecordIds.Of(1, 1) };
        var first = new ScriptedBatchInference { Unanswered = missing };
        var suite = Suite(dir);

        var partial = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), Ports(first), time);
        var resumed = new ScriptedBatchInference(first.Service);
        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))), Ports(resumed), time);

        Assert.That(partial.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(partial.Message, Does.Contain("ended partiallyCompleted with 2 of its 6 records unanswered").And.Contain("--resume out"));
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        Assert.That(first.Service.Jobs.Values.Select(j => j.Records.Count), Is.EquivalentTo(new[] { 6, 6, 2, 2 }), "the 2 missing records of each arm, in a new job each");
        var journal = JournalReader.Read(dir.File("out/results.jsonl"));
        Assert.That(journal.SettledKeys(includeErrors: false), Has.Count.EqualTo(12));
        Assert.That(journal.BatchJobs.Select(j => j.Number), Is.EquivalentTo(new[] { 1, 1, 2, 2 }));
    }

    [Test]
    public async Task RunAsync_CreateAnswerLost_ResumeCreatesAgainWithTheSameTokenAndGetsTheSameJob()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        var lost = new LosingCreateBatch();
        var suite = Suite(dir);

        var failed = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), Ports(lost), time);
        var resumed = new ScriptedBatchInference(lost.Inner.Service);
        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))), Ports(resumed), time);

        Assert.That(failed.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        Assert.That(resumed.CreateCalls, Is.EqualTo(2), "the job whose ARN never came back is created again, then the other arm's");
        Assert.That(lost.Inner.Service.Jobs, Has.Count.EqualTo(2), "the repeated token made no second job");
    }

    [Test]
    public async Task RunAsync_ArmAboveMaxRecords_IsSplitIntoEvenJobsThatAnswerEveryRecordOnce()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        var batch = new ScriptedBatchInference { PollsInProgress = 1 };
        var suite = MigrationRunBuilderTests.WriteSuite(dir, cases: 5, samples: 2,
            extra: "batch: { s3: s3://bucket/bmh/, role_arn: arn:aws:iam::123456789012:role/Batch, min_records: 3, max_records: 4 }\n");

        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), Ports(batch), time);

        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        var jobs = batch.Service.Jobs.Values.ToList();
        Assert.That(jobs.Select(j => (j.Request.ModelId, j.Records.Count)), Is.EquivalentTo(new[]
        {
            ("acme.base-v1:0", 4), ("acme.base-v1:0", 3), ("acme.base-v1:0", 3), ("acme.next-v2:0", 4), ("acme.next-v2:0", 3), ("acme.next-v2:0", 3),
        }), "10 records per arm at most 4 a job: 3 jobs of 4, 3, 3");
        foreach (var arm in jobs.GroupBy(j => j.Request.ModelId))
        {
            var ids = arm.SelectMany(j => j.Records.Select(r => r.RecordId)).ToList();
            Assert.That(ids, Is.Unique.And.Count.EqualTo(10), $"every record of {arm.Key} in exactly one job");
        }

        var journal = JournalReader.Read(dir.File("out/results.jsonl"));
        Assert.That(journal.SettledKeys(includeErrors: false), Has.Count.EqualTo(20));
        Assert.That(journal.Records, Has.Length.EqualTo(20), "each attempt journaled once");
        Assert.That(journal.BatchJobs.Select(j => (j.Arm, j.Number, j.End?.RecordsJournaled)), Is.EquivalentTo(new (Arm, int, int?)[]
        {
            (Arm.Baseline, 1, 4), (Arm.Baseline, 2, 3), (Arm.Baseline, 3, 3), (Arm.Candidate, 1, 4), (Arm.Candidate, 2, 3), (Arm.Candidate, 3, 3),
        }));
        Assert.That(journal.BatchJobs.Select(j => j.InputUri.ToString()), Is.Unique);
        Assert.That(journal.BatchJobs.Where(j => j.Arm == Arm.Baseline).Select(j => j.InputUri.ToString()[..^"/input.jsonl".Length].Split('/')[^1]),
            Is.EquivalentTo(new[] { "baseline-1", "baseline-2", "baseline-3" }));
    }

    [Test]
    public void Build_SplitLeavingAJobBelowMinRecords_IsRefusedWithBothNumbers()
    {
        using var dir = new TempDirectory();
        var suite = MigrationRunBuilderTests.WriteSuite(dir, cases: 5, samples: 2,
            extra: "batch: { s3: s3://bucket/bmh/, role_arn: arn:aws:iam::123456789012:role/Batch, min_records: 4, max_records: 4 }\n");

        var ex = Assert.Throws<RunSetupException>(() => Build(new FakeTimeProvider(T0), new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.Contain("the baseline arm's 10 records split into jobs of at most 4 (batch.max_records) leave a job below 4 records (batch.min_records)"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [Test]
    public async Task RunAsync_ResumedLeftoverBelowMinRecords_IsSentOnDemandWithANoteAndNoNewJob()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        var missing = new HashSet<string> { BatchRecordIds.Of(0, 0), BatchRecordIds.Of(2, 1) };
        var first = new ScriptedBatchInference { Unanswered = missing };
        var suite = Suite(dir, "batch: { s3: s3://bucket/bmh/, role_arn: arn:aws:iam::123456789012:role/Batch, min_records: 3 }\n");
        var partial = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))), Ports(first), time);
        var resumed = new ScriptedBatchInference(first.Service);
        var client = new ScriptedModelClient((_, _) => ScriptedModelClient.Ok("on demand", latencyMs: 25));
        var observer = new NotesObserver();

        var outcome = await RunWithClockAsync(Build(time, new MigrationRunOptions(suite, dir.Path, ResumeDirectory: dir.File("out"))), Ports(resumed, client, observer), time);

        Assert.That(partial.Status, Is.EqualTo(RunStatus.Aborted));
        Assert.That(outcome.Status, Is.EqualTo(RunStatus.Completed), outcome.Message);
        Assert.That(resumed.CreateCalls, Is.Zero, "2 records an arm are below min_records 3: no new job");
        Assert.That(first.Service.Jobs, Has.Count.EqualTo(2));
        Assert.That(client.Calls.Select(c => (c.ModelId, c.LastUserText)), Is.EquivalentTo(new[]
        {
            ("acme.base-v1:0", "Say 1."), ("acme.base-v1:0", "Say 3."), ("acme.next-v2:0", "Say 1."), ("acme.next-v2:0", "Say 3."),
        }));
        Assert.That(observer.Notes, Has.Some.Contains("below 3, the minimum records per batch job").And.Some.Contains("the 4 records left are sent on demand instead"));
        var journal = JournalReader.Read(dir.File("out/results.jsonl"));
        Assert.That(journal.SettledKeys(includeErrors: false), Has.Count.EqualTo(12));
        Assert.That(journal.Records.Where(r => r.Text == "on demand").Select(r => (r.CaseId, r.Sample, r.ClientLatencyMs)), Is.EquivalentTo(new[]
        {
            ("c1", 0, 25.0), ("c3", 1, 25.0), ("c1", 0, 25.0), ("c3", 1, 25.0),
        }), "the on-demand leftovers, with their latency measured");
    }

    [Test]
    public void Build_ConverseBatchSuiteWithTools_IsRefusedBeforeAnyUploadNamingTheCases()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("lookup.json"), """{ "type": "object", "properties": { "id": { "type": "string" } } }""");
        var suite = Suite(dir, Batch + "tools:\n  - name: lookup\n    description: Looks up an order.\n    input_schema: lookup.json\n");
        var batch = new ScriptedBatchInference();

        var ex = Assert.Throws<SuiteValidationException>(() => Build(new FakeTimeProvider(T0), new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))))!;

        Assert.That(ex.Problems.Select(p => p.Field), Is.EqualTo(new[] { "batch" }));
        Assert.That(ex.Message, Does.Contain("batch jobs of the Converse type do not take tool calling")
            .And.Contain("3 of the suite's cases offer tools (c1, c2, c3)").And.Contain("without --batch"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
        Assert.That(batch.Service.Objects, Is.Empty, "nothing uploaded");
    }

    [Test]
    public async Task Analyze_BatchRun_LatencyGatesAreNotMeasuredAndTheVerdictIsGoWithWarnings()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        await RunWithClockAsync(Build(time, new MigrationRunOptions(Suite(dir), dir.Path, OutputDirectory: dir.File("out"))), Ports(new ScriptedBatchInference()), time);

        var report = RunAnalyzer.Analyze(JournalReader.Read(dir.File("out/results.jsonl")));

        var latency = report.Analysis.Gates.Where(g => g.Spec.Kind is GateKind.LatencyP50Increase or GateKind.LatencyP99Increase).ToList();
        Assert.That(latency, Is.Not.Empty);
        Assert.That(latency.Select(g => g.State), Has.All.EqualTo(GateState.NotMeasured));
        Assert.That(latency.Select(g => VerdictText.Of(g.State)), Has.All.EqualTo("NOT MEASURED"));
        Assert.That(report.Analysis.Verdict.Verdict, Is.EqualTo(Verdict.GoWithWarnings));
        Assert.That(report.Analysis.Verdict.Reasons, Has.Some.Contains("not measured in batch mode"));
        // A batch record's latency 0 is no measurement: no arm shows a percentile of it.
        Assert.That(new[] { report.Analysis.Baseline.Latency.P50, report.Analysis.Candidate.Latency.P99 }, Has.All.Null);
    }

    [TestCase("summary.json")]
    [TestCase("summary.md")]
    [TestCase("junit.xml")]
    [TestCase("report.html")]
    public async Task Reports_BatchRun_SayLatencyIsNotMeasuredAndListTheJobs(string fileName)
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        await RunWithClockAsync(Build(time, new MigrationRunOptions(Suite(dir), dir.Path, OutputDirectory: dir.File("out"))), Ports(new ScriptedBatchInference()), time);
        var data = RunAnalyzer.Analyze(JournalReader.Read(dir.File("out/results.jsonl")));

        var text = Tests.Reports.ReportRendering.Render(Tests.Reports.ReportRendering.Writer(fileName), data);

        Assert.That(text, Does.Contain("not measured in batch mode").IgnoreCase);
        if (fileName != "junit.xml")
        {
            Assert.That(text, Does.Contain("baseline job job").And.Contain("Completed"));
        }

        if (fileName == "report.html")
        {
            Assert.That(text, Does.Not.Contain("chart-latency"), "no latency chart of zeros");
        }
    }

    [Test]
    public void Build_TooFewRecordsForAJob_IsRefusedBeforeAnyUploadSuggestingOnDemand()
    {
        using var dir = new TempDirectory();
        var suite = Suite(dir, "batch: { s3: s3://bucket/bmh/, role_arn: arn:aws:iam::123456789012:role/Batch }\n");

        var ex = Assert.Throws<RunSetupException>(() => Build(new FakeTimeProvider(T0), new MigrationRunOptions(suite, dir.Path, OutputDirectory: dir.File("out"))))!;

        Assert.That(ex.Message, Does.Contain("the baseline arm has 6 records, below 100, the minimum records per batch job").And.Contain("run without --batch"));
        Assert.That(Directory.Exists(dir.File("out")), Is.False);
    }

    [TestCase("--batch", null, "needs the IAM service role")]
    [TestCase(null, "arn:aws:iam::123456789012:role/Batch", "add --batch s3://bucket/prefix/")]
    [TestCase("bucket/prefix", "arn:aws:iam::123456789012:role/Batch", "is not an S3 location")]
    [TestCase("s3://bucket/p/", "not-an-arn", "is not an IAM role ARN")]
    public void Build_BadBatchFlags_AreProblemsOfTheCommandLine(string? location, string? role, string expected)
    {
        using var dir = new TempDirectory();
        var suite = Suite(dir, extra: string.Empty);
        var options = new MigrationRunOptions(suite, dir.Path, Batch: location == "--batch" ? "s3://bucket/p/" : location, RoleArn: role);

        var ex = Assert.Throws<SuiteValidationException>(() => Build(new FakeTimeProvider(T0), options))!;

        Assert.That(ex.Message, Does.Contain(expected));
    }

    [Test]
    public void Build_BatchWithUntilDecidedOrShard_IsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(Suite(dir), dir.Path, UntilDecided: true, Shard: "1/2");

        var ex = Assert.Throws<SuiteValidationException>(() => Build(new FakeTimeProvider(T0), options))!;

        Assert.That(ex.Message, Does.Contain("batch inference cannot sample until decided").And.Contain("a batch run is not sharded"));
    }

    [Test]
    public void Build_FlagsOverTheSuiteBlock_TakeTheirLocationAndRole()
    {
        using var dir = new TempDirectory();
        var options = new MigrationRunOptions(Suite(dir), dir.Path, DryRun: true, Batch: "s3://other-bucket/x", RoleArn: "arn:aws:iam::123456789012:role/Other");

        var run = Build(new FakeTimeProvider(T0), options);

        Assert.That(run.Suite.Batch, Is.Not.Null);
        Assert.That((run.Suite.Batch!.Bucket, run.Suite.Batch.Prefix, run.Suite.Batch.RoleArn, run.Suite.Batch.MinRecordsPerJob),
            Is.EqualTo(("other-bucket", "x/", "arn:aws:iam::123456789012:role/Other", 2)));
    }

    [Test]
    public void Read_BatchJobLineWithJobNumberZero_IsRefusedNamingTheLine()
    {
        using var dir = new TempDirectory();
        var time = new FakeTimeProvider(T0);
        RunWithClockAsync(Build(time, new MigrationRunOptions(Suite(dir), dir.Path, OutputDirectory: dir.File("out"))), Ports(new ScriptedBatchInference()), time).GetAwaiter().GetResult();
        var path = dir.File("out/results.jsonl");
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, l => l.StartsWith("{\"batchJob\"", StringComparison.Ordinal));
        lines[index] = lines[index].Replace("\"number\":1", "\"number\":0", StringComparison.Ordinal);
        File.WriteAllLines(path, lines);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.Contain($"results.jsonl:{index + 1}: not a journal line"));
    }

    /// <summary>Creates the job, then fails as if the answer were lost on the way back (a crash before the ARN was journaled).</summary>
    private sealed class LosingCreateBatch : IBatchInference
    {
        private bool _lost;

        public ScriptedBatchInference Inner { get; } = new();

        public Task<long> UploadInputAsync(S3Uri uri, BatchInvocationType invocationType, IEnumerable<BatchInputRecord> records, long maxBytes, CancellationToken cancellationToken) =>
            Inner.UploadInputAsync(uri, invocationType, records, maxBytes, cancellationToken);

        public async Task<string> CreateJobAsync(BatchJobRequest request, CancellationToken cancellationToken)
        {
            var arn = await Inner.CreateJobAsync(request, cancellationToken);
            if (!_lost)
            {
                _lost = true;
                throw new BatchServiceException("the connection was reset", "AccessDeniedException", retryable: false);
            }

            return arn;
        }

        public Task<BatchJobStatus> GetJobAsync(string jobArn, CancellationToken cancellationToken) => Inner.GetJobAsync(jobArn, cancellationToken);

        public Task StopJobAsync(string jobArn, CancellationToken cancellationToken) => Inner.StopJobAsync(jobArn, cancellationToken);

        public IAsyncEnumerable<BatchOutputRecord> ReadOutputAsync(string jobArn, S3Uri outputUri, S3Uri inputUri, BatchInvocationType invocationType, string? invokeTextPointer, CancellationToken cancellationToken) =>
            Inner.ReadOutputAsync(jobArn, outputUri, inputUri, invocationType, invokeTextPointer, cancellationToken);

        public Task<BatchManifest?> ReadManifestAsync(string jobArn, S3Uri outputUri, CancellationToken cancellationToken) =>
            Inner.ReadManifestAsync(jobArn, outputUri, cancellationToken);
    }

    /// <summary>Keeps the notes; runs each phase with a recording progress.</summary>
    private sealed class NotesObserver : IRunObserver
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Notes { get; } = new();

        public void Note(string message) => Notes.Enqueue(message);

        public Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run) => run(new RecordingProgress());
    }
}
