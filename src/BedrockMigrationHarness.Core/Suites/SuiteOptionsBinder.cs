using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Vocabulary;
using Scriban.Runtime;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds the suite file's top-level mapping to <see cref="SuiteOptions"/>: known keys, types, ranges and
/// defaults (docs/suite-format.md). Every problem is reported through the reader; nothing throws.
/// </summary>
internal sealed partial class SuiteOptionsBinder(YamlFieldReader reader, string suiteDirectory)
{
    private SuiteFolder _folder = new(suiteDirectory, allowOutside: false);

    public const string DefaultRegion = "us-east-1";
    public const int DefaultSamples = 5;
    public const int DefaultConcurrency = 4;
    public const double DefaultTimeoutSeconds = 60;
    public const int DefaultMaxTokens = 512;
    public const string DefaultTextPointer = "/content/0/text";
    public const long DefaultRequestsPerMonth = 1_000_000;

    private static readonly ImmutableArray<string> TopKeys =
    [
        "name", "baseline", "candidate", "region", "samples", "concurrency", "timeout_seconds", "stream", "noise_floor",
        "system", "inference", "api", "invoke", "vars", "cases", "gates", "traffic", "retry", "pricing", SuiteFolder.AllowOutsideKey,
    ];

    private static readonly ImmutableArray<string> InferenceKeys = ["max_tokens", "temperature", "top_p", "stop_sequences"];
    private static readonly ImmutableArray<string> InvokeKeys = ["body", "body_template", "text_pointer"];
    private static readonly ImmutableArray<string> CaseKeys = ["id", "prompt", "vars", "schema", "stream", "expect", "table"];
    private static readonly ImmutableArray<string> ExpectKeys = ["pointer", "equals", "contains", "regex"];
    private static readonly ImmutableArray<string> RetryKeys = ["max_attempts", "base_delay_ms", "max_delay_ms"];

    /// <summary>Upper bound of <c>samples</c>: calls per case per model; past it a run costs more than any decision needs.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>Upper bound of <c>concurrency</c>, calls in flight at once.</summary>
    public const int MaxConcurrency = 1_000;

    /// <summary>Upper bound of <c>timeout_seconds</c> (one hour).</summary>
    public const double MaxTimeoutSeconds = 3_600;

    /// <summary>Upper bound of <c>inference.max_tokens</c>.</summary>
    public const int MaxOutputTokens = 1_000_000;

    /// <summary>Upper bound of <c>traffic.requests_per_month</c> (a trillion).</summary>
    public const long MaxRequestsPerMonth = 1_000_000_000_000;

    /// <summary>Upper bound of <c>retry.max_attempts</c>: more tries than this only pay for a model that is down.</summary>
    public const int MaxRetryAttempts = 10;

    /// <summary>Upper bound of the retry delays, in milliseconds (10 minutes).</summary>
    public const int MaxRetryDelayMs = 600_000;

    public SuiteOptions Bind(YamlMappingNode root)
    {
        reader.CheckKeys(root, string.Empty, TopKeys);
        var allowOutside = reader.Bool(YamlFieldReader.Get(root, SuiteFolder.AllowOutsideKey), SuiteFolder.AllowOutsideKey,
            $"{SuiteFolder.AllowOutsideKey} must be true (the suite may use files outside its folder) or false") ?? false;
        _folder = new SuiteFolder(suiteDirectory, allowOutside);

        var name = Name(root);
        var baseline = ModelId(root, "baseline", "baseline: anthropic.claude-3-5-sonnet-20241022-v2:0");
        var candidate = ModelId(root, "candidate", "candidate: anthropic.claude-sonnet-4-5-20250929-v1:0");
        var region = Region(root);
        var samples = reader.Whole(YamlFieldReader.Get(root, "samples"), "samples", 1, MaxSamples,
            $"samples must be a whole number from 1 to {MaxSamples}, e.g. samples: 5") ?? DefaultSamples;
        var concurrency = reader.Whole(YamlFieldReader.Get(root, "concurrency"), "concurrency", 1, MaxConcurrency,
            $"concurrency must be a whole number from 1 to {MaxConcurrency}, e.g. concurrency: 4") ?? DefaultConcurrency;
        var timeout = reader.Number(YamlFieldReader.Get(root, "timeout_seconds"), "timeout_seconds", v => v is > 0 and <= MaxTimeoutSeconds,
            string.Create(CultureInfo.InvariantCulture, $"timeout_seconds must be a number of seconds > 0 and ≤ {MaxTimeoutSeconds} (one hour), e.g. timeout_seconds: 60")) ?? DefaultTimeoutSeconds;
        var stream = reader.Bool(YamlFieldReader.Get(root, "stream"), "stream",
            "stream must be true (ConverseStream, measures time to first token) or false (Converse)") ?? false;
        var noiseFloor = reader.Bool(YamlFieldReader.Get(root, "noise_floor"), "noise_floor",
            "noise_floor must be true (also run the baseline a second time) or false") ?? false;
        var system = Template(YamlFieldReader.Get(root, "system"), "system", "system must be text, e.g. system: \"You are a support assistant.\"");
        var inference = Inference(YamlFieldReader.Get(root, "inference"));
        var invoke = Invoke(root);
        var vars = Vars(YamlFieldReader.Get(root, "vars"), "vars");
        var cases = Cases(root);
        var gates = new GateBinder(reader).Bind(YamlFieldReader.Get(root, "gates"));
        var traffic = Traffic(YamlFieldReader.Get(root, "traffic"));
        var retry = Retry(YamlFieldReader.Get(root, "retry"));
        var pricing = PricingFile(YamlFieldReader.Get(root, "pricing"));

        return new SuiteOptions(name, baseline, candidate, region, (int)samples, (int)concurrency, timeout, stream, noiseFloor,
            system, inference, invoke, vars, cases, gates, traffic, pricing)
        {
            Retry = retry,
            Folder = _folder,
        };
    }

