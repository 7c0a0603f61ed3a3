using System.Collections.Immutable;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>Clients pointed at a <see cref="RawHttpServer"/>, and requests to send them.</summary>
internal static class BedrockTestClients
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string ClaudeModelId = "anthropic.claude-3-5-sonnet-20241022-v2:0";

    public static BedrockRuntimeClient Runtime(RawHttpServer server) =>
        BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(server.BaseUri, AccessKey, SecretKey, Region));

    public static BedrockControlPlaneClient ControlPlane(RawHttpServer server) =>
        BedrockClientFactory.CreateControlPlane(BedrockClientOptions.ForEmulator(server.BaseUri, AccessKey, SecretKey, Region));

    public static BedrockBatchInference Batch(RawHttpServer server) =>
        BedrockClientFactory.CreateBatchInference(BedrockClientOptions.ForEmulator(server.BaseUri, AccessKey, SecretKey, Region));

    public static ModelRequest Converse(
        string modelId = ClaudeModelId, bool stream = false, TimeSpan? timeout = null, InvokeModelBody? invoke = null) =>
        new(
            modelId,
            "You are terse.",
            [Turn.UserText("Hi")],
            new InferenceSettings(256, 0.2, 0.9, ImmutableArray.Create("END")),
            stream,
            timeout ?? TimeSpan.FromSeconds(30),
            invoke);

    /// <summary>The Authorization a server recomputes from the raw request with the spec's algorithm.</summary>
    public static string ExpectedAuthorization(RecordedRequest request) =>
        ReferenceSigV4.ExpectedAuthorization(request, AccessKey, SecretKey, Region, "bedrock");
}
