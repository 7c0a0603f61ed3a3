using System.Text;
using System.Text.Json;
using BedrockMigrationHarness.Execution;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a 200 Converse body. The answer text is the concatenated <c>text</c> blocks of <c>output.message.content</c>;
/// when the model answered with a <c>toolUse</c> block (structured output through a tool), the text is that
/// block's <c>input</c> as JSON. Unknown members are ignored.
/// </summary>
internal static class ConverseResponseReader
{
    public static ModelCallResult Read(ReadOnlyMemory<byte> body, int httpStatus, double clientLatencyMs)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unparsable(httpStatus, clientLatencyMs);
            }

            var text = new StringBuilder();
            string? toolInput = null;
            if (root.Member("output").Member("message").Member("content") is { ValueKind: JsonValueKind.Array } content)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (block.Member("text").AsString() is { } part)
                    {
                        text.Append(part);
                    }
                    else if (toolInput is null && block.Member("toolUse").Member("input") is { } input)
                    {
                        toolInput = input.GetRawText();
                    }
                }
            }

            var usage = root.Member("usage");
            return new ModelCallResult(
                CallOutcome.Success,
                toolInput ?? text.ToString(),
                root.Member("stopReason").AsString(),
                usage.Member("inputTokens").AsInt32(),
                usage.Member("outputTokens").AsInt32(),
                root.Member("metrics").Member("latencyMs").AsInt64(),
                clientLatencyMs,
                TimeToFirstTokenMs: null,
                httpStatus,
                ErrorType: null,
                ErrorMessage: null);
        }
        catch (JsonException)
        {
            return Unparsable(httpStatus, clientLatencyMs);
        }
    }

    /// <summary>A 2xx whose body is not the JSON it should be: truncated or garbled on the way.</summary>
    public static ModelCallResult Unparsable(int httpStatus, double clientLatencyMs) =>
        ModelCallResult.Failure(CallOutcome.NetworkError, clientLatencyMs, httpStatus, null, "The response body could not be parsed as JSON.");
}
