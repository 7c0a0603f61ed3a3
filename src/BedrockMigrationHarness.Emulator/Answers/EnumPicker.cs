using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Chooses enum values the way a good model would on an easy prompt: the enum value that appears earliest
/// (case-insensitive, as a whole word) in the prompt text, the schema itself excluded; otherwise a seeded random one.
/// So a ticket that says "billing" is classified "billing".
/// </summary>
/// <param name="promptTexts">Prompt texts to search, most relevant first (latest user turn first).</param>
internal sealed class EnumPicker(IReadOnlyList<string> promptTexts)
{
    public JsonNode? Pick(JsonArray options, Random random)
    {
        foreach (var text in promptTexts)
        {
            JsonNode? best = null;
            var bestIndex = int.MaxValue;
            foreach (var option in options)
            {
                if (option is JsonValue value && value.GetValueKind() == JsonValueKind.String
                    && IndexOfWord(text, value.GetValue<string>()) is var index && index >= 0 && index < bestIndex)
                {
                    best = option;
                    bestIndex = index;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return options[random.Next(options.Count)];
    }

    private static int IndexOfWord(string text, string word)
    {
        if (word.Length == 0)
        {
            return -1;
        }

        for (var start = 0; ;)
        {
            var index = text.IndexOf(word, start, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                return -1;
            }

            var end = index + word.Length;
            var boundaryBefore = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var boundaryAfter = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (boundaryBefore && boundaryAfter)
            {
                return index;
            }

            start = index + 1;
        }
    }
}
