using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds a case's <c>reference:</c> (docs/suite-format.md, "Reference answers"): a text, or a mapping of its
/// <c>text:</c>, the <c>tool_calls:</c> it made and the logged <c>production:</c> call. Never a template and never a
/// check: it is kept as written for the reports to compare with.
/// </summary>
internal sealed partial class ReferenceBinder(YamlFieldReader reader)
{
    /// <summary>Upper bound of <c>production.latency_ms</c>: one hour, the longest call a run allows.</summary>
    public const double MaxLatencyMs = 3_600_000;

    /// <summary>Upper bound of <c>production.input_tokens</c> and <c>output_tokens</c>.</summary>
    public const int MaxTokens = 10_000_000;

    private const string Example = "reference: { text: \"Your order has shipped.\" }";

    private static readonly ImmutableArray<string> ReferenceKeys = ["text", "tool_calls", "production"];
    private static readonly ImmutableArray<string> ToolCallKeys = ["name", "input"];
    private static readonly ImmutableArray<string> ProductionKeys =
        ["model", "request_id", "timestamp", "operation", "latency_ms", "input_tokens", "output_tokens"];
    private static readonly ImmutableArray<string> Operations = ["Converse", "ConverseStream", "InvokeModel", "InvokeModelWithResponseStream"];

    /// <summary>The reference of a case, or null when it has none or after reporting what is wrong with it.</summary>
    public CaseReference? Bind(YamlNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return new CaseReference(scalar.Value ?? string.Empty, [], null);
            case not YamlMappingNode:
                reader.Report(node, field, $"reference must be the reference answer's text or a mapping, e.g. {Example} (found a list)");
                return null;
        }

