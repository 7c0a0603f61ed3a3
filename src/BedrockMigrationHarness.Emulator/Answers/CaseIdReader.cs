using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Finds the case id a request names for profile rules: the <c>case_id</c> entry of the request metadata, which
/// Bedrock accepts for filtering invocation logs (Converse and ConverseStream: the body's <c>requestMetadata</c>
/// map; InvokeModel: the <c>X-Amzn-Bedrock-Request-Metadata</c> header, a JSON object).
/// </summary>
internal static class CaseIdReader
{
    /// <summary>The metadata key that carries the case id.</summary>
    public const string Key = "case_id";

    /// <summary>The InvokeModel request header that carries the metadata.</summary>
    public const string InvokeHeader = "X-Amzn-Bedrock-Request-Metadata";

    /// <summary>The case id from a Converse body's <c>requestMetadata</c>, or null.</summary>
    public static string? FromBody(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StringEntry(body["requestMetadata"]);
    }

    /// <summary>The case id from the InvokeModel metadata header's JSON, or null when absent or not a JSON object.</summary>
    public static string? FromHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        try
        {
            return StringEntry(JsonNode.Parse(header));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringEntry(JsonNode? metadata) =>
        metadata is JsonObject map && map[Key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
