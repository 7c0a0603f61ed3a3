using System.Collections.Immutable;

namespace BedrockMigrationHarness.Vocabulary;

/// <summary>Who speaks a turn of a conversation (Converse <c>ConversationRole</c>).</summary>
public enum TurnRole
{
    User,
    Assistant,
}

/// <summary>One message of a conversation: its role and its content blocks, in order.</summary>
public sealed record Turn(TurnRole Role, ImmutableArray<ContentPart> Parts)
{
    /// <summary>A user turn of one text block.</summary>
    public static Turn UserText(string text) => new(TurnRole.User, [new TextPart(text)]);

    /// <summary>Equal when the roles and every part are equal (not the arrays' identity).</summary>
    public bool Equals(Turn? other) =>
        other is not null && Role == other.Role && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => HashCode.Combine(Role, Parts.Length, Parts.IsDefaultOrEmpty ? null : Parts[0]);

    /// <summary>The turn's text blocks joined with a blank line (for display and cost estimates).</summary>
    public string Text => string.Join("\n\n", Parts.OfType<TextPart>().Select(p => p.Text));
}

/// <summary>
/// Helpers over a conversation (the <c>messages</c> of a request): the last user turn is what the case asks.
/// </summary>
public static class Conversation
{
    /// <summary>The text of the last user turn, or empty when there is none.</summary>
    public static string LastUserText(ImmutableArray<Turn> messages)
    {
        for (var i = messages.Length - 1; i >= 0; i--)
        {
            if (messages[i].Role == TurnRole.User)
            {
                return messages[i].Text;
            }
        }

        return string.Empty;
    }
}
