using System.Text.Json.Nodes;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Batch;

/// <summary>The job calls of <see cref="BedrockMigrationHarness.Bedrock.BedrockBatchInference"/> on the wire, against a raw loopback server.</summary>
[TestFixture]
internal sealed class BedrockBatchInferenceControlPlaneTests
{
    private const string JobArn = "arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abc123def456";
    private const string EncodedArn = "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Amodel-invocation-job%2Fabc123def456";

    private static readonly BatchJobRequest Request = new(
        "bmh-run1-baseline-1",
        "run1baseline1",
        BedrockTestClients.ClaudeModelId,
        "arn:aws:iam::123456789012:role/BedrockBatchInference",
        new S3Uri("bucket", "bmh/run1/baseline/input.jsonl"),
        new S3Uri("bucket", "bmh/run1/baseline/output/"),
        BatchInvocationType.Converse,
        24);

    [Test]
    public async Task CreateJobAsync_SendsTheSignedServiceModelRequestAndReturnsTheArn()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, $"{{\"jobArn\":\"{JobArn}\"}}"));
        using var batch = BedrockTestClients.Batch(server);

        var arn = await batch.CreateJobAsync(Request, CancellationToken.None);

        var request = server.SingleRequest;
        var expected = JsonNode.Parse("""
            {"jobName":"bmh-run1-baseline-1","roleArn":"arn:aws:iam::123456789012:role/BedrockBatchInference","clientRequestToken":"run1baseline1",
             "modelId":"anthropic.claude-3-5-sonnet-20241022-v2:0",
             "inputDataConfig":{"s3InputDataConfig":{"s3Uri":"s3://bucket/bmh/run1/baseline/input.jsonl","s3InputFormat":"JSONL"}},
             "outputDataConfig":{"s3OutputDataConfig":{"s3Uri":"s3://bucket/bmh/run1/baseline/output/"}},
             "timeoutDurationInHours":24,"modelInvocationType":"Converse"}
            """);
        Assert.Multiple(() =>
        {
            Assert.That(arn, Is.EqualTo(JobArn));
            Assert.That((request.Method, request.Target), Is.EqualTo(("POST", "/model-invocation-job")));
            Assert.That(request.Header("Content-Type"), Is.EqualTo("application/json"));
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(request.BodyText), expected), Is.True, request.BodyText);
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
        });
    }

    [Test]
    public async Task GetJobAsync_EncodesTheArnAsOneSegmentAndReadsStateCountsAndOutput()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, $$$"""
            {"jobArn":"{{{JobArn}}}","jobName":"bmh-run1-baseline-1","modelId":"m","roleArn":"r","status":"PartiallyCompleted",
             "message":"Not all records were processed in time.","submitTime":"2026-12-02T15:00:00Z",
             "inputDataConfig":{"s3InputDataConfig":{"s3Uri":"s3://bucket/in.jsonl"}},
             "outputDataConfig":{"s3OutputDataConfig":{"s3Uri":"s3://bucket/bmh/out/"}},
             "totalRecordCount":10000,"processedRecordCount":9000,"successRecordCount":8990,"errorRecordCount":10,"futureMember":{}}
            """));
        using var batch = BedrockTestClients.Batch(server);

        var status = await batch.GetJobAsync(JobArn, CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That((request.Method, request.Target), Is.EqualTo(("GET", "/model-invocation-job/" + EncodedArn)));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
            Assert.That(status, Is.EqualTo(new BatchJobStatus(
                JobArn, BatchJobState.PartiallyCompleted, "Not all records were processed in time.", new S3Uri("bucket", "bmh/out/"), 10000, 9000, 8990, 10)));
            Assert.That(status.HasEnded, Is.True);
        });
    }

    [TestCase("{\"status\":\"Dreaming\"}", "`status` is `Dreaming`, which this version of bmh does not know.")]
    [TestCase("{\"jobArn\":\"x\"}", "The answer has no `status`.")]
    [TestCase("{\"status\":\"InProgress\",\"totalRecordCount\":-1}", "`totalRecordCount` is -1, not a whole number from 0")]
    [TestCase("{\"status\":\"InProgress\",\"message\":7}", "`message` is a number, not a string.")]
    public async Task GetJobAsync_AnswerNotOfTheServiceModel_IsANonRetryableErrorNamingTheMember(string body, string problem)
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, body));
        using var batch = BedrockTestClients.Batch(server);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.GetJobAsync(JobArn, CancellationToken.None))!;

        Assert.That(error.Message, Does.StartWith($"GetModelInvocationJob for job {JobArn}: the answer is not the one the service sends: {problem}"));
        Assert.That(error.Retryable, Is.False);
    }

    [Test]
    public async Task CreateJobAsync_AccessDenied_SaysWhichPermissionsTheCallerAndTheRoleNeed()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(403, "{\"message\":\"User is not authorized to perform iam:PassRole\"}", ("x-amzn-ErrorType", "AccessDeniedException")));
        using var batch = BedrockTestClients.Batch(server);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.CreateJobAsync(Request, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Does.StartWith(
                "CreateModelInvocationJob for job `bmh-run1-baseline-1` (model anthropic.claude-3-5-sonnet-20241022-v2:0): " +
                "AccessDeniedException (HTTP 403): User is not authorized to perform iam:PassRole. The caller needs bedrock:CreateModelInvocationJob and iam:PassRole"));
            Assert.That(error.ErrorType, Is.EqualTo("AccessDeniedException"));
            Assert.That(error.Retryable, Is.False);
        });
    }

    [Test]
    public async Task CreateJobAsync_ModelWithoutBatch_SaysToRunOnDemand()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(400, "{\"message\":\"The model m does not support batch inference.\"}", ("x-amzn-ErrorType", "ValidationException")));
        using var batch = BedrockTestClients.Batch(server);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.CreateJobAsync(Request, CancellationToken.None))!;

        Assert.That(error.Message, Does.EndWith(
            "ValidationException (HTTP 400): The model m does not support batch inference. This model does not take batch inference (in this region): " +
            "run the suite on-demand (without --batch), or choose a model that supports batch inference."));
    }

    [TestCase(429, "ThrottlingException", true)]
    [TestCase(500, "InternalServerException", true)]
    [TestCase(400, "ServiceQuotaExceededException", false)]
    [TestCase(404, "ResourceNotFoundException", false)]
    public async Task GetJobAsync_ServiceErrors_AreRetryableOnlyForThrottlingAnd5xx(int status, string type, bool retryable)
    {
        await using var server = new RawHttpServer(CannedResponse.Json(status, "{\"message\":\"m\"}", ("x-amzn-ErrorType", type)));
        using var batch = BedrockTestClients.Batch(server);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.GetJobAsync(JobArn, CancellationToken.None))!;

        Assert.That((error.ErrorType, error.Retryable), Is.EqualTo((type, retryable)));
    }

    [Test]
    public async Task GetJobAsync_ConnectionReset_IsRetryable()
    {
        await using var server = new RawHttpServer(CannedResponse.Behaving(ServerBehavior.Reset));
        using var batch = BedrockTestClients.Batch(server);

        var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.GetJobAsync(JobArn, CancellationToken.None))!;

        Assert.That((error.ErrorType, error.Retryable), Is.EqualTo(((string?)null, true)));
        Assert.That(error.Message, Does.StartWith($"GetModelInvocationJob for job {JobArn}: NetworkError: "));
    }

    [Test]
    public async Task StopJobAsync_PostsToTheStopPathWithoutABody()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, "{}"));
        using var batch = BedrockTestClients.Batch(server);

        await batch.StopJobAsync(JobArn, CancellationToken.None);

        var request = server.SingleRequest;
        Assert.That((request.Method, request.Target, request.Body.Length), Is.EqualTo(("POST", $"/model-invocation-job/{EncodedArn}/stop", 0)));
        Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
    }

    [TestCase("Completed", false)]
    [TestCase("Stopping", false)]
    [TestCase("InProgress", true)]
    public async Task StopJobAsync_RefusedWithConflict_IsAnErrorOnlyWhenTheJobStillRuns(string state, bool throws)
    {
        await using var server = new RawHttpServer(r => r.Path.EndsWith("/stop", StringComparison.Ordinal)
            ? CannedResponse.Json(400, "{\"message\":\"The job cannot be stopped in its state.\"}", ("x-amzn-ErrorType", "ConflictException"))
            : CannedResponse.Json(200, $"{{\"jobArn\":\"{JobArn}\",\"status\":\"{state}\"}}"));
        using var batch = BedrockTestClients.Batch(server);

        if (throws)
        {
            var error = Assert.ThrowsAsync<BatchServiceException>(() => batch.StopJobAsync(JobArn, CancellationToken.None))!;
            Assert.That(error.Message, Does.StartWith($"StopModelInvocationJob for job {JobArn}: ConflictException (HTTP 400)"));
        }
        else
        {
            Assert.DoesNotThrowAsync(() => batch.StopJobAsync(JobArn, CancellationToken.None));
        }
    }
}
