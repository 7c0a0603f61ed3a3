using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// <see cref="LoggedRequest.BodySha256"/>: SHA-256 over a canonical JSON of the decoded request (system, messages,
/// inference settings, tools, additional fields), independent of the model, the operation and the key order of the
/// log, so the same production request logged twice (or through Converse and InvokeModel) hashes the same.
/// Images and documents count by their content hash, not where they were stored.
/// </summary>
internal static class RequestHash
{
    public static string Of(DecodedRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (request.System is { } system)
            {
                writer.WriteString("system", system.Text);
                writer.WriteBoolean("systemCachePoint", system.CachePoint);
            }

            writer.WriteStartArray("messages");
            foreach (var turn in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", turn.Role == TurnRole.User ? "user" : "assistant");
                writer.WriteStartArray("parts");
                foreach (var part in turn.Parts)
                {
                    Part(part, writer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            Inference(request.Inference, writer);
            if (request.Tools is { } tools)
            {
                Tools(tools, writer);
            }

            if (request.AdditionalFieldsJson is { } additional)
            {
                writer.WritePropertyName("additional");
                writer.WriteRawValue(CanonicalJson.OfText(additional));
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    private static void Part(ContentPart part, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        switch (part)
        {
            case TextPart text:
                writer.WriteString("text", text.Text);
                break;
            case ImagePart image:
                writer.WriteString("image", image.Format);
                writer.WriteString("sha256", image.Sha256);
                break;
            case DocumentPart document:
                writer.WriteString("document", document.Format);
                writer.WriteString("name", document.Name);
                writer.WriteString("sha256", document.Sha256);
                break;
            case ToolUsePart use:
                writer.WriteString("toolUse", use.ToolUseId);
                writer.WriteString("name", use.Name);
                writer.WritePropertyName("input");
                writer.WriteRawValue(CanonicalJson.OfText(use.InputJson));
                break;
            case ToolResultPart result:
                writer.WriteString("toolResult", result.ToolUseId);
                writer.WriteString("content", result.IsJson ? CanonicalJson.OfText(result.Content) : result.Content);
                writer.WriteBoolean("json", result.IsJson);
                writer.WriteBoolean("error", result.IsError);
                break;
            case CachePointPart:
                writer.WriteBoolean("cachePoint", true);
                break;
            default:
                throw new InvalidOperationException($"A {part.GetType().Name} reached the hash; media are fetched first.");
        }

        writer.WriteEndObject();
    }

    private static void Inference(LoggedInference inference, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("inference");
        if (inference.MaxTokens is { } maxTokens)
        {
            writer.WriteNumber("maxTokens", maxTokens);
        }

        if (inference.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (inference.TopP is { } topP)
        {
            writer.WriteNumber("topP", topP);
        }

        if (inference.StopSequences is { } stops)
        {
            writer.WriteStartArray("stopSequences");
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void Tools(ToolConfiguration tools, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("tools");
        writer.WriteStartArray("specs");
        foreach (var tool in tools.Tools)
        {
            writer.WriteStartObject();
            writer.WriteString("name", tool.Name);
            writer.WriteString("description", tool.Description);
            writer.WritePropertyName("schema");
            writer.WriteRawValue(CanonicalJson.OfText(tool.InputSchemaJson));
            writer.WriteBoolean("strict", tool.Strict);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (tools.Choice is { } choice)
        {
            writer.WriteString("choice", choice.Kind.ToString());
            writer.WriteString("choiceTool", choice.ToolName);
        }

        writer.WriteBoolean("cachePoint", tools.CachePoint);
        writer.WriteEndObject();
    }
}
