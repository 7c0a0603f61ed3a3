using System.Text;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>English-looking filler text of a requested length, from a seeded <see cref="Random"/>.</summary>
internal static class TextGenerator
{
    private static readonly string[] Words =
    [
        "the", "model", "answer", "request", "customer", "account", "service", "result", "value", "data",
        "clear", "short", "summary", "because", "which", "system", "update", "issue", "order", "team",
        "review", "report", "change", "support", "process", "quickly", "detail", "option", "price", "time",
        "is", "are", "was", "will", "can", "should", "with", "from", "into", "about",
        "and", "or", "but", "for", "of", "to", "in", "on", "a", "this",
        "new", "current", "simple", "useful", "expected", "final", "main", "next", "other", "same",
        "check", "provide", "include", "explain", "return", "follow", "handle", "improve", "confirm", "note",
    ];

    /// <summary>Sentences of about <paramref name="chars"/> characters (at least one word).</summary>
    public static string Sentences(Random random, int chars)
    {
        var builder = new StringBuilder(chars + 16);
        var wordsInSentence = 0;
        var sentenceLength = random.Next(6, 15);
        while (builder.Length < chars || builder.Length == 0)
        {
            var word = Words[random.Next(Words.Length)];
            if (wordsInSentence == 0)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToUpperInvariant(word[0])).Append(word.AsSpan(1));
            }
            else
            {
                builder.Append(' ').Append(word);
            }

            wordsInSentence++;
            if (wordsInSentence >= sentenceLength)
            {
                builder.Append('.');
                wordsInSentence = 0;
                sentenceLength = random.Next(6, 15);
            }
        }

        if (builder[^1] != '.')
        {
            builder.Append('.');
        }

        return builder.ToString();
    }

    /// <summary>A phrase of between <paramref name="minLength"/> and <paramref name="maxLength"/> characters, aiming at <paramref name="target"/>.</summary>
    public static string Phrase(Random random, int target, int minLength, int? maxLength)
    {
        var length = Math.Max(target, minLength);
        if (maxLength is { } max)
        {
            length = Math.Min(length, max);
        }

        if (length <= 0)
        {
            return string.Empty;
        }

        var text = Sentences(random, length).TrimEnd('.');
        if (text.Length > length)
        {
            text = text[..length].TrimEnd();
        }

        while (text.Length < length)
        {
            text += "x";
        }

        return text;
    }
}
