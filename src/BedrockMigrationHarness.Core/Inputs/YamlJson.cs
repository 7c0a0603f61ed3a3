using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Inputs;

/// <summary>
/// Turns a YAML value into JSON text (for <c>additional_fields:</c>, a tool call's <c>input:</c>, a tool result's
/// <c>content:</c>): mappings become objects, lists arrays; a plain scalar that reads as a JSON number, <c>true</c>,
/// <c>false</c> or null becomes that, and every other scalar (and every quoted one) a string. Keys are text.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>The JSON text of <paramref name="node"/>, compact.</summary>
    public static string Of(YamlNode node)
    {
        using var buffer = new MemoryStream();
        // Relaxed: text stays readable in the journal (é, not \u00E9); the output is still valid JSON.
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName((key as YamlScalarNode)?.Value ?? string.Empty);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        if (plain && YamlFieldReader.IsNull(scalar))
        {
            writer.WriteNullValue();
        }
        else if (plain && text is "true" or "false")
        {
            writer.WriteBooleanValue(text == "true");
        }
        else if (plain && JsonNumber().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            writer.WriteRawValue(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
