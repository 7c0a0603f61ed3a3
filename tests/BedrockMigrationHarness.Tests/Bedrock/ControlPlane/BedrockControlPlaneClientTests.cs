using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Bedrock.Signing;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.ControlPlane;

[TestFixture]
internal sealed class BedrockControlPlaneClientTests
{
    // The shape of a GetFoundationModel answer with lifecycle dates (illustrative dates, not real AWS dates).
    private const string GetFoundationModelBody = """
        {
          "modelDetails": {
            "modelArn": "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "modelId": "anthropic.claude-3-5-sonnet-20241022-v2:0",
            "modelName": "Claude 3.5 Sonnet v2",
            "providerName": "Anthropic",
            "inputModalities": ["TEXT", "IMAGE"],
            "outputModalities": ["TEXT"],
            "responseStreamingSupported": true,
            "customizationsSupported": [],
            "inferenceTypesSupported": ["ON_DEMAND"],
            "modelLifecycle": {
              "status": "LEGACY",
              "startOfLifeTime": "2024-10-22T00:00:00Z",
              "legacyTime": "2025-08-25T00:00:00Z",
              "publicExtendedAccessTime": "2025-12-01T00:00:00Z",
              "endOfLifeTime": "2026-03-01T00:00:00Z"
            }
          }
        }
        """;

