using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.EventStream;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Raw HTTP calls to the emulator, encoding model ids as the SDKs do (only <c>-._~</c> left as they are).</summary>
internal static class EmulatorHttp
{
    public static string EncodeLabel(string modelId) => Uri.EscapeDataString(modelId);

    public static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string modelId, string operation, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync(new Uri($"/model/{EncodeLabel(modelId)}/{operation}", UriKind.Relative), content);
    }

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject
        ?? throw new InvalidOperationException("The response body is not a JSON object.");

    /// <summary>Posts to converse-stream and decodes every event frame of the answer.</summary>
    public static async Task<(HttpResponseMessage Response, IReadOnlyList<EventStreamMessage> Messages)> StreamAsync(HttpClient client, string modelId, string json)
    {
        var response = await PostJsonAsync(client, modelId, "converse-stream", json);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return (response, EventStreamCodec.DecodeAll(bytes));
    }

    /// <summary>An event's JSON payload.</summary>
    public static JsonObject Payload(EventStreamMessage message) =>
        JsonNode.Parse(Encoding.UTF8.GetString(message.Payload.Span))!.AsObject();

    public static string UserMessage(string text, int maxTokens = 512, string extra = "") =>
        $$"""{"messages":[{"role":"user","content":[{"text":{{JsonValue.Create(text).ToJsonString()}}}]}],"inferenceConfig":{"maxTokens":{{maxTokens}}}{{extra}}}""";
}
