using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Strict reads of the members an answer must have: a member that is missing when required, of another JSON type, a
/// negative count or latency, or text that is not valid Unicode throws <see cref="MalformedResponseException"/> naming
/// the member (<c>usage.inputTokens</c>). Unknown members are never looked at.
/// </summary>
internal static class AnswerFields
{
    /// <summary>Parses a body that must be UTF-8 JSON. Invalid UTF-8 is malformed; JSON cut short stays a <see cref="JsonException"/> (a transfer problem).</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (!Utf8.IsValid(body.Span))
        {
            throw new MalformedResponseException("The response body is not valid UTF-8.");
        }

        return JsonDocument.Parse(body);
    }

    /// <summary>The member <paramref name="name"/> of <paramref name="parent"/>, which must be of <paramref name="kind"/>.</summary>
    public static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, string path) =>
        Optional(parent, name, kind, path) ?? throw new MalformedResponseException($"The answer has no `{path}`.");

    /// <summary>The member when present (a JSON null counts as absent); present with another type is malformed.</summary>
    public static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind
            ? value
            : throw new MalformedResponseException($"`{path}` is {Describe(value.ValueKind)}, not {Describe(kind)}.");
    }

    /// <summary>A string member's text, which must be there.</summary>
    public static string RequiredText(JsonElement parent, string name, string path) =>
        OptionalText(parent, name, path) ?? throw new MalformedResponseException($"The answer has no `{path}`.");

    /// <summary>A string member's text; a lone surrogate (<c>\ud800</c>) in it is malformed.</summary>
    public static string? OptionalText(JsonElement parent, string name, string path) =>
        Optional(parent, name, JsonValueKind.String, path) is { } value ? Text(value, path) : null;

    /// <summary>The text of a string element; a lone surrogate in it is malformed.</summary>
    public static string Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MalformedResponseException($"`{path}` is not valid Unicode text (a lone surrogate such as \\ud800).");
        }
    }

    /// <summary>
    /// The raw JSON of a structured value the harness passes on (a tool call's input), after checking that every
    /// string and member name in it is valid Unicode, so no later reader of it meets a lone surrogate.
    /// </summary>
    public static string CheckedRawJson(JsonElement value, string path)
    {
        CheckStrings(value, path);
        return value.GetRawText();
    }

    private static void CheckStrings(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                Text(value, path);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckStrings(item, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new MalformedResponseException($"a member name in `{path}` is not valid Unicode text (a lone surrogate such as \\ud800).");
                    }

                    CheckStrings(member.Value, $"{path}.{name}");
                }

                break;
        }
    }

    /// <summary>A token count: absent is null; otherwise a whole number from 0 to <see cref="int.MaxValue"/>.</summary>
    public static int? Count(JsonElement parent, string name, string path) =>
        Optional(parent, name, JsonValueKind.Number, path) is { } value
            ? value.TryGetInt32(out var count) && count >= 0 ? count : throw OutOfRange(path, value.GetRawText())
            : null;

    /// <summary>A latency in milliseconds: absent is null; otherwise a whole number from 0.</summary>
    public static long? Milliseconds(JsonElement parent, string name, string path) => WholeNumber(parent, name, path);

    /// <summary>A count that may pass <see cref="int.MaxValue"/> (a batch job's records or tokens): absent is null; otherwise a whole number from 0.</summary>
    public static long? LongCount(JsonElement parent, string name, string path) => WholeNumber(parent, name, path);

    private static long? WholeNumber(JsonElement parent, string name, string path) =>
        Optional(parent, name, JsonValueKind.Number, path) is { } value
            ? value.TryGetInt64(out var number) && number >= 0 ? number : throw OutOfRange(path, value.GetRawText())
            : null;

    /// <summary>A count or latency sent as text (a header): absent is null; otherwise a whole number from 0.</summary>
    public static int? Count(string? text, string name) =>
        text is null
            ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw OutOfRange(name, text);

    private static MalformedResponseException OutOfRange(string path, string raw) =>
        new($"`{path}` is {Clip(raw)}, not a whole number from 0 (a count or a latency cannot be negative).");

    /// <summary>The first 40 characters of a raw value, for a message.</summary>
    public static string Clip(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
