using System.Text.Encodings.Web;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// The Converse / ConverseStream request body: <c>system</c> only when a system prompt is given, one user message,
/// and <c>inferenceConfig</c> without null or empty members. The model ID is in the path, not the body.
/// </summary>
internal static class ConverseRequestWriter
{
    // Prompts go to an API, not into HTML: non-ASCII text and characters such as ' + < stay as they are (UTF-8).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ModelRequest request)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256 + request.LastUserText.Length);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            if (!string.IsNullOrEmpty(request.SystemPrompt))
            {
                json.WriteStartArray("system");
                WriteTextBlock(json, request.SystemPrompt);
                json.WriteEndArray();
            }

            json.WriteStartArray("messages");
            foreach (var turn in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", turn.Role == TurnRole.User ? "user" : "assistant");
                json.WriteStartArray("content");
                foreach (var part in turn.Parts.OfType<TextPart>())
                {
                    WriteTextBlock(json, part.Text);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();

            var inference = request.Inference;
            json.WriteStartObject("inferenceConfig");
            json.WriteNumber("maxTokens", inference.MaxTokens);
            if (inference.Temperature is { } temperature)
            {
                json.WriteNumber("temperature", temperature);
            }

            if (inference.TopP is { } topP)
            {
                json.WriteNumber("topP", topP);
            }

            if (!inference.StopSequences.IsDefaultOrEmpty)
            {
                json.WriteStartArray("stopSequences");
                foreach (var stop in inference.StopSequences)
                {
                    json.WriteStringValue(stop);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTextBlock(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteEndObject();
    }
}
