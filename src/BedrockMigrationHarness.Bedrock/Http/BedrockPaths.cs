using BedrockMigrationHarness.Bedrock.Signing;

namespace BedrockMigrationHarness.Bedrock.Http;

/// <summary>Request paths as sent on the wire: the model label percent-encoded once (<c>:</c> → <c>%3A</c>, <c>/</c> → <c>%2F</c>).</summary>
internal static class BedrockPaths
{
    public static string Converse(string modelId) => Model(modelId, "converse");

    public static string ConverseStream(string modelId) => Model(modelId, "converse-stream");

    public static string Invoke(string modelId) => Model(modelId, "invoke");

    public static string FoundationModel(string modelIdentifier) => "/foundation-models/" + SigV4Encoding.Encode(modelIdentifier);

    public const string FoundationModels = "/foundation-models";

    /// <summary><c>CreateModelInvocationJob</c>.</summary>
    public const string ModelInvocationJobs = "/model-invocation-job";

    /// <summary><c>GetModelInvocationJob</c>: the job's ARN (percent-encoded as one segment, as the AWS SDKs send it) or id.</summary>
    public static string ModelInvocationJob(string jobIdentifier) => ModelInvocationJobs + "/" + SigV4Encoding.Encode(jobIdentifier);

    /// <summary><c>StopModelInvocationJob</c>.</summary>
    public static string StopModelInvocationJob(string jobIdentifier) => ModelInvocationJob(jobIdentifier) + "/stop";

    private static string Model(string modelId, string operation) => $"/model/{SigV4Encoding.Encode(modelId)}/{operation}";
}
