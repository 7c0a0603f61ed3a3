using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Decodes Meta Llama InvokeModel bodies: <c>prompt</c> in the Llama 3 chat template
/// (<c>&lt;|begin_of_text|&gt;&lt;|start_header_id|&gt;system&lt;|end_header_id|&gt;…&lt;|eot_id|&gt;</c>) split into the
/// system prompt and turns (a trailing empty assistant header is the generation cue, not a turn); a prompt without
/// headers is one user turn. <c>max_gen_len</c>, <c>temperature</c>, <c>top_p</c> are the settings; other members are
/// additional fields. The answer is <c>generation</c>, <c>stop_reason</c> and the token counts.
/// </summary>
internal static class LlamaBodies
{
    public const string HeaderStart = "<|start_header_id|>";
    private const string HeaderEnd = "<|end_header_id|>";
    private const string EndOfTurn = "<|eot_id|>";
    private const string BeginOfText = "<|begin_of_text|>";

    private static readonly ImmutableArray<string> Mapped = ["prompt", "max_gen_len", "temperature", "top_p"];

    public static DecodedRequest DecodeRequest(JsonElement body)
    {
        JsonFields.ExpectObject(body, "input body");
        var prompt = JsonFields.RequiredString(body, "prompt", string.Empty);
        var (system, turns) = prompt.Contains(HeaderStart, StringComparison.Ordinal) ? Parse(prompt) : (null, [Turn.UserText(prompt)]);
        var inference = new LoggedInference(
            JsonFields.OptionalInt(body, "max_gen_len", string.Empty),
            JsonFields.OptionalDouble(body, "temperature", string.Empty),
            JsonFields.OptionalDouble(body, "top_p", string.Empty),
            null);
        return new DecodedRequest(system, turns, inference, null, AnthropicBodies.AdditionalFields(body, Mapped), []);
    }

    public static LoggedAnswer DecodeAnswer(JsonElement body)
    {
        if (body.ValueKind == JsonValueKind.Array)
        {
            return StreamChunks.JoinLlama(body);
        }

        JsonFields.ExpectObject(body, "output body");
        return new LoggedAnswer(
            JsonFields.RequiredString(body, "generation", string.Empty),
            [],
            JsonFields.OptionalString(body, "stop_reason", string.Empty),
            null,
            JsonFields.OptionalInt(body, "prompt_token_count", string.Empty),
            JsonFields.OptionalInt(body, "generation_token_count", string.Empty),
            null,
            null);
    }

    private static (SystemOverride? System, ImmutableArray<Turn> Turns) Parse(string prompt)
    {
        var text = prompt.StartsWith(BeginOfText, StringComparison.Ordinal) ? prompt[BeginOfText.Length..] : prompt;
        var segments = text.Split(HeaderStart);
        if (segments[0].Trim().Length > 0)
        {
            throw RecordRejectedException.Unreplayable("prompt has text before its first header; the harness cannot split it into turns");
        }

        SystemOverride? system = null;
        var turns = new List<Turn>();
        for (var i = 1; i < segments.Length; i++)
        {
            var end = segments[i].IndexOf(HeaderEnd, StringComparison.Ordinal);
            if (end < 0)
            {
                throw RecordRejectedException.Unreplayable($"prompt header {i} has no {HeaderEnd}");
            }

            var role = segments[i][..end];
            var content = segments[i][(end + HeaderEnd.Length)..];
            var closed = content.EndsWith(EndOfTurn, StringComparison.Ordinal);
            content = (closed ? content[..^EndOfTurn.Length] : content).Trim();
            if (!closed && i == segments.Length - 1 && role == "assistant" && content.Length == 0)
            {
                break;
            }

            switch (role)
            {
                case "system" when turns.Count == 0 && system is null:
                    system = new SystemOverride(content, CachePoint: false);
                    break;
                case "user":
                    turns.Add(Turn.UserText(content));
                    break;
                case "assistant":
                    turns.Add(new Turn(TurnRole.Assistant, [new TextPart(content)]));
                    break;
                default:
                    throw RecordRejectedException.Unreplayable($"prompt has a `{ConverseBodies.Shorten(role)}` turn at header {i}; the harness replays system, user and assistant turns");
            }
        }

        return (system, [.. turns]);
    }
}