    private string Name(YamlMappingNode root)
    {
        const string Rule = "name may contain only letters, digits, `.`, `_` and `-` (it names the report folder), e.g. name: support-tickets";
        var node = reader.Required(root, "name", string.Empty, "name: support-tickets");
        if (reader.Text(node, "name", Rule) is not { } name)
        {
            return string.Empty;
        }

        if (!IdPattern().IsMatch(name))
        {
            reader.Report(node!, "name", $"{Rule} (found `{name}`)");
        }

        return name;
    }

    private string ModelId(YamlMappingNode root, string key, string example)
    {
        var rule = $"{key} must be a Bedrock model id, inference profile id or ARN: 1 to 2048 characters from letters, digits and `.` `_` `:` `/` `-`, no spaces, e.g. {example}";
        var node = reader.Required(root, key, string.Empty, example);
        if (reader.Text(node, key, rule) is not { } id)
        {
            return string.Empty;
        }

        if (!ModelIdPattern().IsMatch(id))
        {
            reader.Report(node!, key, $"{rule} (found `{id}`)");
        }

        return id;
    }

    private string Region(YamlMappingNode root)
    {
        const string Rule = "region must be an AWS region name, e.g. region: us-east-1";
        var node = YamlFieldReader.Get(root, "region");
        if (reader.Text(node, "region", Rule) is not { } region)
        {
            return DefaultRegion;
        }

        if (!RegionPattern().IsMatch(region))
        {
            reader.Report(node!, "region", $"{Rule} (found `{region}`)");
        }

        return region;
    }

    private InferenceSettings Inference(YamlNode? node)
    {
        const string Path = "inference";
        if (reader.Mapping(node, Path, "inference must be a mapping, e.g. inference: { max_tokens: 512, temperature: 0 }") is not { } map)
        {
            return new InferenceSettings(DefaultMaxTokens, null, null, []);
        }

        reader.CheckKeys(map, Path, InferenceKeys);
        var maxTokens = reader.Whole(YamlFieldReader.Get(map, "max_tokens"), "inference.max_tokens", 1, MaxOutputTokens,
            $"max_tokens must be a whole number from 1 to {MaxOutputTokens}, e.g. max_tokens: 512") ?? DefaultMaxTokens;
        var temperature = reader.Number(YamlFieldReader.Get(map, "temperature"), "inference.temperature", v => v is >= 0 and <= 1,
            "temperature must be a number from 0 to 1, e.g. temperature: 0");
        var topP = reader.Number(YamlFieldReader.Get(map, "top_p"), "inference.top_p", v => v is >= 0 and <= 1,
            "top_p must be a number from 0 to 1, e.g. top_p: 0.9");
        var stops = reader.TextList(YamlFieldReader.Get(map, "stop_sequences"), "inference.stop_sequences",
            "stop_sequences must be a list of text values, e.g. stop_sequences: [\"</answer>\"]");
        return new InferenceSettings((int)maxTokens, temperature, topP, stops);
    }

