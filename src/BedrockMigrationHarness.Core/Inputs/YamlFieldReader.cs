using System.Collections.Immutable;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Inputs;

/// <summary>
/// Reads typed fields out of YAML mappings of one file. Every wrong or missing value becomes a
/// problem with the node's line and the field path; the read then returns null and loading goes on,
/// so one pass finds every problem.
/// </summary>
public sealed class YamlFieldReader(ProblemCollector problems, string file)
{
    public string File => file;

    public ProblemCollector Problems => problems;

    /// <summary>The 1-based line a node starts on.</summary>
    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    public void Report(YamlNode node, string? field, string message) => problems.Add(file, Line(node), field, message);

    /// <summary>Reports each key of <paramref name="map"/> that is not in <paramref name="known"/>, with a suggestion.</summary>
    public void CheckKeys(YamlMappingNode map, string path, IReadOnlyList<string> known)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name })
            {
                Report(key, path, "a key must be a plain name");
                continue;
            }

            if (known.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            var where = path.Length == 0 ? "at the top level" : $"under `{path}`";
            var suggestion = KeySuggester.Suggest(name, known);
            Report(key, Join(path, name), suggestion is null
                ? $"unknown key `{name}` {where}; the keys allowed here are: {string.Join(", ", known)}"
                : $"unknown key `{name}` {where}; did you mean `{suggestion}`?");
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when it is absent or written as null (<c>key:</c>, <c>~</c>).</summary>
    public static YamlNode? Get(YamlMappingNode map, string key)
    {
        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return IsNull(v) ? null : v;
            }
        }

        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A required value: reports it missing (on the mapping's line) or empty (on its key's line).</summary>
    public YamlNode? Required(YamlMappingNode map, string key, string path, string example)
    {
        var node = Get(map, key);
        if (node is null)
        {
            var written = map.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: { } name } && name == key);
            Report(written ?? map, Join(path, key), written is null
                ? $"`{key}` is required; add it, e.g. {example}"
                : $"`{key}` is required but has no value; give it one, e.g. {example}");
        }

        return node;
    }

    /// <summary>A text value, or null (and a problem) when it is a list or a mapping.</summary>
    public string? Text(YamlNode? node, string field, string rule)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value ?? string.Empty;
            default:
                Report(node, field, $"{rule} (found a {Describe(node)})");
                return null;
        }
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="rule"/> says what is expected.</summary>
    public long? Whole(YamlNode? node, string field, long min, long max, string rule)
    {
        if (Text(node, field, rule) is not { } text)
        {
            return null;
        }

        var digits = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Report(node!, field, $"{rule} (found `{text}`)");
        return null;
    }

    /// <summary>A number accepted by <paramref name="isValid"/>, parsed culture-invariant.</summary>
    public double? Number(YamlNode? node, string field, Func<double, bool> isValid, string rule)
    {
        if (Text(node, field, rule) is not { } text)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && isValid(value))
        {
            return value;
        }

        Report(node!, field, $"{rule} (found `{text}`)");
        return null;
    }

    public bool? Bool(YamlNode? node, string field, string rule)
    {
        if (Text(node, field, rule) is not { } text)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Report(node!, field, $"{rule} (found `{text}`)");
        return null;
    }

    public YamlMappingNode? Mapping(YamlNode? node, string field, string rule)
    {
        if (node is null or YamlMappingNode)
        {
            return (YamlMappingNode?)node;
        }

        Report(node, field, $"{rule} (found {FoundText(node)})");
        return null;
    }

    public YamlSequenceNode? Sequence(YamlNode? node, string field, string rule)
    {
        if (node is null or YamlSequenceNode)
        {
            return (YamlSequenceNode?)node;
        }

        Report(node, field, $"{rule} (found {FoundText(node)})");
        return null;
    }

    /// <summary>A list of text values; a problem for each item that is not text.</summary>
    public ImmutableArray<string> TextList(YamlNode? node, string field, string rule)
    {
        if (Sequence(node, field, rule) is not { } sequence)
        {
            return [];
        }

        var items = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (Text(sequence.Children[i], $"{field}[{i}]", rule) is { } item)
            {
                items.Add(item);
            }
        }

        return items.ToImmutable();
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "value",
    };

    private static string FoundText(YamlNode node) =>
        node is YamlScalarNode { Value: { } value } ? $"`{value}`" : $"a {Describe(node)}";
}
