using System.Text.Json;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// JSON in one canonical form: object members sorted by name (ordinal), no white space, numbers and strings as
/// System.Text.Json writes them. Two logged bodies that differ only in key order or spacing become the same text.
/// </summary>
internal static class CanonicalJson
{
    public static string Of(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(value, writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The canonical text of an object, or null when it has no member (an empty object sends nothing).</summary>
    public static string? OfObjectOrNull(JsonElement obj) => obj.EnumerateObject().Any() ? Of(obj) : null;

    /// <summary>The canonical form of a JSON text (tool inputs and schemas kept as raw text).</summary>
    public static string OfText(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Of(document.RootElement);
    }

    public static void Write(JsonElement value, Utf8JsonWriter writer)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var member in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(member.Name);
                    Write(member.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }
}