    private InvokeOptions? Invoke(YamlMappingNode root)
    {
        const string ApiRule = "api must be `converse` (the default) or `invoke` (InvokeModel with a body template)";
        var apiNode = YamlFieldReader.Get(root, "api");
        var api = reader.Text(apiNode, "api", ApiRule) ?? "converse";
        var invokeNode = YamlFieldReader.Get(root, "invoke");
        switch (api)
        {
            case "converse":
                if (invokeNode is not null)
                {
                    reader.Report(invokeNode, "invoke", "invoke: is only used with api: invoke; add api: invoke or remove the invoke: block");
                }

                return null;
            case "invoke":
                break;
            default:
                reader.Report(apiNode!, "api", $"{ApiRule} (found `{api}`)");
                return null;
        }

        const string Example = "invoke: { body: bodies/anthropic.json.sbn, text_pointer: /content/0/text }";
        if (invokeNode is null)
        {
            reader.Report(apiNode!, "invoke", $"api: invoke needs an invoke: block with the request body template, e.g. {Example}");
            return null;
        }

        if (reader.Mapping(invokeNode, "invoke", $"invoke must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, "invoke", InvokeKeys);
        var pointer = Pointer(YamlFieldReader.Get(map, "text_pointer"), "invoke.text_pointer") ?? DefaultTextPointer;
        var file = YamlFieldReader.Get(map, "body");
        var inline = YamlFieldReader.Get(map, "body_template");
        if (file is not null && inline is not null)
        {
            reader.Report(inline, "invoke.body_template", "use either body: (a template file) or body_template: (inline), not both");
            return null;
        }

        if (file is null && inline is null)
        {
            reader.Report(map, "invoke.body", "invoke needs the request body: body: a template file, or body_template: the template inline");
            return null;
        }

        var body = inline is not null
            ? Template(inline, "invoke.body_template", "body_template must be text (a Scriban template of the JSON body)")
            : BodyFile(file!);
        return body is null ? null : new InvokeOptions(body, pointer);
    }

    private TemplateSource? BodyFile(YamlNode node)
    {
        if (reader.Text(node, "invoke.body", "body must be the path of a template file, e.g. body: bodies/anthropic.json.sbn") is not { } written)
        {
            return null;
        }

        var at = new SuiteProblem(reader.File, YamlFieldReader.Line(node), "invoke.body", string.Empty);
        return _folder.Read(written, InputFileKind.BodyTemplate, at, reader.Problems) is { } text
            ? new TemplateSource(text, DisplayPath.For(_folder.FullPath(written)), 1, "invoke.body")
            : null;
    }

    private TrafficSettings Traffic(YamlNode? node)
    {
        if (reader.Mapping(node, "traffic", "traffic must be a mapping, e.g. traffic: { requests_per_month: 1000000 }") is not { } map)
        {
            return new TrafficSettings(DefaultRequestsPerMonth);
        }

        reader.CheckKeys(map, "traffic", ["requests_per_month"]);
        var requests = reader.Whole(YamlFieldReader.Get(map, "requests_per_month"), "traffic.requests_per_month", 1, MaxRequestsPerMonth,
            $"requests_per_month must be a whole number from 1 to {MaxRequestsPerMonth}, e.g. requests_per_month: 1000000");
        return new TrafficSettings(requests ?? DefaultRequestsPerMonth);
    }

    /// <summary>The <c>retry:</c> block: the AWS "standard" policy's attempts and backoff; absent keys keep <see cref="RetrySettings.Default"/>.</summary>
    private RetrySettings Retry(YamlNode? node)
    {
        var defaults = RetrySettings.Default;
        if (reader.Mapping(node, "retry", "retry must be a mapping, e.g. retry: { max_attempts: 5, base_delay_ms: 500, max_delay_ms: 20000 }") is not { } map)
        {
            return defaults;
        }

        reader.CheckKeys(map, "retry", RetryKeys);
        var attempts = reader.Whole(YamlFieldReader.Get(map, "max_attempts"), "retry.max_attempts", 1, MaxRetryAttempts,
            $"max_attempts (calls per planned attempt, the first included) must be a whole number from 1 to {MaxRetryAttempts}, e.g. max_attempts: 5");
        var baseDelay = reader.Whole(YamlFieldReader.Get(map, "base_delay_ms"), "retry.base_delay_ms", 0, MaxRetryDelayMs,
            $"base_delay_ms must be a whole number of milliseconds from 0 to {MaxRetryDelayMs}, e.g. base_delay_ms: 500");
        var maxDelayNode = YamlFieldReader.Get(map, "max_delay_ms");
        var maxDelay = reader.Whole(maxDelayNode, "retry.max_delay_ms", 0, MaxRetryDelayMs,
            $"max_delay_ms must be a whole number of milliseconds from 0 to {MaxRetryDelayMs}, e.g. max_delay_ms: 20000");
        var settings = new RetrySettings(
            (int?)attempts ?? defaults.MaxAttempts,
            baseDelay is { } b ? TimeSpan.FromMilliseconds(b) : defaults.BaseDelay,
            maxDelay is { } m ? TimeSpan.FromMilliseconds(m) : defaults.MaxDelay);
        if (settings.MaxDelay < settings.BaseDelay)
        {
            reader.Report(maxDelayNode ?? map, "retry.max_delay_ms", string.Create(CultureInfo.InvariantCulture,
                $"max_delay_ms ({settings.MaxDelay.TotalMilliseconds}) must not be below base_delay_ms ({settings.BaseDelay.TotalMilliseconds}): it caps the backoff"));
        }

        return settings;
    }

    /// <summary>The <c>pricing:</c> file as written, after checking that it exists and reads as a price table.</summary>
    private string? PricingFile(YamlNode? node)
    {
        if (reader.Text(node, "pricing", "pricing must be the path of a price file, e.g. pricing: pricing.yaml") is not { } written)
        {
            return null;
        }

        var at = new SuiteProblem(reader.File, YamlFieldReader.Line(node!), "pricing", string.Empty);
        return _folder.Read(written, InputFileKind.PriceFile, at, reader.Problems) is { } text
            && PriceTableReader.Parse(text, DisplayPath.For(_folder.FullPath(written)), reader.Problems) is not null
            ? written
            : null;
    }

    private ImmutableArray<CaseOptions> Cases(YamlMappingNode root)
    {
        const string NoCases = "the suite has no cases: add at least one under cases:, e.g. cases: [ { id: hello, prompt: \"Say hello\" } ]";
        var node = YamlFieldReader.Get(root, "cases");
        if (node is null)
        {
            reader.Report(root, "cases", NoCases);
            return [];
        }

        if (reader.Sequence(node, "cases", "cases must be a list, each item starting with `- id:` or `- table:`") is not { } list)
        {
            return [];
        }

        if (list.Children.Count == 0)
        {
            reader.Report(list, "cases", NoCases);
            return [];
        }

        var cases = ImmutableArray.CreateBuilder<CaseOptions>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Case(list.Children[i], $"cases[{i}]") is { } item)
            {
                cases.Add(item);
            }
        }

        return cases.ToImmutable();
    }

