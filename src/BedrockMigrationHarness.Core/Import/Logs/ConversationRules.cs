using System.Collections.Immutable;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// The suite format's rules for a conversation, checked on a decoded request: at least one turn, none empty, roles
/// alternate, the first and the last turn are the user's, every tool call of an assistant turn is answered by a tool
/// result in the next turn and every tool result answers a call of the turn before. A break is an
/// <see cref="DropReason.UnreplayableConversation"/> naming the rule.
/// </summary>
internal static class ConversationRules
{
    public static void Check(ImmutableArray<Turn> messages)
    {
        if (messages.IsDefaultOrEmpty)
        {
            throw RecordRejectedException.Unreplayable("the request has no turn");
        }

        for (var i = 0; i < messages.Length; i++)
        {
            var turn = messages[i];
            if (turn.Parts.All(p => p is CachePointPart))
            {
                throw RecordRejectedException.Unreplayable($"turn {i + 1} ({Name(turn.Role)}) holds nothing the harness can send");
            }

            if (i > 0 && messages[i - 1].Role == turn.Role)
            {
                throw RecordRejectedException.Unreplayable($"turns {i} and {i + 1} are both the {Name(turn.Role)}'s; roles must alternate");
            }

            CheckTools(messages, i);
        }

        if (messages[0].Role != TurnRole.User)
        {
            throw RecordRejectedException.Unreplayable("the first turn is the assistant's; a conversation starts with the user");
        }

        if (messages[^1].Role != TurnRole.User)
        {
            throw RecordRejectedException.Unreplayable("the last turn is the assistant's (a prefilled answer); a conversation the harness sends ends with the user");
        }
    }

    private static void CheckTools(ImmutableArray<Turn> messages, int i)
    {
        var turn = messages[i];
        var calls = turn.Parts.OfType<ToolUsePart>().Select(p => p.ToolUseId).ToList();
        var results = turn.Parts.OfType<ToolResultPart>().Select(p => p.ToolUseId).ToList();
        if (turn.Role == TurnRole.User && calls.Count > 0)
        {
            throw RecordRejectedException.Unreplayable($"turn {i + 1} is the user's and holds a tool call; tool calls are the assistant's");
        }

        if (turn.Role == TurnRole.Assistant && results.Count > 0)
        {
            throw RecordRejectedException.Unreplayable($"turn {i + 1} is the assistant's and holds a tool result; tool results are the user's");
        }

        if (calls.Count > 0)
        {
            var answered = i + 1 < messages.Length
                ? messages[i + 1].Parts.OfType<ToolResultPart>().Select(p => p.ToolUseId).ToHashSet(StringComparer.Ordinal)
                : [];
            if (calls.FirstOrDefault(id => !answered.Contains(id)) is { } open)
            {
                throw RecordRejectedException.Unreplayable($"tool call `{open}` of turn {i + 1} has no tool result in the next turn");
            }
        }

        if (results.Count > 0)
        {
            var asked = i > 0 ? messages[i - 1].Parts.OfType<ToolUsePart>().Select(p => p.ToolUseId).ToHashSet(StringComparer.Ordinal) : [];
            if (results.FirstOrDefault(id => !asked.Contains(id)) is { } orphan)
            {
                throw RecordRejectedException.Unreplayable($"tool result `{orphan}` of turn {i + 1} answers no tool call of the turn before");
            }
        }
    }

    private static string Name(TurnRole role) => role == TurnRole.User ? "user" : "assistant";
}
