using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.EventStreams;
using Amazon.Runtime.EventStreams.Internal;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Execution;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a ConverseStream body (<c>application/vnd.amazon.eventstream</c>) to its end with AWSSDK.Core's
/// <see cref="EventStreamDecoder"/> and assembles one <see cref="ModelCallResult"/>: text and toolUse deltas,
/// <c>messageStop.stopReason</c>, <c>metadata.usage</c> and <c>metadata.metrics</c>. The <c>"p"</c> padding and
/// unknown events are ignored. An in-stream exception or error ends the call with its outcome; a CRC failure, an
/// unreadable payload or a stream that ends before <c>messageStop</c> is a <see cref="CallOutcome.NetworkError"/>.
/// </summary>
internal static class ConverseStreamReader
{
    private const int ReadBufferSize = 16 * 1024;

    /// <param name="startTimestamp">The <see cref="Stopwatch.GetTimestamp"/> taken just before the request was sent.</param>
    public static async Task<ModelCallResult> ReadAsync(Stream body, int httpStatus, long startTimestamp, CancellationToken cancellationToken)
    {
        var decoder = new EventStreamDecoder();
        var received = new Queue<EventStreamMessage>();
        decoder.MessageReceived += (_, e) => received.Enqueue(e.Message);
        var assembly = new StreamAssembly();

        while (true)
        {
            // A fresh buffer per read, always decoded from offset 0: ProcessData in AWSSDK.Core 4.1.0 treats its
            // length argument as an end index, so any other offset decodes nothing.
            var buffer = new byte[ReadBufferSize];
            var count = await body.ReadAsync(buffer, cancellationToken);
            if (count == 0)
            {
                break;
            }

            try
            {
                decoder.ProcessData(buffer, 0, count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // EventStreamChecksumFailureException for a CRC mismatch; other types for frames cut or garbled on the way.
                return ModelCallResult.Failure(
                    CallOutcome.NetworkError, Elapsed(startTimestamp), httpStatus, null, $"The event stream could not be decoded: {ex.Message}");
            }

            while (received.TryDequeue(out var message))
            {
                if (assembly.Apply(message, startTimestamp) is { } error)
                {
                    return ModelCallResult.Failure(error.Outcome, Elapsed(startTimestamp), httpStatus, error.ErrorType, error.Message);
                }
            }
        }

        var latency = Elapsed(startTimestamp);
        return assembly.StopReason is null
            ? ModelCallResult.Failure(CallOutcome.NetworkError, latency, httpStatus, null, "The event stream ended before messageStop.")
            : assembly.ToResult(httpStatus, latency);
    }

    private static double Elapsed(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>The state of one stream as its events arrive.</summary>
    private sealed class StreamAssembly
    {
        private readonly SortedDictionary<int, ContentBlock> _blocks = [];
        private double? _timeToFirstTokenMs;
        private int? _inputTokens;
        private int? _outputTokens;
        private long? _serverLatencyMs;

        public string? StopReason { get; private set; }

        /// <summary>Takes in one message; returns the error that ends the stream, if it is one.</summary>
        public BedrockError? Apply(EventStreamMessage message, long startTimestamp)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(message.Payload.Length == 0 ? "{}"u8.ToArray() : message.Payload);
            }
            catch (JsonException)
            {
                return new BedrockError(CallOutcome.NetworkError, "EventStreamPayload", "An event-stream payload is not valid JSON.");
            }

            using (document)
            {
                var payload = document.RootElement;
                switch (Header(message, ":message-type"))
                {
                    case "exception":
                        return BedrockError.FromStreamException(Header(message, ":exception-type") ?? "unknownException", payload.Member("message").AsString());
                    case "error":
                        var code = Header(message, ":error-code") ?? "UnknownError";
                        var errorMessage = Header(message, ":error-message");
                        return new BedrockError(BedrockError.Classify(code, errorMessage) ?? CallOutcome.ServerError, code, errorMessage);
                    default:
                        ApplyEvent(Header(message, ":event-type"), payload, startTimestamp);
                        return null;
                }
            }
        }

        public ModelCallResult ToResult(int httpStatus, double clientLatencyMs)
        {
            var toolBlock = _blocks.Values.FirstOrDefault(b => b.IsToolUse);
            var text = toolBlock is not null
                ? toolBlock.ToolInput.ToString()
                : string.Concat(_blocks.Values.Select(b => b.Text.ToString()));
            return new ModelCallResult(
                CallOutcome.Success, text, StopReason, _inputTokens, _outputTokens, _serverLatencyMs,
                clientLatencyMs, _timeToFirstTokenMs, httpStatus, ErrorType: null, ErrorMessage: null);
        }

        private void ApplyEvent(string? eventType, JsonElement payload, long startTimestamp)
        {
            switch (eventType)
            {
                case "contentBlockStart":
                    if (payload.Member("start").Member("toolUse") is not null)
                    {
                        Block(payload).IsToolUse = true;
                    }

                    break;
                case "contentBlockDelta":
                    _timeToFirstTokenMs ??= Elapsed(startTimestamp);
                    var delta = payload.Member("delta");
                    var block = Block(payload);
                    if (delta.Member("text").AsString() is { } text)
                    {
                        block.Text.Append(text);
                    }
                    else if (delta.Member("toolUse").Member("input").AsString() is { } fragment)
                    {
                        block.IsToolUse = true;
                        block.ToolInput.Append(fragment);
                    }

                    break;
                case "messageStop":
                    StopReason = payload.Member("stopReason").AsString() ?? string.Empty;
                    break;
                case "metadata":
                    var usage = payload.Member("usage");
                    _inputTokens = usage.Member("inputTokens").AsInt32();
                    _outputTokens = usage.Member("outputTokens").AsInt32();
                    _serverLatencyMs = payload.Member("metrics").Member("latencyMs").AsInt64();
                    break;
                default:
                    // messageStart, contentBlockStop and event types added after this client: nothing to keep.
                    break;
            }
        }

        private ContentBlock Block(JsonElement payload)
        {
            var index = payload.Member("contentBlockIndex").AsInt32() ?? 0;
            if (!_blocks.TryGetValue(index, out var block))
            {
                block = new ContentBlock();
                _blocks.Add(index, block);
            }

            return block;
        }

        private static string? Header(EventStreamMessage message, string name) =>
            message.Headers.TryGetValue(name, out var header) ? header.AsString() : null;
    }

    private sealed class ContentBlock
    {
        public StringBuilder Text { get; } = new();

        public StringBuilder ToolInput { get; } = new();

        public bool IsToolUse { get; set; }
    }
}