    private CaseOptions? Case(YamlNode node, string path)
    {
        if (reader.Mapping(node, path, "a case must be a mapping, e.g. - { id: greet, prompt: \"Say hello\" }") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, path, CaseKeys);
        var table = PathValue(YamlFieldReader.Get(map, "table"), YamlFieldReader.Join(path, "table"), "table must be the path of a CSV file, e.g. table: tickets.csv");
        var idNode = table is null ? reader.Required(map, "id", path, "id: classify-refund") : YamlFieldReader.Get(map, "id");
        var id = Template(idNode, YamlFieldReader.Join(path, "id"), "id must be text, e.g. id: classify-refund");
        var promptNode = YamlFieldReader.Get(map, "prompt");
        if (promptNode is null)
        {
            reader.Report(map, YamlFieldReader.Join(path, "prompt"), table is null
                ? "the case has no prompt: add prompt: (the user message), or table: plus prompt: for one case per CSV row"
                : "a table case needs a prompt: the template each row fills in");
        }

        var prompt = Template(promptNode, YamlFieldReader.Join(path, "prompt"), "prompt must be text (a Scriban template)");
        var vars = Vars(YamlFieldReader.Get(map, "vars"), YamlFieldReader.Join(path, "vars"));
        var schema = PathValue(YamlFieldReader.Get(map, "schema"), YamlFieldReader.Join(path, "schema"), "schema must be the path of a JSON Schema file, e.g. schema: schemas/classification.json");
        var stream = reader.Bool(YamlFieldReader.Get(map, "stream"), YamlFieldReader.Join(path, "stream"), "stream must be true or false");
        var expectations = Expectations(YamlFieldReader.Get(map, "expect"), YamlFieldReader.Join(path, "expect"));
        return prompt is null
            ? null
            : new CaseOptions(path, YamlFieldReader.Line(map), id, prompt, table, vars, schema, stream, expectations);
    }

