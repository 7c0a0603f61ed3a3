using System.Collections.Immutable;
using System.Text.Json;
using System.Text;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Bedrock.Runtime.AnswerFields;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a 200 Converse body. The answer text is the concatenated <c>text</c> blocks of <c>output.message.content</c>;
/// only when there is no <c>text</c> block at all and the model called a tool (structured output through a tool), the
/// text is the first <c>toolUse</c> block's <c>input</c> as JSON, so schema checks still see a structured answer. Every
/// <c>toolUse</c> block is a <see cref="ToolCall"/>; <c>reasoningContent</c> blocks are <see cref="ModelCallResult.ReasoningText"/>
/// (never part of the text); <c>usage.cacheReadInputTokens</c> / <c>cacheWriteInputTokens</c> are read when given.
/// Unknown members and block kinds are ignored. A body without <c>output.message.content</c> (an error body sent with
/// 200, <c>content</c> a string), without <c>stopReason</c> or <c>usage</c>, with a member of another type, a
/// <c>toolUse</c> whose <c>input</c> is not an object, reasoning without its text, a negative count or latency, or
/// invalid Unicode is <see cref="CallOutcome.MalformedResponse"/>.
/// </summary>
internal static class ConverseResponseReader
{
    public static ModelCallResult Read(ReadOnlyMemory<byte> body, int httpStatus, double clientLatencyMs)
    {
        try
        {
            using var document = AnswerFields.Parse(body);
            return ReadAnswer(document.RootElement, httpStatus, clientLatencyMs);
        }
        catch (JsonException)
        {
            return Unparsable(httpStatus, clientLatencyMs);
        }
        catch (MalformedResponseException ex)
        {
            return Malformed(ex, httpStatus, clientLatencyMs);
        }
    }

    /// <summary>An answer already parsed: a batch output record's <c>modelOutput</c>, which is the Converse response.</summary>
    public static ModelCallResult Read(JsonElement answer, int httpStatus, double clientLatencyMs)
    {
        try
        {
            return ReadAnswer(answer, httpStatus, clientLatencyMs);
        }
        catch (MalformedResponseException ex)
        {
            return Malformed(ex, httpStatus, clientLatencyMs);
        }
    }

    /// <summary>A 2xx whose body is not the JSON it should be: truncated or garbled on the way.</summary>
    public static ModelCallResult Unparsable(int httpStatus, double clientLatencyMs) =>
        ModelCallResult.Failure(CallOutcome.NetworkError, clientLatencyMs, httpStatus, null, "The response body could not be parsed as JSON.");

    /// <summary>A 2xx whose body is whole but not an answer.</summary>
    public static ModelCallResult Malformed(MalformedResponseException exception, int httpStatus, double clientLatencyMs) =>
        ModelCallResult.Failure(
            CallOutcome.MalformedResponse, clientLatencyMs, httpStatus, null, $"HTTP {httpStatus} but not a valid answer: {exception.Message}");

    private static ModelCallResult ReadAnswer(JsonElement root, int httpStatus, double clientLatencyMs)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedResponseException("The body is not a JSON object.");
        }

        if (Optional(root, "output", JsonValueKind.Object, "output") is null && OptionalText(root, "message", "message") is { } error)
        {
            // An error body ({"__type": ..., "message": ...}) sent with a success status.
            var type = OptionalText(root, "__type", "__type") ?? OptionalText(root, "code", "code");
            throw new MalformedResponseException(type is null ? $"it is an error body: {error}" : $"it is an error body ({type}): {error}");
        }

        var content = Required(Required(Required(root, "output", JsonValueKind.Object, "output"), "message", JsonValueKind.Object, "output.message"),
            "content", JsonValueKind.Array, "output.message.content");
        StringBuilder? text = null;
        var toolCalls = ImmutableArray.CreateBuilder<ToolCall>();
        var reasoning = new ReasoningText();
        var index = 0;
        foreach (var block in content.EnumerateArray())
        {
            var path = $"output.message.content[{index++}]";
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedResponseException($"`{path}` is not an object.");
            }

            if (OptionalText(block, "text", path + ".text") is { } part)
            {
                (text ??= new StringBuilder()).Append(part);
            }
            else if (Optional(block, "toolUse", JsonValueKind.Object, path + ".toolUse") is { } toolUse)
            {
                toolCalls.Add(new ToolCall(
                    RequiredText(toolUse, "toolUseId", path + ".toolUse.toolUseId"),
                    RequiredText(toolUse, "name", path + ".toolUse.name"),
                    CheckedRawJson(Required(toolUse, "input", JsonValueKind.Object, path + ".toolUse.input"), path + ".toolUse.input")));
            }
            else if (Optional(block, "reasoningContent", JsonValueKind.Object, path + ".reasoningContent") is { } reasoningContent)
            {
                reasoning.AddBlock(ReadReasoning(reasoningContent, path + ".reasoningContent"));
            }
        }

        var usage = Required(root, "usage", JsonValueKind.Object, "usage");
        var metrics = Optional(root, "metrics", JsonValueKind.Object, "metrics");
        return new ModelCallResult(
            CallOutcome.Success,
            text?.ToString() ?? (toolCalls.Count > 0 ? toolCalls[0].InputJson : string.Empty),
            OptionalText(root, "stopReason", "stopReason") ?? throw new MalformedResponseException("The answer has no `stopReason`."),
            Count(usage, "inputTokens", "usage.inputTokens"),
            Count(usage, "outputTokens", "usage.outputTokens"),
            metrics is { } m ? Milliseconds(m, "latencyMs", "metrics.latencyMs") : null,
            clientLatencyMs,
            TimeToFirstTokenMs: null,
            httpStatus,
            ErrorType: null,
            ErrorMessage: null)
        {
            ToolCalls = toolCalls.ToImmutable(),
            ReasoningText = reasoning.ToText(),
            CacheReadInputTokens = Count(usage, "cacheReadInputTokens", "usage.cacheReadInputTokens"),
            CacheWriteInputTokens = Count(usage, "cacheWriteInputTokens", "usage.cacheWriteInputTokens"),
        };
    }

    /// <summary>A <c>reasoningContent</c> block: its <c>reasoningText.text</c>, or the redaction marker for <c>redactedContent</c>.</summary>
    private static string ReadReasoning(JsonElement reasoningContent, string path)
    {
        if (Optional(reasoningContent, "reasoningText", JsonValueKind.Object, path + ".reasoningText") is { } reasoningText)
        {
            return RequiredText(reasoningText, "text", path + ".reasoningText.text");
        }

        return Optional(reasoningContent, "redactedContent", JsonValueKind.String, path + ".redactedContent") is not null
            ? ReasoningText.RedactedMarker
            : throw new MalformedResponseException($"`{path}` has neither `reasoningText` nor `redactedContent`.");
    }
}
