using System.Text.Json;
using System.Text.Unicode;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// How the importer parses hostile JSON: valid UTF-8 only (System.Text.Json would otherwise fail later, when a
/// string is read), at most 64 levels deep, no comments, no trailing commas.
/// </summary>
internal static class LogJson
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>The parsed document, or null when <paramref name="json"/> is not valid UTF-8 JSON within the bounds.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> json)
    {
        if (!Utf8.IsValid(json.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Why <see cref="Parse"/> refused <paramref name="json"/>: one sentence naming the line and byte.</summary>
    public static string Problem(ReadOnlyMemory<byte> json)
    {
        if (!Utf8.IsValid(json.Span))
        {
            return "it is not valid UTF-8";
        }

        try
        {
            using var document = JsonDocument.Parse(json, Options);
            return "it is valid";
        }
        catch (JsonException e)
        {
            var message = e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"it nests deeper than {MaxDepth} levels"
                : e.Message;
            return message.Length <= 200 ? message : message[..200] + "…";
        }
    }
}