    private ImmutableArray<ExpectationOptions> Expectations(YamlNode? node, string path)
    {
        if (reader.Sequence(node, path, "expect must be a list, e.g. expect: [ { pointer: /category, equals: billing } ]") is not { } list)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ExpectationOptions>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = $"{path}[{i}]";
            if (reader.Mapping(list.Children[i], field, "an expectation must be a mapping, e.g. - contains: refund") is not { } map)
            {
                continue;
            }

            reader.CheckKeys(map, field, ExpectKeys);
            var checks = new (string Key, ExpectationKind Kind)[] { ("equals", ExpectationKind.EqualTo), ("contains", ExpectationKind.Contains), ("regex", ExpectationKind.Matches) }
                .Select(c => (c.Key, c.Kind, Node: YamlFieldReader.Get(map, c.Key)))
                .Where(c => c.Node is not null)
                .ToList();
            var pointer = Pointer(YamlFieldReader.Get(map, "pointer"), YamlFieldReader.Join(field, "pointer"));
            if (checks.Count != 1)
            {
                reader.Report(map, field, checks.Count == 0
                    ? "an expectation needs one of equals:, contains: or regex:, e.g. - { pointer: /category, equals: billing }"
                    : "an expectation has exactly one of equals:, contains: or regex:; split it into one item per check");
                continue;
            }

            var (key, kind, valueNode) = checks[0];
            if (Template(valueNode, YamlFieldReader.Join(field, key), $"{key} must be a text value (quote it if needed)") is { } value)
            {
                result.Add(new ExpectationOptions(kind, value, pointer));
            }
        }

        return result.ToImmutable();
    }

    private string? Pointer(YamlNode? node, string field)
    {
        const string Rule = "a pointer is a JSON Pointer (RFC 6901) starting with `/`, e.g. /category or /items/0/name; omit it to check the whole answer";
        if (reader.Text(node, field, Rule) is not { } pointer)
        {
            return null;
        }

        if (!PointerPattern().IsMatch(pointer))
        {
            reader.Report(node!, field, $"{Rule} (found `{pointer}`; write ~0 for `~` and ~1 for `/` inside a name)");
            return null;
        }

        return pointer;
    }

    private PathReference? PathValue(YamlNode? node, string field, string rule) =>
        reader.Text(node, field, rule) is { } written ? new PathReference(written, field, YamlFieldReader.Line(node!)) : null;

    private TemplateSource? Template(YamlNode? node, string field, string rule)
    {
        if (reader.Text(node, field, rule) is not { } text)
        {
            return null;
        }

        // Block scalars (| and >) start on the line after their indicator.
        var firstLine = YamlFieldReader.Line(node!) + (((YamlScalarNode)node!).Style is ScalarStyle.Literal or ScalarStyle.Folded ? 1 : 0);
        return new TemplateSource(text, reader.File, firstLine, field);
    }

    /// <summary>Template vars: text stays text, lists and mappings become Scriban arrays and objects.</summary>
    private ImmutableDictionary<string, object?> Vars(YamlNode? node, string path)
    {
        if (reader.Mapping(node, path, "vars must be a mapping of names to values, e.g. vars: { company: Acme }") is not { } map)
        {
            return ImmutableDictionary<string, object?>.Empty;
        }

        var vars = ImmutableDictionary.CreateBuilder<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && VarNamePattern().IsMatch(name))
            {
                vars[name] = Value(value);
            }
            else
            {
                reader.Report(key, path, $"a var name must be letters, digits and `_`, not starting with a digit, so templates can use it (found `{(key as YamlScalarNode)?.Value}`)");
            }
        }

        return vars.ToImmutable();
    }

    private static object? Value(YamlNode node)
    {
        switch (node)
        {
            case YamlSequenceNode sequence:
                var array = new ScriptArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Value(item));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new ScriptObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj.SetValue((key as YamlScalarNode)?.Value ?? string.Empty, Value(value), readOnly: false);
                }

                return obj;
            default:
                return YamlFieldReader.IsNull(node) ? null : ((YamlScalarNode)node).Value;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    internal static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,2048}$")]
    private static partial Regex ModelIdPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^(/([^~/]|~[01])*)+$")]
    private static partial Regex PointerPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VarNamePattern();
}
