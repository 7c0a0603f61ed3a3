using System.Globalization;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// The rules the service checks on a well-formed conversation, in its order, with its messages: who speaks first,
/// last and in turn, where tools and media may appear, how many and how large, and that every tool result answers a
/// tool call of the turn before. Message indexes are 0-based, as in the service's messages.
/// </summary>
internal static class ConversationRules
{
    public const string StartWithUser = "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
    public const string Alternate = "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
    public const string EndWithUser = "A conversation must end with a user message. Try again with a conversation that ends with a user message.";
    public const string ToolConfigRequired = "The toolConfig field must be defined when using toolUse and toolResult content blocks.";

    public static void Check(IReadOnlyList<ChatTurn> turns, bool hasToolConfig, RequestProblems problems)
    {
        ArgumentNullException.ThrowIfNull(turns);
        ArgumentNullException.ThrowIfNull(problems);
        if (turns.Count == 0 || turns[0].Role != "user")
        {
            problems.Rule(StartWithUser);
            return;
        }

        for (var i = 1; i < turns.Count; i++)
        {
            if (turns[i].Role == turns[i - 1].Role)
            {
                problems.Rule(Alternate);
                return;
            }
        }

        if (turns[^1].Role != "user")
        {
            problems.Rule(EndWithUser);
            return;
        }

        if (!hasToolConfig && turns.Any(t => t.ToolUseIds.Count > 0 || t.ToolResultIds.Count > 0))
        {
            problems.Rule(ToolConfigRequired);
            return;
        }

        CheckMedia(turns, problems);
        CheckToolResults(turns, problems);
    }

    private static void CheckMedia(IReadOnlyList<ChatTurn> turns, RequestProblems problems)
    {
        for (var i = 0; i < turns.Count; i++)
        {
            var turn = turns[i];
            var index = i.ToString(CultureInfo.InvariantCulture);
            if (turn.Role != "user" && (turn.ImageBytes.Count > 0 || turn.DocumentBytes.Count > 0))
            {
                problems.Rule($"messages.{index}.content: images and documents can only be included in user messages.");
                return;
            }

            if (turn.DocumentBytes.Count > 0 && turn.Texts.Count == 0)
            {
                problems.Rule($"messages.{index}.content: a message that includes a document must also include a text block.");
                return;
            }
        }

        var images = turns.SelectMany(t => t.ImageBytes).ToList();
        var documents = turns.SelectMany(t => t.DocumentBytes).ToList();
        if (images.Count > ConverseRequestReader.MaxImages)
        {
            problems.Rule(string.Create(CultureInfo.InvariantCulture, $"Too many images: the request has {images.Count} and the limit is {ConverseRequestReader.MaxImages}."));
        }
        else if (documents.Count > ConverseRequestReader.MaxDocuments)
        {
            problems.Rule(string.Create(CultureInfo.InvariantCulture, $"Too many documents: the request has {documents.Count} and the limit is {ConverseRequestReader.MaxDocuments}."));
        }
        else if (images.FirstOrDefault(b => b > ConverseRequestReader.MaxImageBytes) is var image and > 0)
        {
            problems.Rule(string.Create(CultureInfo.InvariantCulture, $"An image is {image} bytes; images must be no larger than 3.75 MB ({ConverseRequestReader.MaxImageBytes} bytes)."));
        }
        else if (documents.FirstOrDefault(b => b > ConverseRequestReader.MaxDocumentBytes) is var document and > 0)
        {
            problems.Rule(string.Create(CultureInfo.InvariantCulture, $"A document is {document} bytes; documents must be no larger than 4.5 MB ({ConverseRequestReader.MaxDocumentBytes} bytes)."));
        }
    }

    private static void CheckToolResults(IReadOnlyList<ChatTurn> turns, RequestProblems problems)
    {
        for (var i = 0; i < turns.Count; i++)
        {
            var index = i.ToString(CultureInfo.InvariantCulture);
            var asked = i > 0 ? turns[i - 1].ToolUseIds : [];
            var answered = turns[i].ToolResultIds;
            if (answered.Count > asked.Count)
            {
                problems.Rule($"The number of toolResult blocks at messages.{index}.content exceeds the number of toolUse blocks of previous turn.");
                return;
            }

            if (answered.FirstOrDefault(id => !asked.Contains(id, StringComparer.Ordinal)) is { } stray)
            {
                problems.Rule($"The model returned the following errors: messages.{index}.content: unexpected `tool_use_id` found in `tool_result` blocks: {stray}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
                return;
            }
        }

        // Then calls the next turn does not answer.
        for (var i = 0; i + 1 < turns.Count; i++)
        {
            var unanswered = turns[i].ToolUseIds.Where(id => !turns[i + 1].ToolResultIds.Contains(id, StringComparer.Ordinal)).ToList();
            if (unanswered.Count > 0)
            {
                problems.Rule(string.Create(CultureInfo.InvariantCulture, $"The model returned the following errors: messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", unanswered)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message."));
                return;
            }
        }
    }
}
