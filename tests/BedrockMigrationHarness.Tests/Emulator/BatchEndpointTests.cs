using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>
/// The batch inference control plane over HTTP: Create/Get/List/StopModelInvocationJob, the job's statuses on a
/// <see cref="FakeTimeProvider"/>, its output records and manifest in the S3 root, idempotency, restart and failures.
/// </summary>
[TestFixture]
public sealed class BatchEndpointTests
{
    private const string Bucket = "batch-bucket";
    private const string Role = "arn:aws:iam::111122223333:role/BedrockBatch";
    private const string Model = EmulatorTestProfiles.Nova;

    /// <summary>A long but bounded wait for the background processing that reads the input (not a timing assertion).</summary>
    private static readonly TimeSpan ProcessingPatience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task CreateAndGet_ConverseJob_GoesThroughEveryStatusAndWritesOutputAndManifest()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        WriteInput(root, "run/input.jsonl", ConverseRecords(150));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(new BatchBehaviour { RecordsPerSecond = 100 }), s3Root: root.Path, clock: clock);

        var arn = await CreateAsync(emulator, "job-one", "s3://batch-bucket/run/input.jsonl", "s3://batch-bucket/out/");
        var jobId = arn[(arn.LastIndexOf('/') + 1)..];

        Assert.That(arn, Does.Match("^arn:aws:bedrock:us-east-1:111122223333:model-invocation-job/[a-z0-9]{12}$"));
        var submitted = await GetAsync(emulator, arn);
        Assert.That(submitted["status"]!.GetValue<string>(), Is.EqualTo("Submitted"));
        Assert.That(submitted["modelInvocationType"]!.GetValue<string>(), Is.EqualTo("Converse"));
        Assert.That(submitted["submitTime"]!.GetValue<string>(), Is.EqualTo("2026-03-01T12:00:00.000Z"));
        Assert.That(submitted["jobExpirationTime"]!.GetValue<string>(), Is.EqualTo("2026-03-02T12:00:00.000Z"));
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.That((await GetAsync(emulator, arn))["status"]!.GetValue<string>(), Is.EqualTo("Validating"));
        clock.Advance(TimeSpan.FromSeconds(0.5));
        var scheduled = await WaitForStatusAsync(emulator, arn, "Scheduled");
        Assert.That(scheduled["totalRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        clock.Advance(TimeSpan.FromSeconds(1));
        var running = await GetAsync(emulator, arn);
        Assert.That(running["status"]!.GetValue<string>(), Is.EqualTo("InProgress"));
        Assert.That(running["processedRecordCount"]!.GetValue<long>(), Is.EqualTo(50), "0.5 s at 100 records a second");
        Assert.That(OutputFolder(root, jobId), Does.Not.Exist, "no output before the job ends");
        clock.Advance(TimeSpan.FromSeconds(1));
        var completed = await GetAsync(emulator, arn);

        Assert.That(completed["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
        Assert.That(completed["endTime"]!.GetValue<string>(), Is.EqualTo("2026-03-01T12:00:03.000Z"));
        Assert.That(completed["processedRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        Assert.That(completed["successRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        Assert.That(completed["errorRecordCount"]!.GetValue<long>(), Is.Zero);
        var lines = ReadOutput(root, jobId, "input.jsonl.out");
        Assert.That(lines.Select(l => l["recordId"]!.GetValue<string>()).Order(), Is.EqualTo(RecordIds(150)));
        Assert.That(lines.Select(l => l["recordId"]!.GetValue<string>()), Is.Not.EqualTo(RecordIds(150)), "Bedrock does not keep the input's order");
        var first = lines[0];
        Assert.That(first["modelInput"]!["messages"], Is.Not.Null);
        Assert.That(first["modelOutput"]!["output"]!["message"]!["content"]![0]!["text"]!.GetValue<string>(), Is.Not.Empty);
        Assert.That(first["modelOutput"]!["stopReason"]!.GetValue<string>(), Is.EqualTo("end_turn"));
        var manifest = ReadManifest(root, jobId);
        Assert.That(manifest["totalRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        Assert.That(manifest["processedRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        Assert.That(manifest["successRecordCount"]!.GetValue<long>(), Is.EqualTo(150));
        Assert.That(manifest["errorRecordCount"]!.GetValue<long>(), Is.Zero);
        Assert.That(manifest["inputTokenCount"]!.GetValue<long>(), Is.EqualTo(lines.Sum(l => l["modelOutput"]!["usage"]!["inputTokens"]!.GetValue<long>())));
        Assert.That(manifest["outputTokenCount"]!.GetValue<long>(), Is.EqualTo(lines.Sum(l => l["modelOutput"]!["usage"]!["outputTokens"]!.GetValue<long>())));
    }

    [Test]
    public async Task Output_AnswersARecordAsTheConverseEndpointAnswersTheSameRequest()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        var records = ConverseRecords(100);
        WriteInput(root, "in/input.jsonl", records);
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "same-answers", "s3://batch-bucket/in/input.jsonl", "s3://batch-bucket/out");

        var lines = await RunToEndAsync(emulator, clock, root, arn, "Completed");
        using var response = await EmulatorHttp.PostJsonAsync(emulator.Client, Model, "converse", records[7]["modelInput"]!.ToJsonString());
        var onDemand = await EmulatorHttp.ReadJsonAsync(response);

        var batch = lines.Single(l => l["recordId"]!.GetValue<string>() == records[7]["recordId"]!.GetValue<string>());
        Assert.That(batch["modelOutput"]!["output"]!.ToJsonString(), Is.EqualTo(onDemand["output"]!.ToJsonString()), "one answer generation for both");
        Assert.That(batch["modelOutput"]!["usage"]!.ToJsonString(), Is.EqualTo(onDemand["usage"]!.ToJsonString()));
    }

    [Test]
    public async Task Output_BadRecordsAndInjectedErrors_AreRecordErrorsAndTheJobStillCompletes()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        var profile = EmulatorTestProfiles.Single(Model, new ModelProfile
        {
            Rules = [new CaseRule("throttled-case", null) { Errors = new ErrorRates { Throttle = 1 } }],
        }) with { Batch = new BatchBehaviour { MinRecords = 1 } };
        var input = string.Join('\n',
            """{"recordId":"00000000001","modelInput":{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}}""",
            """{"recordId":"00000000002","modelInput":{"messages":[{"role":"user","content":[{"text":"Hi"}]}],"requestMetadata":{"case_id":"throttled-case"}}}""",
            """{"recordId":"00000000003"}""",
            """this is not json""",
            """{"recordId":"00000000005","modelInput":{"messages":[{"role":"robot","content":[{"text":"Hi"}]}]}}""",
            string.Empty);
        Directory.CreateDirectory(Path.Combine(root.Path, Bucket));
        File.WriteAllText(Path.Combine(root.Path, Bucket, "input.jsonl"), input);
        await using var emulator = await RunningEmulator.StartAsync(profile, s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "bad-records", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");

        var lines = (await RunToEndAsync(emulator, clock, root, arn, "Completed")).ToDictionary(l => l["recordId"]!.GetValue<string>());
        var job = await GetAsync(emulator, arn);

        Assert.That(lines.Keys, Is.EquivalentTo(new[] { "00000000001", "00000000002", "00000000003", "L0000000004", "00000000005" }), "a line without a readable recordId gets one that no all-digit id can collide with");
        Assert.That(lines["00000000001"]["modelOutput"], Is.Not.Null);
        Assert.That(lines["00000000002"]["error"]!["errorCode"]!.GetValue<int>(), Is.EqualTo(429), "the profile's throttling becomes the record's error");
        Assert.That(lines["00000000003"]["error"]!["errorCode"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(lines["00000000003"]["error"]!["errorMessage"]!.GetValue<string>(), Does.Contain("modelInput"));
        Assert.That(lines["L0000000004"]["error"]!["errorMessage"]!.GetValue<string>(), Does.StartWith("The record is not valid JSON"));
        Assert.That(lines["00000000005"]["error"]!["errorCode"]!.GetValue<int>(), Is.EqualTo(400));
        Assert.That(lines["00000000005"]["modelInput"], Is.Not.Null, "a failed record keeps its input");
        Assert.That(job["successRecordCount"]!.GetValue<long>(), Is.EqualTo(1));
        Assert.That(job["errorRecordCount"]!.GetValue<long>(), Is.EqualTo(4));
    }

    [Test]
    public async Task InvokeModelJob_AnthropicBodies_AnswersInTheMessagesFormat()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        var records = Enumerable.Range(0, 100).Select(i => new JsonObject
        {
            ["recordId"] = RecordId(i),
            ["modelInput"] = JsonNode.Parse($$"""{"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"messages":[{"role":"user","content":"Question {{i}}"}]}"""),
        }).ToList();
        WriteInput(root, "input.jsonl", records);
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "invoke-job", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", EmulatorTestProfiles.Active, invocationType: null);

        var lines = await RunToEndAsync(emulator, clock, root, arn, "Completed");

        Assert.That((await GetAsync(emulator, arn))["modelInvocationType"]!.GetValue<string>(), Is.EqualTo("InvokeModel"), "InvokeModel is the default type");
        Assert.That(lines, Has.Count.EqualTo(100));
        Assert.That(lines[0]["modelOutput"]!["type"]!.GetValue<string>(), Is.EqualTo("message"));
        Assert.That(lines[0]["modelOutput"]!["usage"]!["output_tokens"]!.GetValue<int>(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Create_SameClientRequestToken_ReturnsTheSameJobAndStartsNoSecond()
    {
        using var root = new TempDirectory();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: new FakeTimeProvider());

        var first = await CreateAsync(emulator, "idem", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", token: "token-1");
        var again = await CreateAsync(emulator, "idem", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", token: "token-1");
        var other = await CreateAsync(emulator, "idem", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", token: "token-2");

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
        var list = await ListAsync(emulator, string.Empty);
        Assert.That(list["invocationJobSummaries"]!.AsArray().Select(j => j!["clientRequestToken"]!.GetValue<string>()), Is.EquivalentTo(new[] { "token-1", "token-2" }));
    }

    [Test]
    public async Task Stop_InProgress_StoppingThenStoppedWithTheProcessedRecordsOnly_AndAStopAfterTheEndIsRefused()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(1000));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(new BatchBehaviour { RecordsPerSecond = 100 }), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "to-stop", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");
        var jobId = arn[(arn.LastIndexOf('/') + 1)..];
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForStatusAsync(emulator, arn, "Scheduled");
        clock.Advance(TimeSpan.FromSeconds(2.5));

        using (var stop = await StopAsync(emulator, Uri.EscapeDataString(arn)))
        {
            Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await stop.Content.ReadAsStringAsync(), Is.EqualTo("{}"));
        }

        var stopping = await GetAsync(emulator, arn);
        Assert.That(stopping["status"]!.GetValue<string>(), Is.EqualTo("Stopping"));
        clock.Advance(TimeSpan.FromSeconds(10));
        var stopped = await GetAsync(emulator, arn);

        Assert.That(stopped["status"]!.GetValue<string>(), Is.EqualTo("Stopped"));
        Assert.That(stopped["processedRecordCount"]!.GetValue<long>(), Is.EqualTo(200), "2 s of processing at 100 records a second");
        Assert.That(ReadOutput(root, jobId, "input.jsonl.out"), Has.Count.EqualTo(200));
        Assert.That(ReadManifest(root, jobId)["processedRecordCount"]!.GetValue<long>(), Is.EqualTo(200));
        Assert.That(ReadManifest(root, jobId)["totalRecordCount"]!.GetValue<long>(), Is.EqualTo(1000));
        using var again = await StopAsync(emulator, jobId);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(again.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo("ValidationException"));
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("already ended with status Stopped"));
    }

    [Test]
    public async Task Stop_BeforeProcessing_StopsWithoutOutput()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "early-stop", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");

        using (var stop = await StopAsync(emulator, Uri.EscapeDataString(arn)))
        {
            Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        clock.Advance(TimeSpan.FromSeconds(5));
        var stopped = await GetAsync(emulator, arn);

        Assert.That(stopped["status"]!.GetValue<string>(), Is.EqualTo("Stopped"));
        Assert.That(stopped["processedRecordCount"]!.GetValue<long>(), Is.Zero);
        Assert.That(OutputFolder(root, arn[(arn.LastIndexOf('/') + 1)..]), Does.Not.Exist);
    }

    [Test]
    public async Task Restart_OnTheSameS3Root_ContinuesTheJobAndWritesItsOutputOnce()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(300));
        var profile = ProfileWith(new BatchBehaviour { RecordsPerSecond = 100 });
        string arn;
        await using (var first = await RunningEmulator.StartAsync(profile, s3Root: root.Path, clock: clock))
        {
            arn = await CreateAsync(first, "survives", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");
            clock.Advance(TimeSpan.FromSeconds(2));
            Assert.That((await GetAsync(first, arn))["status"]!.GetValue<string>(), Is.AnyOf("Validating", "InProgress"));
        }

        await using var second = await RunningEmulator.StartAsync(profile, s3Root: root.Path, clock: clock);
        var resumed = await WaitForStatusAsync(second, arn, "InProgress");
        Assert.That(resumed["jobName"]!.GetValue<string>(), Is.EqualTo("survives"));
        clock.Advance(TimeSpan.FromSeconds(5));
        var completed = await GetAsync(second, arn);
        await GetAsync(second, arn);

        var jobId = arn[(arn.LastIndexOf('/') + 1)..];
        Assert.That(completed["status"]!.GetValue<string>(), Is.EqualTo("Completed"));
        Assert.That(ReadOutput(root, jobId, "input.jsonl.out").Select(l => l["recordId"]!.GetValue<string>()).Order(), Is.EqualTo(RecordIds(300)), "every record once");
        Assert.That(Directory.GetFiles(OutputFolder(root, jobId)).Select(Path.GetFileName), Is.EquivalentTo(new[] { "input.jsonl.out", "manifest.json.out" }));
        Assert.That((await ListAsync(second, string.Empty))["invocationJobSummaries"]!.AsArray(), Has.Count.EqualTo(1), "the restarted emulator knows the one job");
    }

    [Test]
    public async Task TooFewRecords_FailsAfterValidatingWithAMessageNamingTheMinimum()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(12));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "too-few", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");
        clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await WaitForStatusAsync(emulator, arn, "Failed");

        Assert.That(failed["message"]!.GetValue<string>(), Does.Contain("has 12 records, fewer than 100, the minimum number of records per batch inference job"));
        Assert.That(failed["endTime"], Is.Not.Null);
        Assert.That(OutputFolder(root, arn[(arn.LastIndexOf('/') + 1)..]), Does.Not.Exist);
    }

    [Test]
    public async Task TooManyRecords_FailsWithAMessageNamingTheMaximum()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(30));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(new BatchBehaviour { MinRecords = 1, MaxRecords = 20 }), s3Root: root.Path, clock: clock);
        var arn = await CreateAsync(emulator, "too-many", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");
        clock.Advance(TimeSpan.FromSeconds(1));

        var failed = await WaitForStatusAsync(emulator, arn, "Failed");

        Assert.That(failed["message"]!.GetValue<string>(), Does.Contain("more than 20 records, the maximum number of records per batch inference job"));
    }

    [TestCase("no-batch-model", "does not support batch inference")]
    [TestCase("test.unknown-v1:0", "The provided model identifier is invalid")]
    [TestCase(EmulatorTestProfiles.Eol, "The provided model identifier is invalid")]
    public async Task Create_ModelWithoutBatch_IsAValidationExceptionWithTheReason(string modelId, string reason)
    {
        using var root = new TempDirectory();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        var profile = EmulatorTestProfiles.Standard() with
        {
            Models = new Dictionary<string, ModelProfile>(EmulatorTestProfiles.Standard().Models, StringComparer.Ordinal) { ["no-batch-model"] = new() { BatchSupported = false } },
        };
        await using var emulator = await RunningEmulator.StartAsync(profile, s3Root: root.Path);

        using var response = await PostCreateAsync(emulator, CreateBody("refused", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", modelId, "Converse", null));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException", reason);
    }

    [TestCase("s3://no-such-bucket/input.jsonl", "s3://batch-bucket/out/", "The S3 bucket no-such-bucket does not exist")]
    [TestCase("s3://batch-bucket/missing.jsonl", "s3://batch-bucket/out/", "does not exist; upload it before creating the job")]
    [TestCase("s3://batch-bucket/folder/", "s3://batch-bucket/out/", "names a folder")]
    [TestCase("https://batch-bucket/input.jsonl", "s3://batch-bucket/out/", "at 'inputDataConfig.s3InputDataConfig.s3Uri' failed to satisfy constraint")]
    public async Task Create_BadLocations_AreValidationExceptions(string input, string output, string message)
    {
        using var root = new TempDirectory();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path);

        using var response = await PostCreateAsync(emulator, CreateBody("bad-location", input, output, Model, "Converse", null));

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException", message);
    }

    [Test]
    public async Task Create_BreaksConstraints_ListsEveryViolation()
    {
        using var root = new TempDirectory();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path);
        var body = CreateBody("bad name!", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", Model, "Chat", null);
        body["roleArn"] = "not-a-role";
        body["timeoutDurationInHours"] = 12;

        using var response = await PostCreateAsync(emulator, body);

        var json = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "ValidationException", "4 validation errors detected");
        Assert.That(json, Does.Contain("'jobName'").And.Contain("'roleArn'").And.Contain("'modelInvocationType'").And.Contain("'timeoutDurationInHours'"));
    }

    [Test]
    public async Task GetAndStop_UnknownJob_AreResourceNotFound_AndAMalformedIdentifierIsAValidationException()
    {
        using var root = new TempDirectory();
        await using var emulator = await RunningEmulator.StartAsync(s3Root: root.Path);

        using var get = await emulator.Client.GetAsync(new Uri("/model-invocation-job/abcdefabcdef", UriKind.Relative));
        using var stop = await StopAsync(emulator, Uri.EscapeDataString("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefabcdef"));
        using var malformed = await emulator.Client.GetAsync(new Uri("/model-invocation-job/NOT-AN-ID", UriKind.Relative));

        await AssertErrorAsync(get, HttpStatusCode.NotFound, "ResourceNotFoundException", "abcdefabcdef does not exist");
        await AssertErrorAsync(stop, HttpStatusCode.NotFound, "ResourceNotFoundException", "does not exist");
        await AssertErrorAsync(malformed, HttpStatusCode.BadRequest, "ValidationException", "'jobIdentifier'");
    }

    [Test]
    public async Task BatchEndpoints_WithoutAnS3Root_SayHowToStartTheEmulatorWithOne()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        using var create = await PostCreateAsync(emulator, CreateBody("no-root", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/", Model, "Converse", null));
        using var list = await emulator.Client.GetAsync(new Uri("/model-invocation-jobs", UriKind.Relative));

        await AssertErrorAsync(create, HttpStatusCode.BadRequest, "ValidationException", "--s3-root");
        await AssertErrorAsync(list, HttpStatusCode.BadRequest, "ValidationException", "--s3-root");
    }

    [Test]
    public async Task List_FiltersByStatusAndName_PagesWithNextToken_AndSortsNewestFirst()
    {
        using var root = new TempDirectory();
        var clock = new FakeTimeProvider();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: clock);
        var arns = new List<string>();
        foreach (var name in new[] { "alpha-1", "alpha-2", "beta-1" })
        {
            arns.Add(await CreateAsync(emulator, name, "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/"));
            clock.Advance(TimeSpan.FromSeconds(0.1));
        }

        using (await StopAsync(emulator, arns[0][(arns[0].LastIndexOf('/') + 1)..]))
        {
        }

        var all = await ListAsync(emulator, string.Empty);
        var alphas = await ListAsync(emulator, "?nameContains=alpha");
        var stopping = await ListAsync(emulator, "?statusEquals=Stopping");
        var page1 = await ListAsync(emulator, "?maxResults=2&sortOrder=Ascending");
        var page2 = await ListAsync(emulator, "?maxResults=2&sortOrder=Ascending&nextToken=" + page1["nextToken"]!.GetValue<string>());
        using var badStatus = await emulator.Client.GetAsync(new Uri("/model-invocation-jobs?statusEquals=Done", UriKind.Relative));

        static IEnumerable<string> Names(JsonObject page) => page["invocationJobSummaries"]!.AsArray().Select(j => j!["jobName"]!.GetValue<string>());
        Assert.That(Names(all), Is.EqualTo(new[] { "beta-1", "alpha-2", "alpha-1" }));
        Assert.That(Names(alphas), Is.EqualTo(new[] { "alpha-2", "alpha-1" }));
        Assert.That(Names(stopping), Is.EqualTo(new[] { "alpha-1" }));
        Assert.That(Names(page1), Is.EqualTo(new[] { "alpha-1", "alpha-2" }));
        Assert.That(Names(page2), Is.EqualTo(new[] { "beta-1" }));
        Assert.That(page2["nextToken"], Is.Null);
        await AssertErrorAsync(badStatus, HttpStatusCode.BadRequest, "ValidationException", "'statusEquals'");
    }

    [Test]
    public async Task JobFolder_IsNoBucket_AndListObjectsOfABucketDoesNotShowIt()
    {
        using var root = new TempDirectory();
        WriteInput(root, "input.jsonl", ConverseRecords(100));
        await using var emulator = await RunningEmulator.StartAsync(ProfileWith(BatchBehaviour.Default), s3Root: root.Path, clock: new FakeTimeProvider());
        await CreateAsync(emulator, "hidden", "s3://batch-bucket/input.jsonl", "s3://batch-bucket/out/");

        using var jobs = await emulator.Client.GetAsync(new Uri("/.bmh-batch-jobs?list-type=2", UriKind.Relative));
        using var bucket = await emulator.Client.GetAsync(new Uri($"/{Bucket}?list-type=2", UriKind.Relative));

        Assert.That(Directory.GetFiles(Path.Combine(root.Path, ".bmh-batch-jobs"), "*.json"), Has.Length.EqualTo(1));
        Assert.That(jobs.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await jobs.Content.ReadAsStringAsync());
        Assert.That(await bucket.Content.ReadAsStringAsync(), Does.Contain("<Key>input.jsonl</Key>").And.Not.Contain("bmh-batch"));
    }

    private static EmulatorProfile ProfileWith(BatchBehaviour batch) => EmulatorTestProfiles.Standard() with { Batch = batch };

    private static string RecordId(int index) => (index * 100000L).ToString("D11", CultureInfo.InvariantCulture);

    private static List<string> RecordIds(int count) => [.. Enumerable.Range(0, count).Select(RecordId).Order(StringComparer.Ordinal)];

    private static List<JsonObject> ConverseRecords(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["recordId"] = RecordId(i),
            ["modelInput"] = JsonNode.Parse(EmulatorHttp.UserMessage($"Question number {i}", maxTokens: 300)),
        })];

    private static void WriteInput(TempDirectory root, string key, IEnumerable<JsonObject> records)
    {
        var path = Path.Combine(root.Path, Bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, records.Select(r => r.ToJsonString()));
    }

    private static string OutputFolder(TempDirectory root, string jobId) => Path.Combine(root.Path, Bucket, "out", jobId);

    private static List<JsonObject> ReadOutput(TempDirectory root, string jobId, string name)
    {
        return [.. File.ReadAllLines(Path.Combine(OutputFolder(root, jobId), name), Encoding.UTF8).Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    private static JsonObject ReadManifest(TempDirectory root, string jobId) => ReadOutput(root, jobId, "manifest.json.out").Single();

    private static JsonObject CreateBody(string name, string input, string output, string modelId, string? invocationType, string? token)
    {
        var body = new JsonObject
        {
            ["jobName"] = name,
            ["roleArn"] = Role,
            ["modelId"] = modelId,
            ["inputDataConfig"] = new JsonObject { ["s3InputDataConfig"] = new JsonObject { ["s3Uri"] = input, ["s3InputFormat"] = "JSONL" } },
            ["outputDataConfig"] = new JsonObject { ["s3OutputDataConfig"] = new JsonObject { ["s3Uri"] = output } },
        };
        if (invocationType is not null)
        {
            body["modelInvocationType"] = invocationType;
        }

        if (token is not null)
        {
            body["clientRequestToken"] = token;
        }

        return body;
    }

    private static async Task<HttpResponseMessage> PostCreateAsync(RunningEmulator emulator, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return await emulator.Client.PostAsync(new Uri("/model-invocation-job", UriKind.Relative), content);
    }

    private static async Task<string> CreateAsync(RunningEmulator emulator, string name, string input, string output, string modelId = Model, string? invocationType = "Converse", string? token = null)
    {
        using var response = await PostCreateAsync(emulator, CreateBody(name, input, output, modelId, invocationType, token));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!["jobArn"]!.GetValue<string>();
    }

    private static async Task<JsonObject> GetAsync(RunningEmulator emulator, string arn)
    {
        using var response = await emulator.Client.GetAsync(new Uri("/model-invocation-job/" + Uri.EscapeDataString(arn), UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<JsonObject> ListAsync(RunningEmulator emulator, string query)
    {
        using var response = await emulator.Client.GetAsync(new Uri("/model-invocation-jobs" + query, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static Task<HttpResponseMessage> StopAsync(RunningEmulator emulator, string identifier) =>
        emulator.Client.PostAsync(new Uri($"/model-invocation-job/{identifier}/stop", UriKind.Relative), null);

    /// <summary>Polls Get until the job has <paramref name="status"/>: processing runs in the background, on its own time.</summary>
    private static async Task<JsonObject> WaitForStatusAsync(RunningEmulator emulator, string arn, string status)
    {
        var deadline = DateTime.UtcNow + ProcessingPatience;
        while (true)
        {
            var job = await GetAsync(emulator, arn);
            if (job["status"]!.GetValue<string>() == status || DateTime.UtcNow > deadline)
            {
                Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo(status), job.ToJsonString());
                return job;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Lets the job read its input, then moves the clock far enough for it to end; its output lines.</summary>
    private static async Task<List<JsonObject>> RunToEndAsync(RunningEmulator emulator, FakeTimeProvider clock, TempDirectory root, string arn, string status)
    {
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitForStatusAsync(emulator, arn, "Scheduled");
        clock.Advance(TimeSpan.FromMinutes(10));
        var job = await GetAsync(emulator, arn);
        Assert.That(job["status"]!.GetValue<string>(), Is.EqualTo(status), job.ToJsonString());
        return ReadOutput(root, arn[(arn.LastIndexOf('/') + 1)..], "input.jsonl.out");
    }

    private static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string type, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        Assert.That(response.Headers.GetValues("x-amzn-ErrorType").Single(), Is.EqualTo(type));
        Assert.That(JsonNode.Parse(text)!["message"]!.GetValue<string>(), Does.Contain(message));
        return text;
    }
}
