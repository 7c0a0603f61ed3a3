using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds <c>tools:</c> and <c>tool_choice:</c> (at the suite's or a case's level) to <see cref="ToolsOptions"/>:
/// names as Bedrock allows them, each tool's <c>input_schema:</c> loaded like a case's schema and of type object.
/// </summary>
internal sealed partial class ToolBinder(YamlFieldReader reader, SuiteFolder folder, SchemaLoader schemas)
{
    private const string ToolExample = "- { name: lookup_order, description: \"Finds an order\", input_schema: tools/lookup_order.json }";
    private const string ChoiceRule = "tool_choice must be auto (the model decides), any (it must call a tool) or { tool: name } (it must call that tool)";

    private static readonly ImmutableArray<string> ToolKeys = ["name", "description", "input_schema", "strict", "cache_point"];

    /// <summary>The tools and tool choice of <paramref name="map"/> (the suite or a case), or null when it has neither.</summary>
    public ToolsOptions? Bind(YamlMappingNode map, string path)
    {
        var toolsNode = YamlFieldReader.Get(map, "tools");
        var choiceNode = YamlFieldReader.Get(map, "tool_choice");
        if (toolsNode is null && choiceNode is null)
        {
            return null;
        }

        var field = YamlFieldReader.Join(path, "tools");
        var (tools, cachePoint) = toolsNode is null ? (null, false) : Tools(toolsNode, field);
        var choice = choiceNode is null ? null : Choice(choiceNode, YamlFieldReader.Join(path, "tool_choice"));
        return new ToolsOptions(tools, cachePoint, choice, field, YamlFieldReader.Line(toolsNode ?? choiceNode!));
    }

    private (ImmutableArray<ToolDefinition>? Tools, bool CachePoint) Tools(YamlNode node, string field)
    {
        if (reader.Sequence(node, field, $"tools must be a list of tools, e.g. tools: [ {ToolExample[2..]} ]") is not { } list)
        {
            return (null, false);
        }

        var tools = ImmutableArray.CreateBuilder<ToolDefinition>();
        var cachePoint = false;
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (reader.Mapping(list.Children[i], itemField, $"a tool must be a mapping, e.g. {ToolExample}") is not { } item)
            {
                continue;
            }

            reader.CheckKeys(item, itemField, ToolKeys);
            if (YamlFieldReader.Get(item, "cache_point") is { } cache)
            {
                if (i != list.Children.Count - 1 || item.Children.Count != 1)
                {
                    reader.Report(cache, YamlFieldReader.Join(itemField, "cache_point"),
                        "cache_point goes alone in the last item of tools: (- cache_point: true): the tools before it are cached");
                }

                cachePoint = reader.Bool(cache, YamlFieldReader.Join(itemField, "cache_point"), "cache_point must be true or false") ?? false;
                continue;
            }

            if (Tool(item, itemField) is { } tool)
            {
                if (!names.Add(tool.Name))
                {
                    reader.Report(item, YamlFieldReader.Join(itemField, "name"), $"the tool `{tool.Name}` is defined twice; tool names must be unique");
                    continue;
                }

                tools.Add(tool);
            }
        }

        if (list.Children.Count == 0)
        {
            reader.Report(list, field, $"tools: holds no tool; add one, e.g. {ToolExample}");
        }

        return (tools.ToImmutable(), cachePoint);
    }

    private ToolDefinition? Tool(YamlMappingNode item, string field)
    {
        var nameNode = reader.Required(item, "name", field, "name: lookup_order");
        var name = reader.Text(nameNode, YamlFieldReader.Join(field, "name"), "a tool's name must be text");
        if (name is not null && !NamePattern().IsMatch(name))
        {
            reader.Report(nameNode!, YamlFieldReader.Join(field, "name"),
                $"a tool's name may hold only letters, digits, `_` and `-`, 1 to 64 of them, as Bedrock requires (found `{name}`)");
            name = null;
        }

        var description = reader.Text(YamlFieldReader.Get(item, "description"), YamlFieldReader.Join(field, "description"), "description must be text");
        var strict = reader.Bool(YamlFieldReader.Get(item, "strict"), YamlFieldReader.Join(field, "strict"),
            "strict must be true (Bedrock enforces the input schema) or false") ?? false;
        var schemaField = YamlFieldReader.Join(field, "input_schema");
        var schemaNode = reader.Required(item, "input_schema", field, "input_schema: tools/lookup_order.json");
        var schema = reader.Text(schemaNode, schemaField, "input_schema must be the path of a JSON Schema file, e.g. input_schema: tools/lookup_order.json") is { } written
            ? schemas.Load(folder, written, new SuiteProblem(reader.File, YamlFieldReader.Line(schemaNode!), schemaField, string.Empty))
            : null;
        if (schema is not null && !IsObjectSchema(schema.Json))
        {
            reader.Report(schemaNode!, schemaField,
                $"the input schema `{schema.WrittenAs}` must have \"type\": \"object\" at its top: a tool's input is a JSON object");
            return null;
        }

        return name is null || schema is null ? null : new ToolDefinition(name, description, schema.Json, strict);
    }

    private ToolChoiceOptions? Choice(YamlNode node, string field)
    {
        var line = YamlFieldReader.Line(node);
        switch (node)
        {
            case YamlScalarNode { Value: "auto" }:
                return new ToolChoiceOptions(new ToolChoice(ToolChoiceKind.Auto), reader.File, field, line);
            case YamlScalarNode { Value: "any" }:
                return new ToolChoiceOptions(new ToolChoice(ToolChoiceKind.Any), reader.File, field, line);
            case YamlMappingNode map:
                reader.CheckKeys(map, field, ["tool"]);
                var tool = reader.Text(reader.Required(map, "tool", field, "tool_choice: { tool: lookup_order }"), YamlFieldReader.Join(field, "tool"), ChoiceRule);
                return tool is null ? null : new ToolChoiceOptions(new ToolChoice(ToolChoiceKind.Tool, tool), reader.File, field, line);
            default:
                reader.Report(node, field, $"{ChoiceRule} (found {(node is YamlScalarNode { Value: { } v } ? $"`{v}`" : "a list")})");
                return null;
        }
    }

    private static bool IsObjectSchema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object";
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    internal static partial Regex NamePattern();
}
