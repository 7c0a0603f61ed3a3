using System.Text;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Batch;

/// <summary>
/// The S3 side of <see cref="BedrockBatchInference"/> against the emulator's S3 (SigV4 required, so every passing call
/// also proves the signature): the input uploaded and the output and manifest read where a job writes them.
/// </summary>
[TestFixture]
internal sealed class BedrockBatchInferenceS3Tests
{
    private const string JobArn = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123def456";

    private static readonly S3Uri Input = new("bucket", "bmh/run1/baseline/input.jsonl");
    private static readonly S3Uri OutputPrefix = new("bucket", "bmh/run1/baseline/output/");

    [Test]
    public async Task UploadInputAsync_Records_StoresTheJsonlAndReturnsItsSize()
    {
        using var root = Bucket();
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);
        var request = BedrockTestClients.Converse();

        var size = await batch.UploadInputAsync(
            Input, BatchInvocationType.Converse, Enumerable.Range(0, 150).Select(i => new BatchInputRecord($"{i:D11}", request)), 1_000_000, CancellationToken.None);

        var stored = File.ReadAllBytes(Path.Combine(root.Path, "bucket", "bmh", "run1", "baseline", "input.jsonl"));
        Assert.That(stored, Has.Length.EqualTo(size));
        Assert.That(Encoding.UTF8.GetString(stored).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(150));
    }

    [Test]
    public async Task UploadInputAsync_AboveTheMultipartThreshold_UploadsInPartsAndStoresEveryByte()
    {
        using var root = Bucket();
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);
        var request = BedrockTestClients.Converse() with { Messages = [Turn.UserText(new string('a', 100_000))] };

        var size = await batch.UploadInputAsync(
            Input, BatchInvocationType.Converse, Enumerable.Range(0, 200).Select(i => new BatchInputRecord($"{i:D11}", request)), long.MaxValue, CancellationToken.None);

        Assert.That(size, Is.GreaterThan(16 * 1024 * 1024));
        Assert.That(new FileInfo(Path.Combine(root.Path, "bucket", "bmh", "run1", "baseline", "input.jsonl")).Length, Is.EqualTo(size));
        var log = emulator.Log.ToString().Split('\n');
        Assert.That(log.Count(l => l.StartsWith("PUT /bucket/bmh/run1/baseline/input.jsonl 200", StringComparison.Ordinal)), Is.EqualTo(2), "two parts");
        Assert.That(log.Count(l => l.StartsWith("POST /bucket/bmh/run1/baseline/input.jsonl 200", StringComparison.Ordinal)), Is.EqualTo(2), "initiate and complete");
    }

    [Test]
    public async Task UploadInputAsync_AboveTheFileSizeQuota_UploadsNothingAndGivesSizeAndLimit()
    {
        using var root = Bucket();
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);
        var request = BedrockTestClients.Converse();

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.UploadInputAsync(
            Input, BatchInvocationType.Converse, Enumerable.Range(0, 100).Select(i => new BatchInputRecord($"{i:D11}", request)), 1000, CancellationToken.None))!;

        Assert.That(error.Message, Does.Match(@"^s3://bucket/bmh/run1/baseline/input\.jsonl: the input file would be [\d,]+ bytes, above the limit of 1,000 bytes per input file \(batch\.max_input_mb\)\."));
        Assert.That(error.Retryable, Is.False);
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "bucket")), Is.Empty);
    }

    [Test]
    public async Task UploadInputAsync_NoSuchBucket_SaysToCreateItAndIsNotRetryable()
    {
        using var root = new TempDirectory();
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.UploadInputAsync(
            Input, BatchInvocationType.Converse, [new("00000000000", BedrockTestClients.Converse())], long.MaxValue, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith("s3://bucket/bmh/run1/baseline/input.jsonl: the bucket `bucket` does not exist (S3 NoSuchBucket). Create it"));
        Assert.That((error.ErrorType, error.Retryable), Is.EqualTo(("NoSuchBucket", false)));
    }

    [Test]
    public async Task ReadOutputAsync_TheJobsOutFile_YieldsItsRecords()
    {
        using var root = Bucket();
        WriteObject(root, "bmh/run1/baseline/output/abc123def456/input.jsonl.out",
            "{\"recordId\":\"00000000001\",\"modelInput\":{},\"error\":{\"errorCode\":429,\"errorMessage\":\"Too many requests\"}}\n" +
            "{\"recordId\":\"00000000000\",\"modelInput\":{},\"modelOutput\":{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"hi\"}]}},\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":3,\"outputTokens\":1}}}\n");
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);

        var records = new List<BatchOutputRecord>();
        await foreach (var record in batch.ReadOutputAsync(JobArn, OutputPrefix, Input, BatchInvocationType.Converse, null, CancellationToken.None))
        {
            records.Add(record);
        }

        Assert.That(records.Select(r => (r.RecordId, r.Result!.Outcome, r.Result.Text)), Is.EqualTo(new[]
        {
            ("00000000001", CallOutcome.Throttled, (string?)null),
            ("00000000000", CallOutcome.Success, "hi"),
        }));
    }

    [Test]
    public async Task ReadOutputAsync_AndManifest_NothingWritten_AreEmptyAndNull()
    {
        using var root = Bucket();
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);

        var any = false;
        await foreach (var unused in batch.ReadOutputAsync(JobArn, OutputPrefix, Input, BatchInvocationType.Converse, null, CancellationToken.None))
        {
            any = true;
        }

        Assert.That(any, Is.False);
        Assert.That(await batch.ReadManifestAsync(JobArn, OutputPrefix, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ReadManifestAsync_TheJobsManifest_ReadsItsCounts()
    {
        using var root = Bucket();
        WriteObject(root, "bmh/run1/baseline/output/abc123def456/manifest.json.out",
            "{\"totalRecordCount\":200,\"processedRecordCount\":200,\"successRecordCount\":198,\"errorRecordCount\":2,\"inputTokenCount\":5000000000,\"outputTokenCount\":900}");
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);

        var manifest = await batch.ReadManifestAsync(JobArn, new S3Uri("bucket", "bmh/run1/baseline/output"), CancellationToken.None);

        Assert.That(manifest, Is.EqualTo(new BatchManifest(200, 200, 198, 2, 5_000_000_000, 900)));
    }

    [TestCase("[]", "not a batch manifest (The manifest is not a JSON object.)")]
    [TestCase("{\"totalRecordCount\":1}", "not a batch manifest (The manifest has no `processedRecordCount`.)")]
    [TestCase("{", "not a batch manifest (")]
    public async Task ReadManifestAsync_NotAManifest_SaysSoNamingTheObject(string content, string problem)
    {
        using var root = Bucket();
        WriteObject(root, "bmh/run1/baseline/output/abc123def456/manifest.json.out", content);
        await using var emulator = await StartAsync(root);
        using var batch = Create(emulator);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.ReadManifestAsync(JobArn, OutputPrefix, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith($"s3://bucket/bmh/run1/baseline/output/abc123def456/manifest.json.out: {problem}"));
    }

    private static TempDirectory Bucket()
    {
        var root = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(root.Path, "bucket"));
        return root;
    }

    private static void WriteObject(TempDirectory root, string key, string content)
    {
        var path = Path.Combine(root.Path, "bucket", key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static Task<RunningEmulator> StartAsync(TempDirectory root) =>
        RunningEmulator.StartAsync(requireSigV4: new SigV4Key(BedrockTestClients.AccessKey, BedrockTestClients.SecretKey), s3Root: root.Path);

    private static BedrockBatchInference Create(RunningEmulator emulator) =>
        BedrockClientFactory.CreateBatchInference(
            BedrockClientOptions.ForEmulator(emulator.Server.BaseAddress, BedrockTestClients.AccessKey, BedrockTestClients.SecretKey, BedrockTestClients.Region));
}
