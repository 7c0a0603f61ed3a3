using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using System.Text;
using Amazon.Runtime.EventStreams;
using Amazon.Runtime.EventStreams.Internal;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Bedrock.Runtime.AnswerFields;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Reads a ConverseStream body (<c>application/vnd.amazon.eventstream</c>) to its end with AWSSDK.Core's
/// <see cref="EventStreamDecoder"/> and assembles one <see cref="ModelCallResult"/> the way
/// <see cref="ConverseResponseReader"/> reads a whole answer: text deltas, toolUse blocks (<c>contentBlockStart.start.toolUse</c>
/// and the <c>delta.toolUse.input</c> fragments of that block, parsed at its <c>contentBlockStop</c> or at the end),
/// <c>delta.reasoningContent</c>, <c>messageStop.stopReason</c>, <c>metadata.usage</c> (with the cache counts) and
/// <c>metadata.metrics</c>. The time to first token is the time to the first <c>contentBlockDelta</c> of any kind (text,
/// tool input or reasoning): the first sign the model is generating. The <c>"p"</c> padding and unknown events are
/// ignored. An in-stream exception or error ends the call with its outcome; a CRC failure or a stream that ends before
/// <c>messageStop</c> is a <see cref="CallOutcome.NetworkError"/>; an event whose payload is not the JSON its type
/// promises (not JSON, invalid UTF-8, a lone surrogate, <c>delta.text</c> a number, a negative count or latency, tool
/// input that does not assemble into a JSON object, a tool delta without its <c>contentBlockStart</c>) is
/// <see cref="CallOutcome.MalformedResponse"/>.
/// </summary>
internal static class ConverseStreamReader
{
    private const int ReadBufferSize = 16 * 1024;

    /// <param name="startTimestamp">The <see cref="Stopwatch.GetTimestamp"/> taken just before the request was sent.</param>
    /// <param name="maxBytes">
    /// The most bytes read from the stream, and the largest frame accepted: a stream or a declared frame above it is a
    /// <see cref="CallOutcome.MalformedResponse"/> at once (AWSSDK.Core's decoder allocates a frame's declared length
    /// up front, so an unchecked 2 GB length in a 12-byte prelude would allocate 2 GB).
    /// </param>
    public static async Task<ModelCallResult> ReadAsync(Stream body, int httpStatus, long startTimestamp, long maxBytes, CancellationToken cancellationToken)
    {
        var decoder = new EventStreamDecoder();
        var received = new Queue<EventStreamMessage>();
        decoder.MessageReceived += (_, e) => received.Enqueue(e.Message);
        var assembly = new StreamAssembly();
        var frames = new FrameLengths();
        long total = 0;

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

            total += count;
            if (total > maxBytes || frames.LargestDeclared(buffer.AsSpan(0, count)) > maxBytes)
            {
                return ModelCallResult.Failure(
                    CallOutcome.MalformedResponse, Elapsed(startTimestamp), httpStatus, null, Http.ResponseBody.TooLarge(maxBytes));
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

            try
            {
                while (received.TryDequeue(out var message))
                {
                    if (assembly.Apply(message, startTimestamp) is { } error)
                    {
                        return ModelCallResult.Failure(error.Outcome, Elapsed(startTimestamp), httpStatus, error.ErrorType, error.Message);
                    }
                }
            }
            catch (MalformedResponseException ex)
            {
                return ConverseResponseReader.Malformed(ex, httpStatus, Elapsed(startTimestamp));
            }
        }

        var latency = Elapsed(startTimestamp);
        if (assembly.StopReason is null)
        {
            return ModelCallResult.Failure(CallOutcome.NetworkError, latency, httpStatus, null, "The event stream ended before messageStop.");
        }

        try
        {
            return assembly.ToResult(httpStatus, latency);
        }
        catch (MalformedResponseException ex)
        {
            return ConverseResponseReader.Malformed(ex, httpStatus, latency);
        }
    }

