using System.Text.Encodings.Web;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// The Converse / ConverseStream request body (service model <c>ConverseRequest</c>), members in this order and each
/// only when set: <c>system</c> (the system prompt, then a <c>cachePoint</c> when <see cref="ModelRequest.CacheSystemPrompt"/>),
/// <c>messages</c> (every turn with every content part), <c>inferenceConfig</c> (no null or empty members),
/// <c>toolConfig</c>, <c>outputConfig</c> and <c>additionalModelRequestFields</c>. The model ID is in the path, not the body.
/// </summary>
/// <remarks>
/// Raw JSON from the suite (a tool's input schema, a scripted tool call's input, <c>additionalModelRequestFields</c>,
/// the structured-output schema) must be a JSON object without duplicate keys; a JSON tool result must be valid JSON.
/// The suite loader checks all of this first; what still fails here throws <see cref="UnsendableRequestException"/>.
/// </remarks>
internal static class ConverseRequestWriter
{
    // Prompts go to an API, not into HTML: non-ASCII text and characters such as ' + < stay as they are (UTF-8).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonDocumentOptions RawJsonOptions = new() { AllowDuplicateProperties = false };

    /// <exception cref="UnsendableRequestException">A raw JSON member is not what the API takes, a binary part has no bytes, or a named tool choice has no name.</exception>
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
                if (request.CacheSystemPrompt)
                {
                    WriteCachePoint(json);
                }

