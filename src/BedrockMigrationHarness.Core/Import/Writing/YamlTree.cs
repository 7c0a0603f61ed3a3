using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// A YAML document being written: mappings (with an optional comment line above each key), lists and scalars.
/// <see cref="YamlTreeWriter"/> emits it with YamlDotNet's emitter, which escapes every text.
/// </summary>
internal abstract partial record YamlTree
{
    private YamlTree()
    {
    }

    /// <summary>A text, always read back as that exact text (quoted or a literal block, see <see cref="YamlTreeWriter"/>).</summary>
    public sealed record Text(string Value) : YamlTree;

    /// <summary>A plain scalar written as it is: a number, <c>true</c>, <c>false</c> or <c>null</c>.</summary>
    public sealed record Plain(string Value) : YamlTree
    {
        public static readonly Plain Null = new("null");

        public static Plain Of(bool value) => new(value ? "true" : "false");

        public static Plain Of(long value) => new(value.ToString(CultureInfo.InvariantCulture));

        public static Plain Of(double value) => new(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>A list; written in flow style (<c>[a, b]</c>) when <see cref="Flow"/>, else one item per line.</summary>
    public sealed record Seq(List<YamlTree> Items, bool Flow = false) : YamlTree
    {
        public Seq()
            : this([])
        {
        }
    }

    /// <summary>A mapping; keys in the order added.</summary>
    public sealed record Map(List<MapEntry> Entries, bool Flow = false) : YamlTree
    {
        public Map()
            : this([])
        {
        }

        public Map Add(string key, YamlTree value, string? comment = null)
        {
            Entries.Add(new MapEntry(key, value, comment));
            return this;
        }

        public Map Add(string key, string value, string? comment = null) => Add(key, new Text(value), comment);
    }

    /// <summary>A JSON value as YAML that the suite loader turns back into the same JSON (docs/suite-format.md: YAML values become JSON).</summary>
    public static YamlTree FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Map();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    // YAML refuses a key twice; JSON readers keep the last value, so the last one wins here too.
                    if (!seen.Add(property.Name))
                    {
                        map.Entries.RemoveAll(e => e.Key == property.Name);
                    }

                    map.Add(property.Name, FromJson(property.Value));
                }

                return map;
            case JsonValueKind.Array:
                return new Seq([.. element.EnumerateArray().Select(FromJson)]);
            case JsonValueKind.String:
                return new Text(element.GetString()!);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                // The loader reads a plain scalar as a number only in JSON's own grammar and within double's range.
                return JsonNumber().IsMatch(raw) && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                    ? new Plain(raw)
                    : new Text(raw);
            case JsonValueKind.True:
                return Plain.Of(true);
            case JsonValueKind.False:
                return Plain.Of(false);
            default:
                return Plain.Null;
        }
    }

    /// <summary><see cref="FromJson(JsonElement)"/> of a JSON text.</summary>
    public static YamlTree FromJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}

/// <summary>One key of a <see cref="YamlTree.Map"/>, with a comment line written above it when given.</summary>
internal sealed record MapEntry(string Key, YamlTree Value, string? Comment);
