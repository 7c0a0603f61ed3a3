using System.Globalization;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>Renders an <see cref="Answer"/> as a Converse, Amazon Nova or Anthropic Messages response body.</summary>
internal static class AnswerJson
{
    public static JsonObject Converse(Answer answer, long latencyMs)
    {
        var body = Nova(answer);
        body["metrics"] = new JsonObject { ["latencyMs"] = latencyMs };
        return body;
    }

    /// <summary>Nova's InvokeModel body mirrors Converse without metrics.</summary>
    public static JsonObject Nova(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = answer.Reasoning is { } reasoning
                        ? new JsonArray(ReasoningBlock(reasoning), ConverseBlock(answer))
                        : new JsonArray(ConverseBlock(answer)),
                },
            },
            ["stopReason"] = answer.StopReason,
            ["usage"] = Usage(answer),
        };
    }

    /// <summary>Converse usage; the cache members only when the request has a cachePoint, and they count in the total.</summary>
    public static JsonObject Usage(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var usage = new JsonObject
        {
            ["inputTokens"] = answer.InputTokens,
            ["outputTokens"] = answer.OutputTokens,
            ["totalTokens"] = answer.InputTokens + answer.OutputTokens + answer.CacheReadInputTokens + answer.CacheWriteInputTokens,
        };
        if (answer.CacheReadInputTokens + answer.CacheWriteInputTokens > 0)
        {
            usage["cacheReadInputTokens"] = answer.CacheReadInputTokens;
            usage["cacheWriteInputTokens"] = answer.CacheWriteInputTokens;
        }

        return usage;
    }

    /// <summary>A Converse <c>reasoningContent</c> block.</summary>
    public static JsonObject ReasoningBlock(ReasoningBlock reasoning)
    {
        ArgumentNullException.ThrowIfNull(reasoning);
        return new JsonObject
        {
            ["reasoningContent"] = new JsonObject
            {
                ["reasoningText"] = new JsonObject { ["text"] = reasoning.Text, ["signature"] = reasoning.Signature },
            },
        };
    }

    public static JsonObject Anthropic(Answer answer, string modelId, Random random)
    {
        ArgumentNullException.ThrowIfNull(answer);
        JsonObject block = answer.ToolUse is { } tool
            ? new JsonObject
            {
                ["type"] = "tool_use",
                ["id"] = "toolu_bdrk_" + AnswerBuilder.RandomId(random, 24),
                ["name"] = tool.Name,
                ["input"] = tool.Input.DeepClone(),
            }
            : new JsonObject { ["type"] = "text", ["text"] = answer.Text };
        return new JsonObject
        {
            ["id"] = "msg_bdrk_" + AnswerBuilder.RandomId(random, 24),
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = AnthropicModelName(modelId),
            ["content"] = new JsonArray(block),
            ["stop_reason"] = answer.StopReason,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = answer.InputTokens,
                ["output_tokens"] = answer.OutputTokens,
            },
        };
    }

    private static JsonObject ConverseBlock(Answer answer) =>
        answer.ToolUse is { } tool
            ? new JsonObject
            {
                ["toolUse"] = new JsonObject
                {
                    ["toolUseId"] = tool.ToolUseId,
                    ["name"] = tool.Name,
                    ["input"] = tool.Input.DeepClone(),
                },
            }
            : new JsonObject { ["text"] = answer.Text };

    /// <summary><c>anthropic.claude-3-5-haiku-20241022-v1:0</c> → <c>claude-3-5-haiku-20241022</c>, as the Messages API names models.</summary>
    private static string AnthropicModelName(string modelId)
    {
        var name = modelId.StartsWith("anthropic.", StringComparison.Ordinal) ? modelId["anthropic.".Length..] : modelId;
        var versionAt = name.LastIndexOf("-v", StringComparison.Ordinal);
        return versionAt > 0 && name.IndexOf(':', versionAt) > 0 && char.IsAsciiDigit(name[versionAt + 2])
            ? name[..versionAt]
            : name;
    }

    /// <summary>A count or milliseconds as a header value (culture-invariant).</summary>
    public static string HeaderNumber(long value) => value.ToString(CultureInfo.InvariantCulture);
}