                json.WriteEndArray();
            }

            json.WriteStartArray("messages");
            foreach (var turn in request.Messages)
            {
                WriteTurn(json, turn);
            }

            json.WriteEndArray();
            WriteInference(json, request.Inference);
            if (request.Tools is { } tools)
            {
                WriteToolConfig(json, tools);
            }

            if (request.StructuredOutput is { } structured)
            {
                WriteOutputConfig(json, structured);
            }

            if (request.AdditionalFieldsJson is { } additional)
            {
                json.WritePropertyName("additionalModelRequestFields");
                WriteRawJson(json, additional, "additionalModelRequestFields", mustBeObject: true);
            }

            if (request.Tags is { } tags)
            {
                json.WriteStartObject("requestMetadata");
                json.WriteString(RequestTags.SuiteKey, tags.Suite);
                json.WriteString(RequestTags.CaseKey, tags.CaseId);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteTurn(Utf8JsonWriter json, Turn turn)
    {
        json.WriteStartObject();
        json.WriteString("role", turn.Role == TurnRole.User ? "user" : "assistant");
        json.WriteStartArray("content");
        foreach (var part in turn.Parts)
        {
            WritePart(json, part);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePart(Utf8JsonWriter json, ContentPart part)
    {
        switch (part)
        {
            case TextPart text:
                WriteTextBlock(json, text.Text);
                return;
            case ImagePart image:
                json.WriteStartObject();
                json.WriteStartObject("image");
                json.WriteString("format", image.Format);
                WriteBytesSource(json, image.Bytes, image.Path);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case DocumentPart document:
                json.WriteStartObject();
                json.WriteStartObject("document");
                json.WriteString("format", document.Format);
                json.WriteString("name", document.Name);
                WriteBytesSource(json, document.Bytes, document.Path);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case ToolUsePart toolUse:
                json.WriteStartObject();
                json.WriteStartObject("toolUse");
                json.WriteString("toolUseId", toolUse.ToolUseId);
                json.WriteString("name", toolUse.Name);
                json.WritePropertyName("input");
                WriteRawJson(json, toolUse.InputJson, $"the input of tool call {toolUse.ToolUseId}", mustBeObject: true);
                json.WriteEndObject();
                json.WriteEndObject();
                return;
            case ToolResultPart result:
                WriteToolResult(json, result);
                return;
            case CachePointPart:
                WriteCachePoint(json);
                return;
            default:
                throw new UnsendableRequestException($"a content part of type {part.GetType().Name} has no Converse form.");
        }
    }

    private static void WriteToolResult(Utf8JsonWriter json, ToolResultPart result)
    {
        json.WriteStartObject();
        json.WriteStartObject("toolResult");
        json.WriteString("toolUseId", result.ToolUseId);
        json.WriteStartArray("content");
        json.WriteStartObject();
        if (result.IsJson)
        {
            json.WritePropertyName("json");
            WriteRawJson(json, result.Content, $"the result of tool call {result.ToolUseId}", mustBeObject: false);
        }
        else
        {
            json.WriteString("text", result.Content);
        }

        json.WriteEndObject();
        json.WriteEndArray();

        // Only "error" is sent: the service model says `status` is supported by Amazon Nova and Anthropic Claude 3 and 4
        // only, so a successful result stays portable to the other models by leaving it out (success is the default).
        if (result.IsError)
        {
            json.WriteString("status", "error");
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInference(Utf8JsonWriter json, InferenceSettings inference)
    {
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
    }

    private static void WriteToolConfig(Utf8JsonWriter json, ToolConfiguration configuration)
    {
        json.WriteStartObject("toolConfig");
        json.WriteStartArray("tools");
        foreach (var tool in configuration.Tools.IsDefault ? [] : configuration.Tools)
        {
            json.WriteStartObject();
            json.WriteStartObject("toolSpec");
            json.WriteString("name", tool.Name);
            if (!string.IsNullOrEmpty(tool.Description))
            {
                json.WriteString("description", tool.Description);
            }

            json.WriteStartObject("inputSchema");
            json.WritePropertyName("json");
            WriteRawJson(json, tool.InputSchemaJson, $"the input schema of tool {tool.Name}", mustBeObject: true);
            json.WriteEndObject();
            if (tool.Strict)
            {
                json.WriteBoolean("strict", true);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        if (configuration.CachePoint)
        {
            WriteCachePoint(json);
        }

        json.WriteEndArray();
        if (configuration.Choice is { } choice)
        {
            json.WriteStartObject("toolChoice");
            switch (choice.Kind)
            {
                case ToolChoiceKind.Auto:
                    json.WriteStartObject("auto");
                    json.WriteEndObject();
                    break;
                case ToolChoiceKind.Any:
                    json.WriteStartObject("any");
                    json.WriteEndObject();
                    break;
                default:
                    json.WriteStartObject("tool");
                    json.WriteString("name", string.IsNullOrEmpty(choice.ToolName)
                        ? throw new UnsendableRequestException("the tool choice names no tool.")
                        : choice.ToolName);
                    json.WriteEndObject();
                    break;
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteOutputConfig(Utf8JsonWriter json, StructuredOutputRequest structured)
    {
        // The schema goes as a JSON string (JsonSchemaDefinition.schema is a String), checked to be a JSON object first.
        ParseRaw(structured.SchemaJson, $"the structured-output schema {structured.Name}", mustBeObject: true).Dispose();

        json.WriteStartObject("outputConfig");
        json.WriteStartObject("textFormat");
        json.WriteString("type", "json_schema");
        json.WriteStartObject("structure");
        json.WriteStartObject("jsonSchema");
        json.WriteString("schema", structured.SchemaJson);
        json.WriteString("name", structured.Name);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteBytesSource(Utf8JsonWriter json, ReadOnlyMemory<byte> bytes, string path)
    {
        if (bytes.IsEmpty)
        {
            throw new UnsendableRequestException($"{path} has no bytes to send (a part rebuilt from a journal cannot be sent again).");
        }

        json.WriteStartObject("source");
        json.WriteBase64String("bytes", bytes.Span);
        json.WriteEndObject();
    }

    private static void WriteTextBlock(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    private static void WriteCachePoint(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartObject("cachePoint");
        json.WriteString("type", "default");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRawJson(Utf8JsonWriter json, string raw, string what, bool mustBeObject)
    {
        using var document = ParseRaw(raw, what, mustBeObject);
        try
        {
            document.RootElement.WriteTo(json);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // JSON escapes may spell a lone surrogate (\ud800), which parses but cannot be written as UTF-8.
            throw new UnsendableRequestException($"{what} holds text that is not valid Unicode (a lone surrogate such as \\ud800).");
        }
    }

    private static JsonDocument ParseRaw(string raw, string what, bool mustBeObject)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw, RawJsonOptions);
        }
        catch (JsonException ex)
        {
            throw new UnsendableRequestException($"{what} is not valid JSON: {ex.Message}");
        }

        if (mustBeObject && document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind.ToString().ToLowerInvariant();
            document.Dispose();
            throw new UnsendableRequestException($"{what} must be a JSON object, not {kind}.");
        }

        return document;
    }
}