    private static double Elapsed(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>The state of one stream as its events arrive.</summary>
    private sealed class StreamAssembly
    {
        private readonly SortedDictionary<int, ContentBlock> _blocks = [];
        private double? _timeToFirstTokenMs;
        private int? _inputTokens;
        private int? _outputTokens;
        private int? _cacheReadInputTokens;
        private int? _cacheWriteInputTokens;
        private long? _serverLatencyMs;

        public string? StopReason { get; private set; }

        /// <summary>Takes in one message; returns the error that ends the stream, if it is one.</summary>
        /// <exception cref="MalformedResponseException">The event is not what its type promises (its checksum was right, so the server sent it so).</exception>
        public BedrockError? Apply(EventStreamMessage message, long startTimestamp)
        {
            var eventType = Header(message, ":event-type");
            JsonDocument document;
            try
            {
                document = AnswerFields.Parse(message.Payload.Length == 0 ? "{}"u8.ToArray() : message.Payload);
            }
            catch (JsonException)
            {
                throw new MalformedResponseException($"the payload of a {eventType ?? "stream"} event is not valid JSON.");
            }

            using (document)
            {
                var payload = document.RootElement;
                switch (Header(message, ":message-type"))
                {
                    case "exception":
                                return BedrockError.FromStreamException(
                            Header(message, ":exception-type") ?? "unknownException", OptionalText(payload, "message", "message"));
                    case "error":
                        var code = Header(message, ":error-code") ?? "UnknownError";
                        var errorMessage = Header(message, ":error-message");
                        return new BedrockError(BedrockError.Classify(code, errorMessage) ?? CallOutcome.ServerError, code, errorMessage);
                    default:
                        ApplyEvent(eventType, payload, startTimestamp);
                        return null;
                }
            }
        }

        /// <exception cref="MalformedResponseException">A tool block's input, never closed by a <c>contentBlockStop</c>, is not a JSON object.</exception>
        public ModelCallResult ToResult(int httpStatus, double clientLatencyMs)
        {
            var toolCalls = _blocks.Values.Where(b => b.Tool is not null).Select(b => b.Tool!.ToToolCall()).ToImmutableArray();
            var textBlocks = _blocks.Values.Where(b => b.Text is not null).ToList();
            var text = textBlocks.Count > 0
                ? string.Concat(textBlocks.Select(b => b.Text!.ToString()))
                : toolCalls.Length > 0 ? toolCalls[0].InputJson : string.Empty;
            var reasoning = new ReasoningText();
            foreach (var block in _blocks.Values.Where(b => b.Reasoning is not null || b.ReasoningRedacted))
            {
                reasoning.AddBlock(block.Reasoning is { } r ? r.ToString() : ReasoningText.RedactedMarker);
            }

            return new ModelCallResult(
                CallOutcome.Success, text, StopReason, _inputTokens, _outputTokens, _serverLatencyMs,
                clientLatencyMs, _timeToFirstTokenMs, httpStatus, ErrorType: null, ErrorMessage: null)
            {
                ToolCalls = toolCalls,
                ReasoningText = reasoning.ToText(),
                CacheReadInputTokens = _cacheReadInputTokens,
                CacheWriteInputTokens = _cacheWriteInputTokens,
            };
        }

        private void ApplyEvent(string? eventType, JsonElement payload, long startTimestamp)
        {
            if (eventType is not null && payload.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedResponseException($"the payload of a {eventType} event is not a JSON object.");
            }

            switch (eventType)
            {
                case "contentBlockStart":
                    if (Optional(payload, "start", JsonValueKind.Object, "contentBlockStart.start") is { } start
                        && Optional(start, "toolUse", JsonValueKind.Object, "contentBlockStart.start.toolUse") is { } toolStart)
                    {
                        var block = Block(payload, eventType);
                        block.Tool = new ToolBlock(
                            block.Index,
                            RequiredText(toolStart, "toolUseId", "contentBlockStart.start.toolUse.toolUseId"),
                            RequiredText(toolStart, "name", "contentBlockStart.start.toolUse.name"));
                    }

                    break;
                case "contentBlockDelta":
                    _timeToFirstTokenMs ??= Elapsed(startTimestamp);
                    ApplyDelta(Block(payload, eventType), Required(payload, "delta", JsonValueKind.Object, "contentBlockDelta.delta"));
                    break;
                case "contentBlockStop":
                    Block(payload, eventType).Tool?.Close();
                    break;
                case "messageStop":
                    StopReason = OptionalText(payload, "stopReason", "messageStop.stopReason")
                        ?? throw new MalformedResponseException("a messageStop event has no `stopReason`.");
                    break;
                case "metadata":
                    var usage = Required(payload, "usage", JsonValueKind.Object, "metadata.usage");
                    _inputTokens = Count(usage, "inputTokens", "metadata.usage.inputTokens");
                    _outputTokens = Count(usage, "outputTokens", "metadata.usage.outputTokens");
                    _cacheReadInputTokens = Count(usage, "cacheReadInputTokens", "metadata.usage.cacheReadInputTokens");
                    _cacheWriteInputTokens = Count(usage, "cacheWriteInputTokens", "metadata.usage.cacheWriteInputTokens");
                    _serverLatencyMs = Optional(payload, "metrics", JsonValueKind.Object, "metadata.metrics") is { } metrics
                        ? Milliseconds(metrics, "latencyMs", "metadata.metrics.latencyMs")
                        : null;
                    break;
                default:
                    // messageStart and event types added after this client: nothing to keep.
                    break;
            }
        }

        private static void ApplyDelta(ContentBlock block, JsonElement delta)
        {
            if (OptionalText(delta, "text", "contentBlockDelta.delta.text") is { } text)
            {
                (block.Text ??= new StringBuilder()).Append(text);
            }
            else if (Optional(delta, "toolUse", JsonValueKind.Object, "contentBlockDelta.delta.toolUse") is { } toolUse)
            {
                var fragment = RequiredText(toolUse, "input", "contentBlockDelta.delta.toolUse.input");
                (block.Tool ?? throw new MalformedResponseException(
                    $"a toolUse delta for content block {block.Index} came without a contentBlockStart naming the tool.")).Append(fragment);
            }
            else if (Optional(delta, "reasoningContent", JsonValueKind.Object, "contentBlockDelta.delta.reasoningContent") is { } reasoning)
            {
                if (OptionalText(reasoning, "text", "contentBlockDelta.delta.reasoningContent.text") is { } reasoningText)
                {
                    (block.Reasoning ??= new StringBuilder()).Append(reasoningText);
                }
                else if (Optional(reasoning, "redactedContent", JsonValueKind.String, "contentBlockDelta.delta.reasoningContent.redactedContent") is not null)
                {
                    block.ReasoningRedacted = true;
                }
                else
                {
                    // A signature (to send the reasoning back in a later turn, which the harness never does): checked, not kept.
                    OptionalText(reasoning, "signature", "contentBlockDelta.delta.reasoningContent.signature");
                }
            }
        }

        private ContentBlock Block(JsonElement payload, string eventType)
        {
            var index = Count(payload, "contentBlockIndex", eventType + ".contentBlockIndex") ?? 0;
            if (!_blocks.TryGetValue(index, out var block))
            {
                block = new ContentBlock(index);
                _blocks.Add(index, block);
            }

            return block;
        }

        private static string? Header(EventStreamMessage message, string name) =>
            message.Headers.TryGetValue(name, out var header) ? header.AsString() : null;
    }

    /// <summary>Follows frame boundaries through the raw bytes to see each frame's declared total length before the decoder does.</summary>
    private sealed class FrameLengths
    {
        private long _remainingInFrame;
        private int _prefixBytes;
        private uint _prefix;

        /// <summary>The largest total length declared by a frame that starts in <paramref name="data"/> (0 when none starts).</summary>
        public long LargestDeclared(ReadOnlySpan<byte> data)
        {
            long largest = 0;
            var i = 0;
            while (i < data.Length)
            {
                if (_remainingInFrame > 0)
                {
                    var skip = (int)Math.Min(_remainingInFrame, data.Length - i);
                    i += skip;
                    _remainingInFrame -= skip;
                    continue;
                }

                _prefix = (_prefix << 8) | data[i++];
                if (++_prefixBytes == sizeof(uint))
                {
                    largest = Math.Max(largest, _prefix);
                    _remainingInFrame = Math.Max(0, (long)_prefix - sizeof(uint));
                    _prefix = 0;
                    _prefixBytes = 0;
                }
            }

            return largest;
        }
    }

    private sealed class ContentBlock(int index)
    {
        public int Index { get; } = index;

        /// <summary>The block's text deltas; null when it had none (a text block, even if empty, is not null).</summary>
        public StringBuilder? Text { get; set; }

        public ToolBlock? Tool { get; set; }

        public StringBuilder? Reasoning { get; set; }

        public bool ReasoningRedacted { get; set; }
    }

    /// <summary>A toolUse block: its id and name from <c>contentBlockStart</c>, its input fragments until <c>contentBlockStop</c>.</summary>
    private sealed class ToolBlock(int index, string toolUseId, string name)
    {
        private readonly StringBuilder _input = new();
        private string? _closedInput;

        /// <exception cref="MalformedResponseException">The block was already closed.</exception>
        public void Append(string fragment)
        {
            if (_closedInput is not null)
            {
                throw new MalformedResponseException($"a toolUse delta for content block {index} came after its contentBlockStop.");
            }

            _input.Append(fragment);
        }

        /// <summary>Parses the assembled input; an empty input (a tool without arguments) is <c>{}</c>.</summary>
        /// <exception cref="MalformedResponseException">The fragments do not make one JSON object.</exception>
        public void Close() => _closedInput ??= ParseInput();

        public ToolCall ToToolCall() => new(toolUseId, name, _closedInput ?? ParseInput());

        private string ParseInput()
        {
            var input = _input.Length == 0 ? "{}" : _input.ToString();
            try
            {
                using var document = JsonDocument.Parse(input);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? CheckedRawJson(document.RootElement, $"the toolUse input of content block {index}")
                    : throw new MalformedResponseException($"the toolUse input of content block {index} is {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not a JSON object.");
            }
            catch (JsonException)
            {
                throw new MalformedResponseException($"the toolUse input of content block {index} is not valid JSON: {Clip(input)}");
            }
        }
    }
}