    [Test]
    public async Task GetFoundationModelAsync_SpecExample_SendsSignedGetAndParsesLifecycle()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, GetFoundationModelBody));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync(BedrockTestClients.ClaudeModelId, CancellationToken.None);

        var request = server.SingleRequest;
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        var model = result.Value!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("GET"));
            Assert.That(request.Target, Is.EqualTo("/foundation-models/anthropic.claude-3-5-sonnet-20241022-v2%3A0"));
            Assert.That(request.Body, Is.Empty);
            Assert.That(request.Header("Content-Type"), Is.Null);
            Assert.That(request.Header("X-Amz-Content-SHA256"), Is.EqualTo(SigV4Encoding.EmptyPayloadHash));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));

            Assert.That(model.ModelId, Is.EqualTo("anthropic.claude-3-5-sonnet-20241022-v2:0"));
            Assert.That(model.ModelArn, Is.EqualTo("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"));
            Assert.That(model.ModelName, Is.EqualTo("Claude 3.5 Sonnet v2"));
            Assert.That(model.ProviderName, Is.EqualTo("Anthropic"));
            Assert.That(model.InputModalities, Is.EqualTo(new[] { "TEXT", "IMAGE" }));
            Assert.That(model.OutputModalities, Is.EqualTo(new[] { "TEXT" }));
            Assert.That(model.InferenceTypes, Is.EqualTo(new[] { "ON_DEMAND" }));
            Assert.That(model.ResponseStreamingSupported, Is.True);
            Assert.That(model.Lifecycle, Is.EqualTo(new ModelLifecycle(
                "LEGACY",
                new DateTimeOffset(2024, 10, 22, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2025, 8, 25, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero))));
        });
    }

    [Test]
    public async Task GetFoundationModelAsync_Arn_EncodesColonsAndSlashOnce()
    {
        const string arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0";
        await using var server = new RawHttpServer(CannedResponse.Json(200, GetFoundationModelBody));
        using var client = BedrockTestClients.ControlPlane(server);

        await client.GetFoundationModelAsync(arn, CancellationToken.None);

        var request = server.SingleRequest;
        Assert.Multiple(() =>
        {
            Assert.That(request.Target, Is.EqualTo(
                "/foundation-models/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fanthropic.claude-3-5-sonnet-20241022-v2%3A0"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
        });
    }

    [Test]
    public async Task ListFoundationModelsAsync_Filters_SendsQueryAndToleratesUnknownValues()
    {
        const string body = """
            {"modelSummaries":[
              {"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0",
               "modelId":"anthropic.claude-3-7-sonnet-20250219-v1:0","providerName":"Anthropic",
               "inputModalities":["TEXT"],"outputModalities":["TEXT"],"inferenceTypesSupported":["INFERENCE_PROFILE"],
               "modelLifecycle":{"status":"SUNSETTING","legacyTime":"2026-01-15T10:30:00.123+02:00","endOfLifeTime":"2026-07-15T00:00:00.5Z"},
               "futureMember":{"a":1}},
              {"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0","modelId":"amazon.nova-micro-v1:0"},
              {"modelName":"no id, skipped"}
            ]}
            """;
        await using var server = new RawHttpServer(CannedResponse.Json(200, body));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.ListFoundationModelsAsync("Anthropic", "TEXT", "ON_DEMAND", CancellationToken.None);

        var request = server.SingleRequest;
        Assert.That(result.IsSuccess, Is.True, () => result.Error!.ToString());
        var models = result.Value;
        Assert.Multiple(() =>
        {
            Assert.That(request.Target, Is.EqualTo("/foundation-models?byProvider=Anthropic&byOutputModality=TEXT&byInferenceType=ON_DEMAND"));
            Assert.That(request.Header("Authorization"), Is.EqualTo(BedrockTestClients.ExpectedAuthorization(request)));
            Assert.That(models.Select(m => m.ModelId), Is.EqualTo(new[] { "anthropic.claude-3-7-sonnet-20250219-v1:0", "amazon.nova-micro-v1:0" }));
            Assert.That(models[0].InferenceTypes, Is.EqualTo(new[] { "INFERENCE_PROFILE" }));
            Assert.That(models[0].Lifecycle.Status, Is.EqualTo("SUNSETTING"));
            Assert.That(models[0].Lifecycle.LegacyTime, Is.EqualTo(new DateTimeOffset(2026, 1, 15, 8, 30, 0, 123, TimeSpan.Zero)));
            Assert.That(models[0].Lifecycle.LegacyTime!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(models[0].Lifecycle.EndOfLifeTime, Is.EqualTo(new DateTimeOffset(2026, 7, 15, 0, 0, 0, 500, TimeSpan.Zero)));
            Assert.That(models[0].Lifecycle.StartOfLifeTime, Is.Null);
            Assert.That(models[1].Lifecycle, Is.EqualTo(ModelLifecycle.Unknown));
            Assert.That(models[1].InputModalities, Is.Empty);
            Assert.That(models[1].ResponseStreamingSupported, Is.Null);
        });
    }

    [Test]
    public async Task ListFoundationModelsAsync_NoFilters_SendsNoQuery()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"modelSummaries":[]}"""));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.ListFoundationModelsAsync(null, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(server.SingleRequest.Target, Is.EqualTo("/foundation-models"));
            Assert.That(result.Value, Is.Empty);
        });
    }

    [Test]
    public async Task GetFoundationModelAsync_NotFound_IsPrintableError()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(
            404, """{"message":"Could not find model."}""", ("x-amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.bedrock/")));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync("nope.model-v1:0", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsSuccess, Is.False);
            Assert.That(result.Error!.Kind, Is.EqualTo(CallOutcome.ResourceNotFound));
            Assert.That(result.Error.ToString(), Is.EqualTo("ResourceNotFoundException (HTTP 404): Could not find model."));
        });
    }

    [Test]
    public async Task GetFoundationModelAsync_LoneSurrogateInAName_IsMalformedResponse()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"modelDetails":{"modelId":"a.b-v1:0","modelArn":"arn:aws:bedrock:us-east-1::foundation-model/a.b-v1:0","modelName":"bad \ud800 name","modelLifecycle":{"status":"ACTIVE"}}}"""));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync(BedrockTestClients.ClaudeModelId, CancellationToken.None);

        Assert.That(result.Error?.Kind, Is.EqualTo(CallOutcome.MalformedResponse), result.Error?.ToString());
    }

    [Test]
    public async Task GetFoundationModelAsync_InvalidUtf8_IsMalformedResponse()
    {
        byte[] body = [.. """{"modelDetails":{"modelId":"a.b-v1:0","modelName":"x"""u8, 0xC3, .. "\"}}"u8];
        await using var server = new RawHttpServer(new CannedResponse(200, [new("Content-Type", "application/json")], body));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync(BedrockTestClients.ClaudeModelId, CancellationToken.None);

        Assert.That(result.Error?.Kind, Is.EqualTo(CallOutcome.MalformedResponse), result.Error?.ToString());
    }

    [Test]
    public async Task ListFoundationModelsAsync_BodyAboveTheCap_IsMalformedResponse()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"modelSummaries":[]}""" + new string(' ', 4096)));
        using var client = BedrockClientFactory.CreateControlPlane(
            BedrockClientOptions.ForEmulator(server.BaseUri, BedrockTestClients.AccessKey, BedrockTestClients.SecretKey) with { MaxResponseBytes = 1024 });

        var result = await client.ListFoundationModelsAsync(null, null, null, CancellationToken.None);

        Assert.That(result.Error?.Kind, Is.EqualTo(CallOutcome.MalformedResponse));
    }

    [Test]
    public async Task GetFoundationModelAsync_UnexpectedJson_IsNetworkError()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(200, """{"somethingElse":{}}"""));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync(BedrockTestClients.ClaudeModelId, CancellationToken.None);

        Assert.That(result.Error?.Kind, Is.EqualTo(CallOutcome.NetworkError));
    }

    [Test]
    public async Task GetFoundationModelAsync_ConnectionReset_IsNetworkError()
    {
        await using var server = new RawHttpServer(CannedResponse.Behaving(ServerBehavior.Reset));
        using var client = BedrockTestClients.ControlPlane(server);

        var result = await client.GetFoundationModelAsync(BedrockTestClients.ClaudeModelId, CancellationToken.None);

        Assert.That(result.Error?.Kind, Is.EqualTo(CallOutcome.NetworkError));
    }

    [TestCase("2025-08-25T00:00:00Z", "2025-08-25T00:00:00.0000000+00:00")]
    [TestCase("2025-08-25T00:00:00.123456Z", "2025-08-25T00:00:00.1234560+00:00")]
    [TestCase("2025-08-25T05:00:00-05:00", "2025-08-25T05:00:00.0000000-05:00")]
    [TestCase("2025-08-25T00:00:00", "2025-08-25T00:00:00.0000000+00:00")]
    public void Timestamp_Iso8601_ParsesWithOffset(string text, string expectedRoundTrip)
    {
        using var document = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(text));

        var parsed = FoundationModelParser.Timestamp(document.RootElement);

        Assert.That(parsed?.ToString("O", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expectedRoundTrip));
    }

    [Test]
    public void Timestamp_EpochSecondsOrGarbage_ParsesOrIsNull()
    {
        using var document = System.Text.Json.JsonDocument.Parse("""[1724544000.5, "not a date", true]""");
        var items = document.RootElement.EnumerateArray().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(FoundationModelParser.Timestamp(items[0]), Is.EqualTo(new DateTimeOffset(2024, 8, 25, 0, 0, 0, 500, TimeSpan.Zero)));
            Assert.That(FoundationModelParser.Timestamp(items[1]), Is.Null);
            Assert.That(FoundationModelParser.Timestamp(items[2]), Is.Null);
        });
    }
}
