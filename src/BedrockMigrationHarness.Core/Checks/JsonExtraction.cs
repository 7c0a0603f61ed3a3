using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Checks;

/// <summary>The JSON value found in an answer and how it was wrapped.</summary>
/// <param name="Json">The JSON text (strict RFC 8259), or null when none was found.</param>
/// <param name="Wrapping">Fenced and/or ProseWrapped when the JSON was not the whole answer; NotJson when none was found.</param>
internal sealed record JsonExtraction(string? Json, IReadOnlyList<FormatDeviation> Wrapping);

/// <summary>
/// Finds the JSON value in an answer: the whole trimmed text, else the content of a Markdown code fence, else the
/// first balanced object or array in the prose that parses as strict JSON.
/// </summary>
internal static partial class JsonExtractor
{
    private static readonly JsonReaderOptions StrictOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    public static JsonExtraction Extract(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonExtraction(null, [FormatDeviation.NotJson]);
        }

        string trimmed = text.Trim();
        if (IsWholeValue(trimmed))
        {
            return new JsonExtraction(trimmed, []);
        }

        Match fence = FencePattern().Match(trimmed);
        if (fence.Success)
        {
            string inner = fence.Groups["body"].Value.Trim();
            if (IsWholeValue(inner))
            {
                bool proseAround = fence.Index > 0 || fence.Index + fence.Length < trimmed.Length;
                return new JsonExtraction(inner, proseAround ? [FormatDeviation.Fenced, FormatDeviation.ProseWrapped] : [FormatDeviation.Fenced]);
            }
        }

        return FirstEmbeddedValue(trimmed) is { } embedded
            ? new JsonExtraction(embedded, [FormatDeviation.ProseWrapped])
            : new JsonExtraction(null, [FormatDeviation.NotJson]);
    }

    private static bool IsWholeValue(string candidate)
    {
        if (candidate.Length == 0 || (candidate[0] != '{' && candidate[0] != '['))
        {
            return false;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(candidate);
        return ValueLength(bytes, 0) == bytes.Length;
    }

    private static string? FirstEmbeddedValue(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        for (int start = 0; start < bytes.Length; start++)
        {
            // '{' and '[' are ASCII and never part of a multi-byte UTF-8 sequence.
            if (bytes[start] is (byte)'{' or (byte)'[' && ValueLength(bytes, start) is { } length)
            {
                return Encoding.UTF8.GetString(bytes, start, length);
            }
        }

        return null;
    }

    /// <summary>The byte length of the strict JSON object or array starting at <paramref name="start"/>, or null.</summary>
    private static int? ValueLength(byte[] bytes, int start)
    {
        var reader = new Utf8JsonReader(bytes.AsSpan(start), isFinalBlock: true, new JsonReaderState(StrictOptions));
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            reader.Skip();
            return (int)reader.BytesConsumed;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"```[ \t]*(?:json|JSON)?[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FencePattern();
}
