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

    private static string Model(string modelId, string operation) => $"/model/{SigV4Encoding.Encode(modelId)}/{operation}";
}
