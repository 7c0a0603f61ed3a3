using System.Text;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Emulator.EventStream;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Http;

/// <summary>
/// Streams an answer as ConverseStream event-stream frames, paced like a model: the first delta after the
/// first-token time, the rest spread over the remaining latency, flushing after every frame.
/// </summary>
internal sealed class ConverseStreamWriter(HttpContext context, Random random, TimeProvider time)
{
    private const int MaxDeltas = 40;
    private const string PaddingAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public async Task WriteAsync(Answer answer, CallPlan plan)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(plan);
        var cancel = context.RequestAborted;
        var started = time.GetTimestamp();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/vnd.amazon.eventstream";
        await context.Response.StartAsync(cancel);

        await SendAsync(Event("messageStart", new JsonObject { ["role"] = "assistant" }));
        var blocks = Blocks(answer);
        if (plan.Error == InjectedError.MalformedBody)
        {
            var frame = Event("contentBlockDelta", blocks[0].Deltas[0]);
            await context.Response.Body.WriteAsync(frame.AsMemory(0, frame.Length / 2), cancel);
            return;
        }

        var total = blocks.Sum(b => b.Deltas.Count);
        var stopAfter = plan.Error == InjectedError.Midstream ? Math.Max(1, total / 2)
            : plan.Error == InjectedError.Reset ? 1
            : total;
        var sent = 0;
        for (var b = 0; b < blocks.Count && sent < stopAfter; b++)
        {
            if (blocks[b].Start is { } start)
            {
                await SendAsync(Event("contentBlockStart", new JsonObject { ["contentBlockIndex"] = b, ["start"] = start }));
            }

            foreach (var delta in blocks[b].Deltas)
            {
                if (sent == stopAfter)
                {
                    break;
                }

                var due = total == 1 || sent == 0
                    ? plan.FirstTokenMs
                    : plan.FirstTokenMs + ((plan.LatencyMs - plan.FirstTokenMs) * sent / (total - 1));
                await PreciseDelay.UntilAsync(started, due, time, cancel);
                await SendAsync(Event("contentBlockDelta", delta));
                sent++;
            }

            // The last block stops after the whole latency, with the message.
            if (b < blocks.Count - 1 && sent == blocks.Take(b + 1).Sum(x => x.Deltas.Count))
            {
                await SendAsync(Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = b }));
            }
        }

        if (plan.Error == InjectedError.Reset)
        {
            context.Abort();
            return;
        }

        if (plan.Error == InjectedError.Midstream)
        {
            await SendAsync(EventStreamCodec.Encode(EventStreamMessage.Exception(
                "throttlingException",
                Payload(new JsonObject { ["message"] = "Too many tokens, please wait before trying again." }, pad: false))));
            return;
        }

        await PreciseDelay.UntilAsync(started, plan.LatencyMs, time, cancel);
        await SendAsync(Event("contentBlockStop", new JsonObject { ["contentBlockIndex"] = blocks.Count - 1 }));
        await SendAsync(Event("messageStop", new JsonObject { ["stopReason"] = answer.StopReason }));
        await SendAsync(Event("metadata", new JsonObject
        {
            ["usage"] = AnswerJson.Usage(answer),
            ["metrics"] = new JsonObject { ["latencyMs"] = (long)Math.Round(plan.LatencyMs) },
        }));
    }

    /// <summary>
    /// The content blocks as event payloads: reasoning first when there is some (text deltas, then the signature),
    /// then the text or the tool call (with its contentBlockStart).
    /// </summary>
    private List<(JsonObject? Start, List<JsonObject> Deltas)> Blocks(Answer answer)
    {
        var blocks = new List<(JsonObject? Start, List<JsonObject> Deltas)>();
        if (answer.Reasoning is { } reasoning)
        {
            var deltas = Chunk(reasoning.Text, byWords: true)
                .Select(piece => Delta(blocks.Count, new JsonObject { ["reasoningContent"] = new JsonObject { ["text"] = piece } }))
                .Append(Delta(blocks.Count, new JsonObject { ["reasoningContent"] = new JsonObject { ["signature"] = reasoning.Signature } }))
                .ToList();
            blocks.Add((null, deltas));
        }

        var index = blocks.Count;
        if (answer.ToolUse is { } tool)
        {
            var start = new JsonObject { ["toolUse"] = new JsonObject { ["toolUseId"] = tool.ToolUseId, ["name"] = tool.Name } };
            blocks.Add((start, [.. Chunk(answer.AsText, byWords: false).Select(piece => Delta(index, new JsonObject { ["toolUse"] = new JsonObject { ["input"] = piece } }))]));
        }
        else
        {
            blocks.Add((null, [.. Chunk(answer.AsText, byWords: true).Select(piece => Delta(index, new JsonObject { ["text"] = piece }))]));
        }

        return blocks;
    }

    private static JsonObject Delta(int index, JsonObject delta) => new()
    {
        ["contentBlockIndex"] = index,
        ["delta"] = delta,
    };

    /// <summary>Text in word groups, tool input in fixed-size fragments; at most <see cref="MaxDeltas"/> pieces.</summary>
    private List<string> Chunk(string text, bool byWords)
    {
        var pieces = new List<string>();
        if (byWords)
        {
            var builder = new StringBuilder();
            var words = 0;
            var groupSize = random.Next(2, 6);
            foreach (var c in text)
            {
                builder.Append(c);
                if (c == ' ' && ++words >= groupSize)
                {
                    pieces.Add(builder.ToString());
                    builder.Clear();
                    words = 0;
                    groupSize = random.Next(2, 6);
                }
            }

            if (builder.Length > 0)
            {
                pieces.Add(builder.ToString());
            }
        }
        else
        {
            for (var i = 0; i < text.Length; i += 16)
            {
                pieces.Add(text.Substring(i, Math.Min(16, text.Length - i)));
            }
        }

        if (pieces.Count == 0)
        {
            pieces.Add(string.Empty);
        }

        while (pieces.Count > MaxDeltas)
        {
            var merged = new List<string>((pieces.Count + 1) / 2);
            for (var i = 0; i < pieces.Count; i += 2)
            {
                merged.Add(i + 1 < pieces.Count ? pieces[i] + pieces[i + 1] : pieces[i]);
            }

            pieces = merged;
        }

        return pieces;
    }

    private byte[] Event(string eventType, JsonObject payload) =>
        EventStreamCodec.Encode(EventStreamMessage.Event(eventType, Payload(payload, pad: true)));

    /// <summary>The JSON payload; real events carry a random <c>"p"</c> padding member that clients ignore.</summary>
    private byte[] Payload(JsonObject payload, bool pad)
    {
        if (pad)
        {
            payload["p"] = PaddingAlphabet[..random.Next(1, 25)];
        }

        return Encoding.UTF8.GetBytes(payload.ToJsonString(AwsResponses.JsonOptions));
    }

    private async Task SendAsync(byte[] frame)
    {
        await context.Response.Body.WriteAsync(frame, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
