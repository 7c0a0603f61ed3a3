using System.Collections.Immutable;
using System.Text.Json;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Decodes Amazon Nova InvokeModel bodies (<c>schemaVersion: messages-v1</c>): <c>system</c>, <c>messages</c> and
/// <c>toolConfig</c> are Converse-shaped; <c>inferenceConfig</c> takes <c>max_new_tokens</c> (or <c>maxTokens</c>),
/// <c>temperature</c>, <c>top_p</c>/<c>topP</c>, <c>stopSequences</c>; <c>top_k</c>/<c>topK</c> is kept as additional
/// field <c>{"inferenceConfig":{"topK":N}}</c>, the way Converse passes it to Nova. The answer is Converse-shaped.
/// </summary>
internal static class NovaBodies
{
    private static readonly ImmutableArray<string> Mapped = ["schemaVersion", "system", "messages", "inferenceConfig", "toolConfig"];

    public static DecodedRequest DecodeRequest(JsonElement body)
    {
        JsonFields.ExpectObject(body, "input body");
        var notReplayed = new SortedSet<string>(StringComparer.Ordinal);
        var system = ConverseBodies.SystemPrompt(body, notReplayed);
        var messages = ConverseBodies.Messages(JsonFields.RequiredArray(body, "messages", string.Empty), "messages", notReplayed);
        var inference = LoggedInference.NotSent;
        int? topK = null;
        if (JsonFields.OptionalObject(body, "inferenceConfig", string.Empty) is { } config)
        {
            const string Path = "inferenceConfig";
            inference = new LoggedInference(
                JsonFields.OptionalInt(config, "max_new_tokens", Path) ?? JsonFields.OptionalInt(config, "maxTokens", Path),
                JsonFields.OptionalDouble(config, "temperature", Path),
                JsonFields.OptionalDouble(config, "top_p", Path) ?? JsonFields.OptionalDouble(config, "topP", Path),
                JsonFields.OptionalStrings(config, "stopSequences", Path));
            topK = JsonFields.OptionalInt(config, "top_k", Path) ?? JsonFields.OptionalInt(config, "topK", Path);
        }

        var tools = JsonFields.OptionalObject(body, "toolConfig", string.Empty) is { } toolConfig ? ConverseBodies.ToolConfig(toolConfig, "toolConfig") : null;
        return new DecodedRequest(system, messages, inference, tools, Additional(body, topK), [.. notReplayed]);
    }

    public static LoggedAnswer DecodeAnswer(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array ? StreamChunks.JoinConverseEvents(body, latencyFromMetadata: false) : ConverseBodies.DecodeAnswer(body);

    private static string? Additional(JsonElement body, int? topK)
    {
        var rest = AnthropicBodies.AdditionalFields(body, Mapped);
        if (topK is not { } k)
        {
            return rest;
        }

        var merged = rest is null ? new System.Text.Json.Nodes.JsonObject() : System.Text.Json.Nodes.JsonNode.Parse(rest)!.AsObject();
        merged["inferenceConfig"] = new System.Text.Json.Nodes.JsonObject { ["topK"] = k };
        using var document = JsonDocument.Parse(merged.ToJsonString());
        return CanonicalJson.Of(document.RootElement);
    }
}
