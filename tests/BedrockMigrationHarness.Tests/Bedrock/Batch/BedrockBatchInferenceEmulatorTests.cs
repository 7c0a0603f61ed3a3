using System.Text.Json.Nodes;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Bedrock.Batch;

/// <summary>
/// <see cref="BedrockBatchInference"/> end to end against the emulator's batch jobs and S3, SigV4 required: upload,
/// create, poll, read the output and the manifest; one job for one client request token; stop.
/// </summary>
[TestFixture]
internal sealed class BedrockBatchInferenceEmulatorTests
{
    /// <summary>A long but bounded wait for the emulator's background processing (not a timing assertion).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly S3Uri Input = new("bucket", "bmh/run1/baseline/input.jsonl");
    private static readonly S3Uri Output = new("bucket", "bmh/run1/baseline/output/");

    [Test]
    public async Task UploadCreatePollRead_ConverseJob_EveryRecordAnsweredAndCountedInTheManifest()
    {
        using var root = Bucket();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var emulator = await StartAsync(root, clock);
        using var batch = Create(emulator);
        var ids = Enumerable.Range(0, 120).Select(i => $"{i:D6}00000").ToList();

        await batch.UploadInputAsync(Input, BatchInvocationType.Converse, ids.Select(id => new BatchInputRecord(id, Request())), long.MaxValue, CancellationToken.None);
        var arn = await batch.CreateJobAsync(JobRequest("token1"), CancellationToken.None);
        var status = await PollUntilEndedAsync(batch, clock, arn);
        var records = new List<BatchOutputRecord>();
        await foreach (var record in batch.ReadOutputAsync(arn, Output, Input, BatchInvocationType.Converse, null, CancellationToken.None))
        {
            records.Add(record);
        }

        var manifest = await batch.ReadManifestAsync(arn, Output, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((status.State, status.TotalRecords, status.SuccessRecords), Is.EqualTo((BatchJobState.Completed, 120L, 120L)));
            Assert.That(status.OutputUri, Is.EqualTo(Output));
            Assert.That(records.Select(r => r.RecordId).Order(StringComparer.Ordinal), Is.EqualTo(ids));
            Assert.That(records.All(r => r.Problem is null && r.Result!.Outcome == CallOutcome.Success && !string.IsNullOrEmpty(r.Result.Text)), Is.True);
            Assert.That(manifest!.SuccessRecordCount, Is.EqualTo(120));
            Assert.That(manifest.OutputTokenCount, Is.EqualTo(records.Sum(r => r.Result!.OutputTokens)));
        });
    }

    [Test]
    public async Task CreateJobAsync_SameTokenTwice_OneJob()
    {
        using var root = Bucket();
        // Without signatures required, so the test lists the jobs with a plain HTTP client.
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path, clock: new FakeTimeProvider());
        using var batch = Create(emulator);
        await batch.UploadInputAsync(Input, BatchInvocationType.Converse, Records(100), long.MaxValue, CancellationToken.None);

        var first = await batch.CreateJobAsync(JobRequest("retried"), CancellationToken.None);
        var second = await batch.CreateJobAsync(JobRequest("retried"), CancellationToken.None);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(await JobCountAsync(emulator), Is.EqualTo(1));
    }

    [Test]
    public async Task StopJobAsync_RunningJob_StopsItAndStoppingAgainIsNoError()
    {
        using var root = Bucket();
        var clock = new FakeTimeProvider();
        await using var emulator = await StartAsync(root, clock);
        using var batch = Create(emulator);
        await batch.UploadInputAsync(Input, BatchInvocationType.Converse, Records(100), long.MaxValue, CancellationToken.None);
        var arn = await batch.CreateJobAsync(JobRequest("stopme"), CancellationToken.None);

        await batch.StopJobAsync(arn, CancellationToken.None);
        var status = await PollUntilEndedAsync(batch, clock, arn);
        await batch.StopJobAsync(arn, CancellationToken.None);

        Assert.That(status.State, Is.EqualTo(BatchJobState.Stopped));
    }

    [Test]
    public async Task CreateJobAsync_ModelWithoutBatch_SaysToRunOnDemand()
    {
        using var root = Bucket();
        var profile = EmulatorTestProfiles.Standard() with
        {
            Models = new Dictionary<string, ModelProfile>(EmulatorTestProfiles.Standard().Models, StringComparer.Ordinal) { ["no-batch-model"] = new() { BatchSupported = false } },
        };
        await using var emulator = await RunningEmulator.StartAsync(
            profile, requireSigV4: new SigV4Key(BedrockTestClients.AccessKey, BedrockTestClients.SecretKey), s3Root: root.Path, clock: new FakeTimeProvider());
        using var batch = Create(emulator);
        await batch.UploadInputAsync(Input, BatchInvocationType.Converse, Records(100), long.MaxValue, CancellationToken.None);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.CreateJobAsync(JobRequest("t") with { ModelId = "no-batch-model" }, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith("CreateModelInvocationJob for job `bmh-run1-baseline` (model no-batch-model): ValidationException (HTTP 400): "));
        Assert.That(error.Message, Does.Contain("run the suite on-demand (without --batch)"));
        Assert.That(error.Retryable, Is.False);
    }

    private static async Task<BatchJobStatus> PollUntilEndedAsync(BedrockBatchInference batch, FakeTimeProvider clock, string arn)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await batch.GetJobAsync(arn, CancellationToken.None);
            if (status.HasEnded || DateTime.UtcNow > deadline)
            {
                return status;
            }

            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }
    }

    private static async Task<int> JobCountAsync(RunningEmulator emulator)
    {
        var text = await emulator.Client.GetStringAsync(new Uri("/model-invocation-jobs", UriKind.Relative));
        return JsonNode.Parse(text)!["invocationJobSummaries"]!.AsArray().Count;
    }

    private static ModelRequest Request() => BedrockTestClients.Converse(EmulatorTestProfiles.Nova);

    private static IEnumerable<BatchInputRecord> Records(int count) =>
        Enumerable.Range(0, count).Select(i => new BatchInputRecord($"{i:D6}00000", Request()));

    private static BatchJobRequest JobRequest(string token) => new(
        "bmh-run1-baseline", token, EmulatorTestProfiles.Nova, "arn:aws:iam::111122223333:role/BedrockBatch", Input, Output, BatchInvocationType.Converse, 24);

    private static TempDirectory Bucket()
    {
        var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "bucket"));
        return root;
    }

    private static Task<RunningEmulator> StartAsync(TempDirectory root, FakeTimeProvider clock) =>
        RunningEmulator.StartAsync(requireSigV4: new SigV4Key(BedrockTestClients.AccessKey, BedrockTestClients.SecretKey), s3Root: root.Path, clock: clock);

    private static BedrockBatchInference Create(RunningEmulator emulator) =>
        BedrockClientFactory.CreateBatchInference(
            BedrockClientOptions.ForEmulator(emulator.Server.BaseAddress, BedrockTestClients.AccessKey, BedrockTestClients.SecretKey, BedrockTestClients.Region));
}
