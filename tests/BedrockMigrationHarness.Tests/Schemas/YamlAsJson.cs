using System.Globalization;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Tests.Schemas;

/// <summary>
/// A YAML file as the JSON an editor's schema check sees, read with the loaders' own rules: the file is parsed by
/// <see cref="SuiteYamlReader"/> (the bounded parser the loaders use, aliases resolved), a quoted scalar is text, and a
/// plain scalar is null when <see cref="YamlFieldReader.IsNull"/> says so, a boolean when <see cref="bool.TryParse(string, out bool)"/>
/// reads it (as <see cref="YamlFieldReader.Bool"/> does), a whole number when <see cref="YamlFieldReader.Whole"/> would read
/// it (underscores dropped: <c>2_000_000</c>), a number when <see cref="YamlFieldReader.Number"/> would, and text otherwise.
/// </summary>
internal static class YamlAsJson
{
    /// <summary>The top-level mapping of <paramref name="path"/> as JSON, or null with the parser's problems when it does not parse.</summary>
    public static JsonNode? Read(string path, out IReadOnlyList<SuiteProblem> problems)
    {
        var collector = new ProblemCollector();
        var root = SuiteYamlReader.Read(File.ReadAllText(path), path, collector);
        problems = collector.Sorted();
        return root is null ? null : Of(root);
    }

    /// <summary>The JSON of one YAML node.</summary>
    public static JsonNode? Of(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, Of(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Of)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new ArgumentException($"unexpected YAML node {node.NodeType}", nameof(node)),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return JsonValue.Create(text);
        }

        if (YamlFieldReader.IsNull(scalar))
        {
            return null;
        }

        if (bool.TryParse(text, out var flag))
        {
            return JsonValue.Create(flag);
        }

        if (long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
