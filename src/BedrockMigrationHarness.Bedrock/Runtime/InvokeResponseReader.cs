using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using BedrockMigrationHarness.Execution;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a 200 InvokeModel answer. Text from the suite's JSON pointer (a string as is, any other value as raw JSON,
/// null when the pointer does not resolve); tokens and server latency from the <c>X-Amzn-Bedrock-*</c> headers, else
/// from the body's <c>usage.input_tokens/output_tokens</c> (Anthropic) or <c>usage.inputTokens/outputTokens</c> (Nova);
/// stop reason from <c>stop_reason</c> or <c>stopReason</c>.
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
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var text = JsonPointer.Resolve(root, textPointer) switch
            {
                { ValueKind: JsonValueKind.String } s => s.GetString(),
                { } other => other.GetRawText(),
                null => null,
            };
            var usage = root.Member("usage");
            return new ModelCallResult(
                CallOutcome.Success,
                text,
                root.Member("stop_reason").AsString() ?? root.Member("stopReason").AsString(),
                HeaderInt(headers, InputTokenCountHeader) ?? usage.Member("input_tokens").AsInt32() ?? usage.Member("inputTokens").AsInt32(),
                HeaderInt(headers, OutputTokenCountHeader) ?? usage.Member("output_tokens").AsInt32() ?? usage.Member("outputTokens").AsInt32(),
                HeaderInt(headers, InvocationLatencyHeader),
                clientLatencyMs,
                TimeToFirstTokenMs: null,
                httpStatus,
                ErrorType: null,
                ErrorMessage: null);
        }
        catch (JsonException)
        {
            return ConverseResponseReader.Unparsable(httpStatus, clientLatencyMs);
        }
    }

    private static int? HeaderInt(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) &&
        int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
