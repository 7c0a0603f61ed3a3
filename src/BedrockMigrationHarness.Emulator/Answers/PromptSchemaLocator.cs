using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>Finds a JSON Schema written into prompt text: the first balanced <c>{...}</c> that parses as an object with <c>"type"</c> or <c>"properties"</c>.</summary>
internal static class PromptSchemaLocator
{
    /// <summary>The schema and the text with the schema cut out; null when the text holds none.</summary>
    public static (JsonObject Schema, string TextOutside)? Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var start = text.IndexOf('{', StringComparison.Ordinal); start >= 0; start = text.IndexOf('{', start + 1))
        {
            var end = MatchingBrace(text, start);
            if (end < 0)
            {
                continue;
            }

            try
            {
                if (JsonNode.Parse(text.AsSpan(start, end - start + 1).ToString()) is JsonObject candidate
                    && (candidate.ContainsKey("type") || candidate.ContainsKey("properties")))
                {
                    return (candidate, string.Concat(text.AsSpan(0, start), " ", text.AsSpan(end + 1)));
                }
            }
            catch (JsonException)
            {
                // Not JSON (e.g. a template placeholder); keep scanning.
            }
        }

        return null;
    }

    private static int MatchingBrace(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
                default:
                    break;
            }
        }

        return -1;
    }
}
