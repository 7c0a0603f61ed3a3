using System.Net.Http.Headers;
using System.Text.Json;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Bedrock.Runtime.AnswerFields;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a 200 InvokeModel answer. Text from the suite's JSON pointer (a string as is, an object or array as raw JSON);
/// tokens and server latency from the <c>X-Amzn-Bedrock-*</c> headers, else from the body's
/// <c>usage.input_tokens/output_tokens</c> (Anthropic) or <c>usage.inputTokens/outputTokens</c> (Nova); stop reason
/// from <c>stop_reason</c> or <c>stopReason</c>. A pointer that does not resolve to text (an error body sent with 200,
/// null, a number), a negative or non-numeric count or latency, or invalid Unicode is
/// <see cref="CallOutcome.MalformedResponse"/>.
/// </summary>
internal static class InvokeResponseReader
{
    public const string InputTokenCountHeader = "X-Amzn-Bedrock-Input-Token-Count";
    public const string OutputTokenCountHeader = "X-Amzn-Bedrock-Output-Token-Count";
    public const string InvocationLatencyHeader = "X-Amzn-Bedrock-Invocation-Latency";

    public static ModelCallResult Read(ReadOnlyMemory<byte> body, HttpResponseHeaders headers, string textPointer, int httpStatus, double clientLatencyMs)
    {
        try
        {
            using var document = AnswerFields.Parse(body);
            return Read(document.RootElement, headers, textPointer, httpStatus, clientLatencyMs);
        }
        catch (JsonException)
        {
            return ConverseResponseReader.Unparsable(httpStatus, clientLatencyMs);
        }
        catch (MalformedResponseException ex)
        {
            return ConverseResponseReader.Malformed(ex, httpStatus, clientLatencyMs);
        }
    }

    /// <summary>
    /// An answer already parsed. Without <paramref name="headers"/> (a batch output record's <c>modelOutput</c>) the
    /// counts come from the body alone.
    /// </summary>
    public static ModelCallResult Read(JsonElement root, HttpResponseHeaders? headers, string textPointer, int httpStatus, double clientLatencyMs)
    {
        try
        {
            var text = JsonPointer.Resolve(root, textPointer) switch
            {
                { ValueKind: JsonValueKind.String } s => Text(s, textPointer),
                { ValueKind: JsonValueKind.Object or JsonValueKind.Array } structured => structured.GetRawText(),
                var other => throw new MalformedResponseException(
                    $"the text pointer {textPointer} points at {(other is { } o ? o.ValueKind.ToString().ToLowerInvariant() : "nothing")}, not text."),
            };
            var usage = Optional(root, "usage", JsonValueKind.Object, "usage");
            return new ModelCallResult(
                CallOutcome.Success,
                text,
                OptionalText(root, "stop_reason", "stop_reason") ?? OptionalText(root, "stopReason", "stopReason"),
                Count(Header(headers, InputTokenCountHeader), InputTokenCountHeader) ?? BodyCount(usage, "input_tokens", "inputTokens"),
                Count(Header(headers, OutputTokenCountHeader), OutputTokenCountHeader) ?? BodyCount(usage, "output_tokens", "outputTokens"),
                Count(Header(headers, InvocationLatencyHeader), InvocationLatencyHeader),
                clientLatencyMs,
                TimeToFirstTokenMs: null,
                httpStatus,
                ErrorType: null,
                ErrorMessage: null);
        }
        catch (MalformedResponseException ex)
        {
            return ConverseResponseReader.Malformed(ex, httpStatus, clientLatencyMs);
        }
    }

    private static int? BodyCount(JsonElement? usage, string anthropicName, string novaName) =>
        usage is { } u ? Count(u, anthropicName, "usage." + anthropicName) ?? Count(u, novaName, "usage." + novaName) : null;

    private static string? Header(HttpResponseHeaders? headers, string name) =>
        headers is not null && headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
