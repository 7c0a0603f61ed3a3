using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Decodes Anthropic Messages bodies (InvokeModel with <c>anthropic_version</c>): <c>system</c> (a string or text
/// blocks), <c>messages</c> (a string or blocks: text, image, document, tool_use, tool_result), <c>max_tokens</c>,
/// <c>temperature</c>, <c>top_p</c>, <c>stop_sequences</c>, <c>tools</c>, <c>tool_choice</c>; every other member but
/// <c>anthropic_version</c> (<c>top_k</c>, <c>thinking</c>, <c>anthropic_beta</c>, ...) is kept as additional fields.
/// Consecutive turns of one role are merged, as the Messages API itself does.
/// </summary>
internal static class AnthropicBodies
{
    private static readonly ImmutableArray<string> Mapped =
        ["anthropic_version", "system", "messages", "max_tokens", "temperature", "top_p", "stop_sequences", "tools", "tool_choice"];

    public static DecodedRequest DecodeRequest(JsonElement body)
    {
        JsonFields.ExpectObject(body, "input body");
        var notReplayed = new SortedSet<string>(StringComparer.Ordinal);
        var system = SystemPrompt(body);
        var messages = Messages(JsonFields.RequiredArray(body, "messages", string.Empty), notReplayed);
        var inference = new LoggedInference(
            JsonFields.OptionalInt(body, "max_tokens", string.Empty),
            JsonFields.OptionalDouble(body, "temperature", string.Empty),
            JsonFields.OptionalDouble(body, "top_p", string.Empty),
            JsonFields.OptionalStrings(body, "stop_sequences", string.Empty));
        var tools = Tools(body, notReplayed);
        return new DecodedRequest(system, messages, inference, tools, AdditionalFields(body, Mapped), [.. notReplayed]);
    }

    /// <summary>The body's members outside <paramref name="mapped"/>, as one canonical JSON object; null when none.</summary>
    public static string? AdditionalFields(JsonElement body, ImmutableArray<string> mapped)
    {
        var extra = body.EnumerateObject().Where(p => !mapped.Contains(p.Name)).ToList();
        if (extra.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var member in extra.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                writer.WritePropertyName(member.Name);
                CanonicalJson.Write(member.Value, writer);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static SystemOverride? SystemPrompt(JsonElement body)
    {
        switch (JsonFields.Optional(body, "system"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } text:
                return text.GetString()!.Length == 0 ? null : new SystemOverride(text.GetString()!, CachePoint: false);
            case { ValueKind: JsonValueKind.Array } blocks:
                var texts = new List<string>();
                var cachePoint = false;
                var index = 0;
                foreach (var block in blocks.EnumerateArray())
                {
                    var path = $"system[{index++}]";
                    JsonFields.ExpectObject(block, path);
                    var type = JsonFields.RequiredString(block, "type", path);
                    texts.Add(type == "text"
                        ? JsonFields.RequiredString(block, "text", path)
                        : throw RecordRejectedException.Unreplayable($"{path} is a `{ConverseBodies.Shorten(type)}` block; a system prompt the harness sends holds text"));
                    cachePoint |= JsonFields.Optional(block, "cache_control") is not null;
                }

                return texts.Count == 0 ? null : new SystemOverride(string.Join("\n\n", texts), cachePoint);
            case var other:
                JsonFields.ExpectArray(other.Value, "system");
                return null;
        }
    }

    private static ImmutableArray<Turn> Messages(JsonElement messages, ISet<string> notReplayed)
    {
        var turns = new List<Turn>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var path = $"messages[{index++}]";
            JsonFields.ExpectObject(message, path);
            var role = ConverseBodies.Role(JsonFields.RequiredString(message, "role", path), JsonFields.Join(path, "role"));
            var parts = Content(JsonFields.Required(message, "content", path), JsonFields.Join(path, "content"), notReplayed);
            if (turns.Count > 0 && turns[^1].Role == role)
            {
                turns[^1] = new Turn(role, turns[^1].Parts.AddRange(parts));
            }
            else
            {
                turns.Add(new Turn(role, parts));
            }
        }

        return [.. turns];
    }

    private static ImmutableArray<ContentPart> Content(JsonElement content, string path, ISet<string> notReplayed)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            return [new TextPart(content.GetString()!)];
        }

        JsonFields.ExpectArray(content, path);
        var parts = ImmutableArray.CreateBuilder<ContentPart>();
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockPath = $"{path}[{index++}]";
            JsonFields.ExpectObject(block, blockPath);
            if (Block(block, blockPath, notReplayed) is { } part)
            {
                parts.Add(part);
            }

            if (JsonFields.Optional(block, "cache_control") is not null)
            {
                parts.Add(new CachePointPart());
            }
        }

        return parts.ToImmutable();
    }

    private static ContentPart? Block(JsonElement block, string path, ISet<string> notReplayed)
    {
        var type = JsonFields.RequiredString(block, "type", path);
        switch (type)
        {
            case "text":
                return new TextPart(JsonFields.RequiredString(block, "text", path));
            case "image":
            case "document":
                return Media(type == "image" ? MediaKind.Image : MediaKind.Document, block, path);
            case "tool_use":
                return new ToolUsePart(
                    JsonFields.RequiredString(block, "id", path),
                    JsonFields.RequiredString(block, "name", path),
                    JsonFields.Required(block, "input", path).GetRawText());
            case "tool_result":
                return ToolResult(block, path);
            case "thinking":
            case "redacted_thinking":
                // Signed reasoning of an earlier answer belongs to the model that wrote it; another model cannot take it.
                notReplayed.Add(type);
                return null;
            default:
                throw RecordRejectedException.Unreplayable($"{path} is a `{ConverseBodies.Shorten(type)}` block, which the harness cannot send");
        }
    }

    private static ContentPart Media(MediaKind kind, JsonElement block, string path)
    {
        var sourcePath = JsonFields.Join(path, "source");
        var source = JsonFields.RequiredObject(block, "source", path);
        var sourceType = JsonFields.RequiredString(source, "type", sourcePath);
        if (sourceType != "base64")
        {
            throw RecordRejectedException.Unreplayable($"{sourcePath} is of type `{ConverseBodies.Shorten(sourceType)}`; the harness sends base64 media");
        }

        var mediaType = JsonFields.RequiredString(source, "media_type", sourcePath);
        var format = MediaBlocks.CheckFormat(kind, FormatOf(kind, mediaType), JsonFields.Join(sourcePath, "media_type"));
        var bytes = MediaBlocks.DecodeBase64(JsonFields.RequiredString(source, "data", sourcePath), JsonFields.Join(sourcePath, "data"));
        var name = kind == MediaKind.Document ? JsonFields.OptionalString(block, "title", path) ?? "document" : null;
        return MediaBlocks.Part(kind, format, name, MediaBlocks.InlinePath, bytes);
    }

    private static string FormatOf(MediaKind kind, string mediaType) => (kind, mediaType) switch
    {
        (MediaKind.Document, "application/pdf") => "pdf",
        (MediaKind.Document, "text/plain") => "txt",
        (MediaKind.Document, "text/csv") => "csv",
        (MediaKind.Document, "text/html") => "html",
        (MediaKind.Document, "text/markdown") => "md",
        _ => mediaType.StartsWith("image/", StringComparison.Ordinal) ? mediaType["image/".Length..] : mediaType,
    };

    private static ToolResultPart ToolResult(JsonElement block, string path)
    {
        var id = JsonFields.RequiredString(block, "tool_use_id", path);
        var isError = JsonFields.OptionalBool(block, "is_error", path) ?? false;
        switch (JsonFields.Optional(block, "content"))
        {
            case null:
                return new ToolResultPart(id, string.Empty, IsJson: false, isError);
            case { ValueKind: JsonValueKind.String } text:
                return new ToolResultPart(id, text.GetString()!, IsJson: false, isError);
            case var blocks:
                var contentPath = JsonFields.Join(path, "content");
                JsonFields.ExpectArray(blocks.Value, contentPath);
                var texts = new List<string>();
                var index = 0;
                foreach (var item in blocks.Value.EnumerateArray())
                {
                    var itemPath = $"{contentPath}[{index++}]";
                    JsonFields.ExpectObject(item, itemPath);
                    var type = JsonFields.RequiredString(item, "type", itemPath);
                    texts.Add(type == "text"
                        ? JsonFields.RequiredString(item, "text", itemPath)
                        : throw RecordRejectedException.Unreplayable($"{itemPath} is a `{ConverseBodies.Shorten(type)}` tool result; the harness scripts text results"));
                }

                return new ToolResultPart(id, string.Join("\n\n", texts), IsJson: false, isError);
        }
    }

    private static ToolConfiguration? Tools(JsonElement body, ISet<string> notReplayed)
    {
        if (JsonFields.OptionalArray(body, "tools", string.Empty) is not { } list)
        {
            return null;
        }

        var tools = ImmutableArray.CreateBuilder<ToolDefinition>();
        var cachePoint = false;
        var index = 0;
        foreach (var tool in list.EnumerateArray())
        {
            var path = $"tools[{index++}]";
            JsonFields.ExpectObject(tool, path);
            if (JsonFields.OptionalString(tool, "type", path) is { } type && type != "custom")
            {
                throw RecordRejectedException.Unreplayable($"{path} is Anthropic's server tool `{ConverseBodies.Shorten(type)}`; the harness sends tools with an input schema");
            }

            tools.Add(new ToolDefinition(
                JsonFields.RequiredString(tool, "name", path),
                JsonFields.OptionalString(tool, "description", path),
                JsonFields.RequiredObject(tool, "input_schema", path).GetRawText(),
                Strict: false));
            cachePoint |= JsonFields.Optional(tool, "cache_control") is not null;
        }

        ToolChoice? choice = null;
        if (JsonFields.OptionalObject(body, "tool_choice", string.Empty) is { } choiceObject)
        {
            choice = JsonFields.RequiredString(choiceObject, "type", "tool_choice") switch
            {
                "auto" => new ToolChoice(ToolChoiceKind.Auto),
                "any" => new ToolChoice(ToolChoiceKind.Any),
                "tool" => new ToolChoice(ToolChoiceKind.Tool, JsonFields.RequiredString(choiceObject, "name", "tool_choice")),
                var other => NotReplayedChoice(other, notReplayed),
            };
        }

        return new ToolConfiguration(tools.ToImmutable(), choice, cachePoint);
    }

    private static ToolChoice? NotReplayedChoice(string type, ISet<string> notReplayed)
    {
        notReplayed.Add($"tool_choice {ConverseBodies.Shorten(type)}");
        return null;
    }

    /// <summary>A Messages response: <c>content</c> (text joined, <c>tool_use</c> calls), <c>stop_reason</c>, <c>usage</c>; or the streamed chunks.</summary>
    public static LoggedAnswer DecodeAnswer(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Array)
        {
            return StreamChunks.JoinAnthropic(body);
        }

        JsonFields.ExpectObject(body, "output body");
        var text = new System.Text.StringBuilder();
        var calls = ImmutableArray.CreateBuilder<ToolCall>();
        var index = 0;
        foreach (var block in JsonFields.RequiredArray(body, "content", string.Empty).EnumerateArray())
        {
            var path = $"content[{index++}]";
            JsonFields.ExpectObject(block, path);
            switch (JsonFields.OptionalString(block, "type", path))
            {
                case "text":
                    text.Append(JsonFields.RequiredString(block, "text", path));
                    break;
                case "tool_use":
                    calls.Add(new ToolCall(
                        JsonFields.RequiredString(block, "id", path),
                        JsonFields.RequiredString(block, "name", path),
                        JsonFields.Required(block, "input", path).GetRawText()));
                    break;
            }
        }

        var usage = JsonFields.OptionalObject(body, "usage", string.Empty);
        return new LoggedAnswer(
            text.ToString(),
            calls.ToImmutable(),
            JsonFields.OptionalString(body, "stop_reason", string.Empty),
            null,
            usage is { } u1 ? JsonFields.OptionalInt(u1, "input_tokens", "usage") : null,
            usage is { } u2 ? JsonFields.OptionalInt(u2, "output_tokens", "usage") : null,
            usage is { } u3 ? JsonFields.OptionalInt(u3, "cache_read_input_tokens", "usage") : null,
            usage is { } u4 ? JsonFields.OptionalInt(u4, "cache_creation_input_tokens", "usage") : null);
    }
}
