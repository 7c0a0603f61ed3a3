using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Joins the chunks a streamed call logged (<c>outputBodyJson</c> is then an array of the chunks as the model sent
/// them) into one answer. A string item (the literal <c>"[DONE]"</c> Bedrock appends) and chunks of other types
/// (pings, content-block stops, guardrail traces) are skipped.
/// </summary>
internal static class StreamChunks
{
    /// <summary>Anthropic Messages events: <c>message_start</c>, <c>content_block_start</c>, <c>content_block_delta</c> (<c>text_delta</c>, <c>input_json_delta</c>), <c>message_delta</c>.</summary>
    public static LoggedAnswer JoinAnthropic(JsonElement chunks)
    {
        var text = new StringBuilder();
        var tools = new ToolAssembler();
        string? stopReason = null;
        int? input = null, output = null, cacheRead = null, cacheWrite = null;
        foreach (var (chunk, path) in Objects(chunks))
        {
            switch (JsonFields.OptionalString(chunk, "type", path))
            {
                case "message_start" when JsonFields.OptionalObject(chunk, "message", path) is { } message:
                    if (JsonFields.OptionalObject(message, "usage", path + ".message") is { } startUsage)
                    {
                        var usagePath = path + ".message.usage";
                        input = JsonFields.OptionalInt(startUsage, "input_tokens", usagePath);
                        output = JsonFields.OptionalInt(startUsage, "output_tokens", usagePath);
                        cacheRead = JsonFields.OptionalInt(startUsage, "cache_read_input_tokens", usagePath);
                        cacheWrite = JsonFields.OptionalInt(startUsage, "cache_creation_input_tokens", usagePath);
                    }

                    break;
                case "content_block_start" when JsonFields.OptionalObject(chunk, "content_block", path) is { } block
                                                && JsonFields.OptionalString(block, "type", path) == "tool_use":
                    var blockPath = path + ".content_block";
                    tools.Start(JsonFields.OptionalInt(chunk, "index", path) ?? 0,
                        JsonFields.RequiredString(block, "id", blockPath), JsonFields.RequiredString(block, "name", blockPath));
                    break;
                case "content_block_delta" when JsonFields.OptionalObject(chunk, "delta", path) is { } delta:
                    var deltaPath = path + ".delta";
                    switch (JsonFields.OptionalString(delta, "type", deltaPath))
                    {
                        case "text_delta":
                            text.Append(JsonFields.RequiredString(delta, "text", deltaPath));
                            break;
                        case "input_json_delta":
                            tools.Append(JsonFields.OptionalInt(chunk, "index", path) ?? 0, JsonFields.RequiredString(delta, "partial_json", deltaPath));
                            break;
                    }

                    break;
                case "message_delta":
                    if (JsonFields.OptionalObject(chunk, "delta", path) is { } messageDelta)
                    {
                        stopReason = JsonFields.OptionalString(messageDelta, "stop_reason", path + ".delta") ?? stopReason;
                    }

                    if (JsonFields.OptionalObject(chunk, "usage", path) is { } usage)
                    {
                        output = JsonFields.OptionalInt(usage, "output_tokens", path + ".usage") ?? output;
                    }

                    break;
            }
        }

        return new LoggedAnswer(text.ToString(), tools.Calls(), stopReason, null, input, output, cacheRead, cacheWrite);
    }

    /// <summary>
    /// Converse-stream events, which Amazon Nova's InvokeModelWithResponseStream also sends: <c>contentBlockStart</c>
    /// (a tool call's id and name), <c>contentBlockDelta</c> (<c>text</c>, <c>toolUse.input</c>), <c>messageStop</c>, <c>metadata</c>.
    /// </summary>
    public static LoggedAnswer JoinConverseEvents(JsonElement chunks, bool latencyFromMetadata)
    {
        var text = new StringBuilder();
        var tools = new ToolAssembler();
        string? stopReason = null;
        double? latency = null;
        int? input = null, output = null, cacheRead = null, cacheWrite = null;
        foreach (var (chunk, path) in Objects(chunks))
        {
            if (JsonFields.OptionalObject(chunk, "contentBlockStart", path) is { } start)
            {
                var startPath = path + ".contentBlockStart";
                if (JsonFields.OptionalObject(start, "start", startPath) is { } what && JsonFields.OptionalObject(what, "toolUse", startPath + ".start") is { } use)
                {
                    var usePath = startPath + ".start.toolUse";
                    tools.Start(JsonFields.OptionalInt(start, "contentBlockIndex", startPath) ?? 0,
                        JsonFields.RequiredString(use, "toolUseId", usePath), JsonFields.RequiredString(use, "name", usePath));
                }
            }
            else if (JsonFields.OptionalObject(chunk, "contentBlockDelta", path) is { } blockDelta)
            {
                var deltaPath = path + ".contentBlockDelta";
                var delta = JsonFields.RequiredObject(blockDelta, "delta", deltaPath);
                if (JsonFields.OptionalString(delta, "text", deltaPath + ".delta") is { } piece)
                {
                    text.Append(piece);
                }
                else if (JsonFields.OptionalObject(delta, "toolUse", deltaPath + ".delta") is { } useDelta)
                {
                    tools.Append(JsonFields.OptionalInt(blockDelta, "contentBlockIndex", deltaPath) ?? 0,
                        JsonFields.OptionalString(useDelta, "input", deltaPath + ".delta.toolUse") ?? string.Empty);
                }
            }
            else if (JsonFields.OptionalObject(chunk, "messageStop", path) is { } stop)
            {
                stopReason = JsonFields.OptionalString(stop, "stopReason", path + ".messageStop");
            }
            else if (JsonFields.OptionalObject(chunk, "metadata", path) is { } metadata)
            {
                var metadataPath = path + ".metadata";
                if (JsonFields.OptionalObject(metadata, "usage", metadataPath) is { } usage)
                {
                    var usagePath = metadataPath + ".usage";
                    input = JsonFields.OptionalInt(usage, "inputTokens", usagePath);
                    output = JsonFields.OptionalInt(usage, "outputTokens", usagePath);
                    cacheRead = JsonFields.OptionalInt(usage, "cacheReadInputTokens", usagePath);
                    cacheWrite = JsonFields.OptionalInt(usage, "cacheWriteInputTokens", usagePath);
                }

                if (latencyFromMetadata && JsonFields.OptionalObject(metadata, "metrics", metadataPath) is { } metrics)
                {
                    latency = JsonFields.OptionalDouble(metrics, "latencyMs", metadataPath + ".metrics");
                }
            }
        }

        return new LoggedAnswer(text.ToString(), tools.Calls(), stopReason, latency, input, output, cacheRead, cacheWrite);
    }

    /// <summary>Meta Llama chunks: <c>generation</c> pieces; the last carries <c>stop_reason</c> and the token counts.</summary>
    public static LoggedAnswer JoinLlama(JsonElement chunks)
    {
        var text = new StringBuilder();
        string? stopReason = null;
        int? input = null, output = null;
        foreach (var (chunk, path) in Objects(chunks))
        {
            text.Append(JsonFields.OptionalString(chunk, "generation", path));
            stopReason = JsonFields.OptionalString(chunk, "stop_reason", path) ?? stopReason;
            input = JsonFields.OptionalInt(chunk, "prompt_token_count", path) ?? input;
            output = JsonFields.OptionalInt(chunk, "generation_token_count", path) ?? output;
        }

        return new LoggedAnswer(text.ToString(), [], stopReason, null, input, output, null, null);
    }

    private static IEnumerable<(JsonElement Chunk, string Path)> Objects(JsonElement chunks)
    {
        var index = 0;
        foreach (var chunk in chunks.EnumerateArray())
        {
            var path = $"output body[{index++}]";
            if (chunk.ValueKind == JsonValueKind.Object)
            {
                yield return (chunk, path);
            }
            else if (chunk.ValueKind != JsonValueKind.String)
            {
                throw RecordRejectedException.Malformed($"{path} must be a chunk object or the \"[DONE]\" marker");
            }
        }
    }

    /// <summary>Tool calls rebuilt from their start chunk and the pieces of their input, by content-block index.</summary>
    private sealed class ToolAssembler
    {
        private readonly SortedDictionary<int, (string Id, string Name, StringBuilder Input)> _calls = [];

        public void Start(int index, string id, string name) => _calls[index] = (id, name, new StringBuilder());

        public void Append(int index, string piece)
        {
            if (_calls.TryGetValue(index, out var call))
            {
                call.Input.Append(piece);
            }
        }

        public ImmutableArray<ToolCall> Calls() =>
            [.. _calls.Values.Select(c => new ToolCall(c.Id, c.Name, c.Input.Length == 0 ? "{}" : c.Input.ToString()))];
    }
}
