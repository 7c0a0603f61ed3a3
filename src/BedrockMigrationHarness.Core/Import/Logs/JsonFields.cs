using System.Collections.Immutable;
using System.Text.Json;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Typed reads of the members of a hostile JSON object: a member of the wrong type is a
/// <see cref="DropReason.MalformedRecord"/> naming the member's path (e.g. <c>input.inputTokenCount</c>).
/// A JSON <c>null</c> counts as absent.
/// </summary>
internal static class JsonFields
{
    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement Required(JsonElement obj, string name, string path) =>
        Optional(obj, name) ?? throw RecordRejectedException.Malformed($"{Join(path, name)} is missing");

    public static JsonElement RequiredObject(JsonElement obj, string name, string path) =>
        ExpectObject(Required(obj, name, path), Join(path, name));

    public static JsonElement? OptionalObject(JsonElement obj, string name, string path) =>
        Optional(obj, name) is { } value ? ExpectObject(value, Join(path, name)) : null;

    public static JsonElement? OptionalArray(JsonElement obj, string name, string path) =>
        Optional(obj, name) is { } value ? ExpectArray(value, Join(path, name)) : null;

    public static JsonElement RequiredArray(JsonElement obj, string name, string path) =>
        ExpectArray(Required(obj, name, path), Join(path, name));

    public static string RequiredString(JsonElement obj, string name, string path) =>
        ExpectString(Required(obj, name, path), Join(path, name));

    public static string? OptionalString(JsonElement obj, string name, string path) =>
        Optional(obj, name) is { } value ? ExpectString(value, Join(path, name)) : null;

    public static bool? OptionalBool(JsonElement obj, string name, string path) =>
        Optional(obj, name) is not { } value ? null
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw WrongType(Join(path, name), "true or false", value);

    /// <summary>A whole number that fits in 32 bits (token counts, max tokens); 12.0 counts as 12.</summary>
    public static int? OptionalInt(JsonElement obj, string name, string path)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt32(out var whole))
            {
                return whole;
            }

            if (value.TryGetDouble(out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue)
            {
                return (int)real;
            }
        }

        throw WrongType(Join(path, name), "a whole number of at most 2147483647", value);
    }

    public static double? OptionalDouble(JsonElement obj, string name, string path)
    {
        if (Optional(obj, name) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw WrongType(Join(path, name), "a number", value);
    }

    /// <summary>An array of strings (stop sequences); null when absent.</summary>
    public static ImmutableArray<string>? OptionalStrings(JsonElement obj, string name, string path)
    {
        if (OptionalArray(obj, name, path) is not { } array)
        {
            return null;
        }

        var items = ImmutableArray.CreateBuilder<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            items.Add(ExpectString(item, $"{Join(path, name)}[{index++}]"));
        }

        return items.ToImmutable();
    }

    public static JsonElement ExpectObject(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Object ? value : throw WrongType(path, "an object", value);

    public static JsonElement ExpectArray(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array ? value : throw WrongType(path, "an array", value);

    public static string ExpectString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongType(path, "a string", value);

    public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static RecordRejectedException WrongType(string path, string expected, JsonElement found) =>
        RecordRejectedException.Malformed($"{path} must be {expected} (found {Describe(found)})");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {Truncate(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 24 ? text : text[..24] + "…";
}
