using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Decodes Converse / ConverseStream bodies as logged: the request (<c>messages</c>, <c>system</c>,
/// <c>inferenceConfig</c>, <c>toolConfig</c>, <c>additionalModelRequestFields</c>) and the answer (<c>output.message</c>,
/// <c>stopReason</c>, <c>metrics.latencyMs</c>, <c>usage</c>). Amazon Nova's InvokeModel schema (messages-v1) uses the
/// same message, system and tool shapes, so <see cref="NovaBodies"/> reuses the pieces.
/// </summary>
internal static class ConverseBodies
{
    /// <summary>Request members the harness does not send; they are named in <see cref="LoggedRequest.NotReplayed"/>.</summary>
    private static readonly ImmutableArray<string> NotSent =
        ["guardrailConfig", "promptVariables", "performanceConfig", "requestMetadata", "additionalModelResponseFieldPaths", "serviceTier", "outputConfig"];

    private static readonly ImmutableArray<string> Known = ["messages", "system", "inferenceConfig", "toolConfig", "additionalModelRequestFields", "modelId"];

    public static DecodedRequest DecodeRequest(JsonElement body)
    {
        JsonFields.ExpectObject(body, "input body");
        var notReplayed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var member in body.EnumerateObject())
        {
            if (!Known.Contains(member.Name))
            {
                notReplayed.Add(member.Name);
            }
        }

        var system = SystemPrompt(body, notReplayed);
        var messages = Messages(JsonFields.RequiredArray(body, "messages", string.Empty), "messages", notReplayed);
        var inference = JsonFields.OptionalObject(body, "inferenceConfig", string.Empty) is { } config
            ? new LoggedInference(
                JsonFields.OptionalInt(config, "maxTokens", "inferenceConfig"),
                JsonFields.OptionalDouble(config, "temperature", "inferenceConfig"),
                JsonFields.OptionalDouble(config, "topP", "inferenceConfig"),
                JsonFields.OptionalStrings(config, "stopSequences", "inferenceConfig"))
            : LoggedInference.NotSent;
        var tools = JsonFields.OptionalObject(body, "toolConfig", string.Empty) is { } toolConfig ? ToolConfig(toolConfig, "toolConfig") : null;
        var additional = JsonFields.OptionalObject(body, "additionalModelRequestFields", string.Empty) is { } fields
            ? CanonicalJson.OfObjectOrNull(fields)
            : null;
        return new DecodedRequest(system, messages, inference, tools, additional, [.. notReplayed]);
    }

    /// <summary><c>system</c>: text blocks joined by a blank line; a <c>cachePoint</c> block marks the cache point.</summary>
    public static SystemOverride? SystemPrompt(JsonElement body, ISet<string> notReplayed)
    {
        if (JsonFields.OptionalArray(body, "system", string.Empty) is not { } blocks)
        {
            return null;
        }

        var texts = new List<string>();
        var cachePoint = false;
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var path = $"system[{index++}]";
            JsonFields.ExpectObject(block, path);
            if (JsonFields.OptionalString(block, "text", path) is { } text)
            {
                texts.Add(text);
            }
            else if (JsonFields.Optional(block, "cachePoint") is not null)
            {
                cachePoint = true;
            }
            else if (JsonFields.OptionalObject(block, "guardContent", path) is { } guard)
            {
                texts.Add(GuardText(guard, JsonFields.Join(path, "guardContent")));
                notReplayed.Add("guardContent");
            }
            else
            {
                throw RecordRejectedException.Unreplayable($"{path} is a `{FirstName(block)}` block; a system prompt the harness sends holds text and cache points");
            }
        }

        return texts.Count == 0 ? null : new SystemOverride(string.Join("\n\n", texts), cachePoint);
    }

    public static ImmutableArray<Turn> Messages(JsonElement messages, string path, ISet<string> notReplayed)
    {
        var turns = ImmutableArray.CreateBuilder<Turn>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var turnPath = $"{path}[{index++}]";
            JsonFields.ExpectObject(message, turnPath);
            var role = Role(JsonFields.RequiredString(message, "role", turnPath), JsonFields.Join(turnPath, "role"));
            var content = JsonFields.RequiredArray(message, "content", turnPath);
            var parts = ImmutableArray.CreateBuilder<ContentPart>();
            var blockIndex = 0;
            foreach (var block in content.EnumerateArray())
            {
                if (Block(block, $"{turnPath}.content[{blockIndex++}]", notReplayed) is { } part)
                {
                    parts.Add(part);
                }
            }

            turns.Add(new Turn(role, parts.ToImmutable()));
        }

        return turns.ToImmutable();
    }

    public static TurnRole Role(string role, string path) => role switch
    {
        "user" => TurnRole.User,
        "assistant" => TurnRole.Assistant,
        _ => throw RecordRejectedException.Malformed($"{path} must be user or assistant (found `{Shorten(role)}`)"),
    };

    /// <summary>One content block, or null for a block left out (reasoning of an earlier turn).</summary>
    private static ContentPart? Block(JsonElement block, string path, ISet<string> notReplayed)
    {
        JsonFields.ExpectObject(block, path);
        if (JsonFields.OptionalString(block, "text", path) is { } text)
        {
            return new TextPart(text);
        }

        if (JsonFields.OptionalObject(block, "image", path) is { } image)
        {
            return Media(MediaKind.Image, image, JsonFields.Join(path, "image"));
        }

        if (JsonFields.OptionalObject(block, "document", path) is { } document)
        {
            return Media(MediaKind.Document, document, JsonFields.Join(path, "document"));
        }

        if (JsonFields.OptionalObject(block, "toolUse", path) is { } toolUse)
        {
            var usePath = JsonFields.Join(path, "toolUse");
            return new ToolUsePart(
                JsonFields.RequiredString(toolUse, "toolUseId", usePath),
                JsonFields.RequiredString(toolUse, "name", usePath),
                JsonFields.Required(toolUse, "input", usePath).GetRawText());
        }

        if (JsonFields.OptionalObject(block, "toolResult", path) is { } toolResult)
        {
            return ToolResult(toolResult, JsonFields.Join(path, "toolResult"));
        }

        if (JsonFields.Optional(block, "cachePoint") is not null)
        {
            return new CachePointPart();
        }

        if (JsonFields.Optional(block, "reasoningContent") is not null)
        {
            // The signed reasoning of an earlier answer belongs to the model that wrote it; another model cannot take it.
            notReplayed.Add("reasoningContent");
            return null;
        }

        if (JsonFields.OptionalObject(block, "guardContent", path) is { } guard)
        {
            notReplayed.Add("guardContent");
            return new TextPart(GuardText(guard, JsonFields.Join(path, "guardContent")));
        }

        throw RecordRejectedException.Unreplayable($"{path} is a `{FirstName(block)}` block, which the harness cannot send");
    }

    private static ContentPart Media(MediaKind kind, JsonElement media, string path)
    {
        var format = MediaBlocks.CheckFormat(kind, JsonFields.RequiredString(media, "format", path), JsonFields.Join(path, "format"));
        var name = kind == MediaKind.Document ? JsonFields.RequiredString(media, "name", path) : null;
        var source = JsonFields.RequiredObject(media, "source", path);
        return MediaBlocks.FromConverseSource(kind, format, name, source, JsonFields.Join(path, "source"));
    }

    private static ToolResultPart ToolResult(JsonElement result, string path)
    {
        var id = JsonFields.RequiredString(result, "toolUseId", path);
        var isError = JsonFields.OptionalString(result, "status", path) == "error";
        var content = JsonFields.RequiredArray(result, "content", path);
        var texts = new List<string>();
        string? json = null;
        var index = 0;
        foreach (var item in content.EnumerateArray())
        {
            var itemPath = $"{path}.content[{index++}]";
            JsonFields.ExpectObject(item, itemPath);
            if (JsonFields.OptionalString(item, "text", itemPath) is { } text)
            {
                texts.Add(text);
            }
            else if (JsonFields.Optional(item, "json") is { } value)
            {
                json = value.GetRawText();
            }
            else
            {
                throw RecordRejectedException.Unreplayable($"{itemPath} is a `{FirstName(item)}` tool result; the harness scripts text and JSON results");
            }
        }

        return json is not null && texts.Count == 0
            ? new ToolResultPart(id, json, IsJson: true, isError)
            : json is null
                ? new ToolResultPart(id, string.Join("\n\n", texts), IsJson: false, isError)
                : throw RecordRejectedException.Unreplayable($"{path} mixes text and JSON results; the harness scripts one kind per result");
    }

    /// <summary><c>toolConfig</c>: <c>tools</c> of <c>toolSpec</c> (and a trailing <c>cachePoint</c>), <c>toolChoice</c>.</summary>
    public static ToolConfiguration ToolConfig(JsonElement config, string path)
    {
        var tools = ImmutableArray.CreateBuilder<ToolDefinition>();
        var cachePoint = false;
        var index = 0;
        foreach (var tool in JsonFields.RequiredArray(config, "tools", path).EnumerateArray())
        {
            var toolPath = $"{path}.tools[{index++}]";
            JsonFields.ExpectObject(tool, toolPath);
            if (JsonFields.OptionalObject(tool, "toolSpec", toolPath) is { } spec)
            {
                var specPath = JsonFields.Join(toolPath, "toolSpec");
                var schema = JsonFields.RequiredObject(JsonFields.RequiredObject(spec, "inputSchema", specPath), "json", JsonFields.Join(specPath, "inputSchema"));
                tools.Add(new ToolDefinition(
                    JsonFields.RequiredString(spec, "name", specPath),
                    JsonFields.OptionalString(spec, "description", specPath),
                    schema.GetRawText(),
                    JsonFields.OptionalBool(spec, "strict", specPath) ?? false));
            }
            else if (JsonFields.Optional(tool, "cachePoint") is not null)
            {
                cachePoint = true;
            }
            else
            {
                throw RecordRejectedException.Unreplayable($"{toolPath} is a `{FirstName(tool)}` tool; the harness sends toolSpec tools");
            }
        }

        ToolChoice? choice = null;
        if (JsonFields.OptionalObject(config, "toolChoice", path) is { } choiceObject)
        {
            var choicePath = JsonFields.Join(path, "toolChoice");
            choice = JsonFields.Optional(choiceObject, "auto") is not null ? new ToolChoice(ToolChoiceKind.Auto)
                : JsonFields.Optional(choiceObject, "any") is not null ? new ToolChoice(ToolChoiceKind.Any)
                : JsonFields.OptionalObject(choiceObject, "tool", choicePath) is { } named
                    ? new ToolChoice(ToolChoiceKind.Tool, JsonFields.RequiredString(named, "name", JsonFields.Join(choicePath, "tool")))
                    : throw RecordRejectedException.Malformed($"{choicePath} must hold auto, any or tool");
        }

        return new ToolConfiguration(tools.ToImmutable(), choice, cachePoint);
    }

    /// <summary>The Converse response: <c>output.message.content</c> (text joined, tool calls), <c>stopReason</c>, <c>metrics.latencyMs</c>, <c>usage</c>.</summary>
    public static LoggedAnswer DecodeAnswer(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Array)
        {
            return StreamChunks.JoinConverseEvents(body, latencyFromMetadata: true);
        }

        JsonFields.ExpectObject(body, "output body");
        var output = JsonFields.RequiredObject(body, "output", "output body");
        var message = JsonFields.RequiredObject(output, "message", "output");
        var (text, calls) = AnswerContent(JsonFields.RequiredArray(message, "content", "output.message"), "output.message.content");
        var usage = JsonFields.OptionalObject(body, "usage", string.Empty);
        var metrics = JsonFields.OptionalObject(body, "metrics", string.Empty);
        return new LoggedAnswer(
            text,
            calls,
            JsonFields.OptionalString(body, "stopReason", string.Empty),
            metrics is { } m ? JsonFields.OptionalDouble(m, "latencyMs", "metrics") : null,
            usage is { } u1 ? JsonFields.OptionalInt(u1, "inputTokens", "usage") : null,
            usage is { } u2 ? JsonFields.OptionalInt(u2, "outputTokens", "usage") : null,
            usage is { } u3 ? JsonFields.OptionalInt(u3, "cacheReadInputTokens", "usage") : null,
            usage is { } u4 ? JsonFields.OptionalInt(u4, "cacheWriteInputTokens", "usage") : null);
    }

    /// <summary>An answer's blocks: text blocks joined (no separator: they are one answer), tool calls in order; others ignored.</summary>
    public static (string Text, ImmutableArray<ToolCall> Calls) AnswerContent(JsonElement content, string path)
    {
        var text = new System.Text.StringBuilder();
        var calls = ImmutableArray.CreateBuilder<ToolCall>();
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var blockPath = $"{path}[{index++}]";
            JsonFields.ExpectObject(block, blockPath);
            if (JsonFields.OptionalString(block, "text", blockPath) is { } piece)
            {
                text.Append(piece);
            }
            else if (JsonFields.OptionalObject(block, "toolUse", blockPath) is { } toolUse)
            {
                var usePath = JsonFields.Join(blockPath, "toolUse");
                calls.Add(new ToolCall(
                    JsonFields.RequiredString(toolUse, "toolUseId", usePath),
                    JsonFields.RequiredString(toolUse, "name", usePath),
                    JsonFields.Required(toolUse, "input", usePath).GetRawText()));
            }
        }

        return (text.ToString(), calls.ToImmutable());
    }

    public static string GuardText(JsonElement guard, string path) =>
        JsonFields.RequiredString(JsonFields.RequiredObject(guard, "text", path), "text", JsonFields.Join(path, "text"));

    public static string FirstName(JsonElement obj) => obj.EnumerateObject().Select(p => Shorten(p.Name)).FirstOrDefault() ?? "empty";

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