        var map = (YamlMappingNode)node;
        reader.CheckKeys(map, field, ReferenceKeys);
        var textNode = reader.Required(map, "text", field, "text: \"Your order has shipped.\" (text: \"\" when it only called tools)");
        var text = reader.Text(textNode, YamlFieldReader.Join(field, "text"), "text must be the reference answer's text");
        var calls = ToolCalls(YamlFieldReader.Get(map, "tool_calls"), YamlFieldReader.Join(field, "tool_calls"));
        var productionNode = YamlFieldReader.Get(map, "production");
        var production = Production(productionNode, YamlFieldReader.Join(field, "production"));
        return text is null || calls is null || (productionNode is not null && production is null)
            ? null
            : new CaseReference(text, calls.Value, production);
    }

    private ImmutableArray<ToolCall>? ToolCalls(YamlNode? node, string field)
    {
        const string Rule = "tool_calls must be a list of the reference's tool calls, e.g. tool_calls: [ { name: lookup_order, input: { order_id: A-1 } } ]";
        if (node is null)
        {
            return [];
        }

        if (reader.Sequence(node, field, Rule) is not { } list)
        {
            return null;
        }

        var calls = ImmutableArray.CreateBuilder<ToolCall>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var itemField = $"{field}[{i}]";
            if (reader.Mapping(list.Children[i], itemField, $"a tool call must be a mapping, e.g. {{ name: lookup_order, input: {{ order_id: A-1 }} }}") is not { } item)
            {
                continue;
            }

            reader.CheckKeys(item, itemField, ToolCallKeys);
            var nameField = YamlFieldReader.Join(itemField, "name");
            var nameNode = reader.Required(item, "name", itemField, "name: lookup_order");
            var name = reader.Text(nameNode, nameField, "name must be the tool's name");
            if (name is not null && !ToolBinder.NamePattern().IsMatch(name))
            {
                reader.Report(nameNode!, nameField, $"a tool's name may hold only letters, digits, `_` and `-`, 1 to 64 of them, as Bedrock requires (found `{name}`)");
                name = null;
            }

            var input = reader.Mapping(reader.Required(item, "input", itemField, "input: { order_id: A-1 }"), YamlFieldReader.Join(itemField, "input"),
                "input must be a mapping of the call's arguments, e.g. input: { order_id: A-1 }");
            if (name is not null && input is not null)
            {
                calls.Add(new ToolCall(string.Empty, name, YamlJson.Of(input)));
            }
        }

        return calls.Count == list.Children.Count ? calls.ToImmutable() : null;
    }

    private ProductionCall? Production(YamlNode? node, string field)
    {
        const string ProductionExample = "production: { model: amazon.nova-lite-v1:0, latency_ms: 302 }";
        if (reader.Mapping(node, field, $"production must be a mapping of the logged call, e.g. {ProductionExample}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, ProductionKeys);
        var before = reader.Problems.Count;
        var modelField = YamlFieldReader.Join(field, "model");
        var modelNode = reader.Required(map, "model", field, "model: amazon.nova-lite-v1:0");
        var model = reader.Text(modelNode, modelField, "model must be the logged model id");
        if (model is not null && !SuiteOptionsBinder.ModelIdPattern().IsMatch(model))
        {
            reader.Report(modelNode!, modelField,
                $"model must be a Bedrock model id, inference profile id or ARN: 1 to 2048 characters from letters, digits and `.` `_` `:` `/` `-`, no spaces (found `{model}`)");
        }

        var requestId = reader.Text(YamlFieldReader.Get(map, "request_id"), YamlFieldReader.Join(field, "request_id"),
            "request_id must be the logged request id, e.g. request_id: ff4b6c63-5561-4431-93b8-06a817275900");
        var timestamp = Timestamp(YamlFieldReader.Get(map, "timestamp"), YamlFieldReader.Join(field, "timestamp"));
        var operationField = YamlFieldReader.Join(field, "operation");
        var operationNode = YamlFieldReader.Get(map, "operation");
        var operationRule = $"operation must be one of {string.Join(", ", Operations)}";
        var operation = reader.Text(operationNode, operationField, operationRule);
        if (operation is not null && !Operations.Contains(operation, StringComparer.Ordinal))
        {
            reader.Report(operationNode!, operationField, $"{operationRule} (found `{operation}`)");
        }

        var latency = reader.Number(YamlFieldReader.Get(map, "latency_ms"), YamlFieldReader.Join(field, "latency_ms"), v => v is >= 0 and <= MaxLatencyMs,
            string.Create(CultureInfo.InvariantCulture, $"latency_ms must be a number of milliseconds from 0 to {MaxLatencyMs}, e.g. latency_ms: 302"));
        var input = reader.Whole(YamlFieldReader.Get(map, "input_tokens"), YamlFieldReader.Join(field, "input_tokens"), 0, MaxTokens,
            $"input_tokens must be a whole number from 0 to {MaxTokens}, e.g. input_tokens: 4");
        var output = reader.Whole(YamlFieldReader.Get(map, "output_tokens"), YamlFieldReader.Join(field, "output_tokens"), 0, MaxTokens,
            $"output_tokens must be a whole number from 0 to {MaxTokens}, e.g. output_tokens: 38");
        return model is null || reader.Problems.Count != before
            ? null
            : new ProductionCall(model, requestId, timestamp, operation, latency, (int?)input, (int?)output);
    }

    /// <summary>An ISO 8601 date and time with its offset (<c>Z</c> or <c>±hh:mm</c>), read culture-invariant, as UTC.</summary>
    private DateTimeOffset? Timestamp(YamlNode? node, string field)
    {
        const string Rule = "timestamp must be an ISO 8601 date and time with its offset, e.g. timestamp: 2025-03-11T00:38:02Z or 2025-03-11T01:38:02+01:00";
        if (reader.Text(node, field, Rule) is not { } text)
        {
            return null;
        }

        if (TimestampPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value.ToUniversalTime();
        }

        reader.Report(node!, field, $"{Rule} (found `{text}`)");
        return null;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$")]
    private static partial Regex TimestampPattern();
}
