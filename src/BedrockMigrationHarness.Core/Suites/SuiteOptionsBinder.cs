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
internal sealed partial class SuiteOptionsBinder(YamlFieldReader reader, string suiteDirectory, SchemaLoader schemas)
{
    private SuiteFolder _folder = new(suiteDirectory, allowOutside: false);
    private ToolBinder? _tools;
    private ConversationBinder? _conversations;
    private bool _templates = true;
    private JudgeBinder? _judges;
    private bool _suiteHasJudge;

    public const string DefaultRegion = "us-east-1";
    public const int DefaultSamples = 5;
    public const int DefaultConcurrency = 4;
    public const double DefaultTimeoutSeconds = 60;
    public const int DefaultMaxTokens = 512;
    public const string DefaultTextPointer = "/content/0/text";
    public const long DefaultRequestsPerMonth = 1_000_000;

    /// <summary>The suite key that names several candidates instead of one <c>candidate:</c>.</summary>
    public const string CandidatesKey = "candidates";

    /// <summary>Upper bound of the <c>candidates:</c> list: every candidate is a full arm of calls, and past it a report cannot be read at a glance.</summary>
    public const int MaxCandidates = 8;

    private const string CandidateExample = "candidate: anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static readonly ImmutableArray<string> TopKeys =
    [
        "name", "baseline", "candidate", CandidatesKey, "region", "samples", "concurrency", "timeout_seconds", "stream", "noise_floor",
        "system", "inference", "api", "invoke", "vars", "cases", "gates", "traffic", "retry", "pricing", SuiteFolder.AllowOutsideKey,
        "tools", "tool_choice", "structured_output", "additional_fields", "templates", JudgeBinder.Key, AdaptiveBinder.Key,
        BatchBinder.Key,
    ];

    private static readonly ImmutableArray<string> ArmKeys = ["model", "system", "inference", "additional_fields", "structured_output", "prompt_suffix"];
    private static readonly ImmutableArray<string> SystemKeys = ["text", "cache_point"];
    private static readonly ImmutableArray<string> ExpectToolKeys = ["name", "input"];

    private static readonly ImmutableArray<string> InferenceKeys = ["max_tokens", "temperature", "top_p", "stop_sequences"];
    private static readonly ImmutableArray<string> InvokeKeys = ["body", "body_template", "text_pointer"];
    private static readonly ImmutableArray<string> CaseFileKeys =
    [
        "id", "prompt", "messages", "system", "vars", "schema", "stream", "expect", "tools", "tool_choice", "expect_tool",
        "structured_output", "additional_fields", "templates", "inference", "reference", JudgeBinder.Key,
    ];
    private static readonly ImmutableArray<string> CaseKeys = [.. CaseFileKeys, "table"];
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
        _tools = new ToolBinder(reader, _folder, schemas);
        _conversations = new ConversationBinder(reader, _folder, Template);
        _templates = Templates(root, string.Empty) ?? true;
        _judges = new JudgeBinder(reader, _folder, Inference, ModelId);

        var name = Name(root);
        var (baseline, baselineArm) = Arm(root, "baseline", "baseline: anthropic.claude-3-5-sonnet-20241022-v2:0");
        var candidates = Candidates(root);
        var candidateList = YamlFieldReader.Get(root, CandidatesKey) is not null;
        var (candidate, candidateArm) = candidates.IsEmpty ? (string.Empty, null) : candidates[0];
        var region = Region(root);
        var samplesNode = YamlFieldReader.Get(root, "samples");
        var samplesGiven = reader.Whole(samplesNode, "samples", 1, MaxSamples, $"samples must be a whole number from 1 to {MaxSamples}, e.g. samples: 5");
        var samples = samplesGiven ?? DefaultSamples;
        var concurrency = reader.Whole(YamlFieldReader.Get(root, "concurrency"), "concurrency", 1, MaxConcurrency,
            $"concurrency must be a whole number from 1 to {MaxConcurrency}, e.g. concurrency: 4") ?? DefaultConcurrency;
        var timeout = reader.Number(YamlFieldReader.Get(root, "timeout_seconds"), "timeout_seconds", v => v is > 0 and <= MaxTimeoutSeconds,
            string.Create(CultureInfo.InvariantCulture, $"timeout_seconds must be a number of seconds > 0 and ≤ {MaxTimeoutSeconds} (one hour), e.g. timeout_seconds: 60")) ?? DefaultTimeoutSeconds;
        var stream = reader.Bool(YamlFieldReader.Get(root, "stream"), "stream",
            "stream must be true (ConverseStream, measures time to first token) or false (Converse)") ?? false;
        var noiseFloor = reader.Bool(YamlFieldReader.Get(root, "noise_floor"), "noise_floor",
            "noise_floor must be true (also run the baseline a second time) or false") ?? false;
        var system = System(YamlFieldReader.Get(root, "system"), "system");
        var defaults = new InferenceSettings(DefaultMaxTokens, null, null, []);
        var inference = Inference(YamlFieldReader.Get(root, "inference"), "inference")?.ApplyTo(defaults) ?? defaults;
        var invoke = Invoke(root);
        var vars = Vars(root, string.Empty, _templates);
        var judgeNode = YamlFieldReader.Get(root, JudgeBinder.Key);
        _suiteHasJudge = judgeNode is not null;
        var judge = _judges.Bind(judgeNode, baseline, [.. candidates.Select(c => c.ModelId)]);
        var cases = Cases(root);
        var gates = new GateBinder(reader).Bind(YamlFieldReader.Get(root, "gates"), _suiteHasJudge);
        var traffic = Traffic(YamlFieldReader.Get(root, "traffic"));
        var retry = Retry(YamlFieldReader.Get(root, "retry"));
        var pricing = PricingFile(YamlFieldReader.Get(root, "pricing"));
        var adaptive = new AdaptiveBinder(reader).Bind(YamlFieldReader.Get(root, AdaptiveBinder.Key),
            samplesNode is null || samplesGiven is not null ? (int)samples : null);
        var batch = new BatchBinder(reader).Bind(YamlFieldReader.Get(root, BatchBinder.Key));

        return new SuiteOptions(name, baseline, candidate, region, (int)samples, (int)concurrency, timeout, stream, noiseFloor,
            system, inference, invoke, vars, cases, gates, traffic, pricing)
        {
            Retry = retry,
            Folder = _folder,
            Tools = _tools.Bind(root, string.Empty),
            StructuredOutput = StructuredOutput(root, string.Empty),
            AdditionalFieldsJson = AdditionalFields(root, string.Empty),
            Baseline = baselineArm is null ? ArmOptions.None : ArmSettings(baselineArm, "baseline"),
            Candidate = candidateArm is null ? ArmOptions.None : ArmSettings(candidateArm, CandidateField(candidateList, 0)),
            OtherCandidates = [.. candidates.Skip(1).Select((c, i) =>
                new CandidateOptions(c.ModelId, c.Overrides is null ? ArmOptions.None : ArmSettings(c.Overrides, CandidateField(candidateList, i + 1))))],
            Templates = _templates,
            Judge = judge,
            Adaptive = adaptive,
            Batch = batch,
        };
    }

    /// <summary>A <c>templates:</c> key of the suite or a case, or null when it does not say.</summary>
    private bool? Templates(YamlMappingNode map, string path) =>
        reader.Bool(YamlFieldReader.Get(map, "templates"), YamlFieldReader.Join(path, "templates"),
            "templates must be true (texts are Scriban templates, the default) or false (every text is sent as written, `{{` included)");

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

    /// <summary>An arm: its model id, given alone or as <c>model:</c> of a mapping of overrides (also returned).</summary>
    private (string ModelId, YamlMappingNode? Overrides) Arm(YamlMappingNode root, string key, string example) =>
        Arm(reader.Required(root, key, string.Empty, example), key, example);

    /// <summary>The arm written at <paramref name="node"/> (field <paramref name="field"/>): a model id, or a mapping of <c>model:</c> and overrides.</summary>
    private (string ModelId, YamlMappingNode? Overrides) Arm(YamlNode? node, string field, string example)
    {
        if (node is not YamlMappingNode map)
        {
            return (ModelId(node, field, example), null);
        }

        reader.CheckKeys(map, field, ArmKeys);
        return (ModelId(reader.Required(map, "model", field, $"model: {example[(example.IndexOf(':', StringComparison.Ordinal) + 2)..]}"),
            YamlFieldReader.Join(field, "model"), example), map);
    }

    /// <summary>
    /// The candidates: <c>candidate:</c>, or each entry of <c>candidates:</c> (docs/suite-format.md, "Several candidates"),
    /// each a model id or a mapping like <c>candidate:</c>'s. Problems: both keys, neither, an empty or too long list, and
    /// an entry that repeats another (same model and same overrides). Empty only after a problem was reported.
    /// </summary>
    private ImmutableArray<(string ModelId, YamlMappingNode? Overrides)> Candidates(YamlMappingNode root)
    {
        var listNode = YamlFieldReader.Get(root, CandidatesKey);
        if (listNode is null)
        {
            return [Arm(root, "candidate", CandidateExample)];
        }

        if (YamlFieldReader.Get(root, "candidate") is { } single)
        {
            reader.Report(single, "candidate",
                "the suite has both candidate: and candidates:; give one model under candidate:, or list every candidate under candidates: (and remove candidate:)");
            return [];
        }

        const string Rule = "candidates must be a list of model ids or candidate mappings, e.g. candidates: [anthropic.claude-sonnet-4-5-20250929-v1:0, amazon.nova-lite-v1:0]";
        if (listNode is not YamlSequenceNode list)
        {
            reader.Report(listNode, CandidatesKey, Rule);
            return [];
        }

        if (list.Children.Count is 0 or > MaxCandidates)
        {
            reader.Report(listNode, CandidatesKey, list.Children.Count == 0
                ? $"candidates is empty; {Rule}"
                : string.Create(CultureInfo.InvariantCulture, $"candidates lists {list.Children.Count} models; at most {MaxCandidates}: every candidate is a full arm of calls, and a comparison of more cannot be read at a glance. Split them over two suites"));
            return [];
        }

        var before = reader.Problems.Count;
        var entries = ImmutableArray.CreateBuilder<(string ModelId, YamlMappingNode? Overrides)>(list.Children.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var field = CandidateField(true, i);
            var entry = Arm(list.Children[i], field, $"- {CandidateExample["candidate: ".Length..]}");
            var identity = entry.ModelId + "\n" + (entry.Overrides is { } map ? YamlJson.Of(map) : string.Empty);
            if (entry.ModelId.Length > 0 && seen.TryGetValue(identity, out var first))
            {
                reader.Report(list.Children[i], field, string.Create(CultureInfo.InvariantCulture,
                    $"{field} repeats {CandidateField(true, first)} (`{entry.ModelId}` with the same settings): the same calls twice compare nothing; remove one, or give them different settings (e.g. a prompt_suffix)"));
            }

            seen.TryAdd(identity, i);
            entries.Add(entry);
        }

        return reader.Problems.Count == before ? entries.MoveToImmutable() : [];
    }

    /// <summary>How problems name candidate <paramref name="index"/>: <c>candidate</c> when written so, else <c>candidates[i]</c>.</summary>
    private static string CandidateField(bool fromList, int index) =>
        fromList ? string.Create(CultureInfo.InvariantCulture, $"{CandidatesKey}[{index}]") : "candidate";

    private string ModelId(YamlNode? node, string field, string example)
    {
        var rule = $"{field} must be a Bedrock model id, inference profile id or ARN: 1 to 2048 characters from letters, digits and `.` `_` `:` `/` `-`, no spaces, e.g. {example}";
        if (reader.Text(node, field, rule) is not { } id)
        {
            return string.Empty;
        }

        if (!ModelIdPattern().IsMatch(id))
        {
            reader.Report(node!, field, $"{rule} (found `{id}`)");
        }

        return id;
    }

    /// <summary>The overrides of a <c>baseline:</c> or <c>candidate:</c> mapping; its inference keys replace the case's and the suite's one by one.</summary>
    private ArmOptions ArmSettings(YamlMappingNode map, string key) => new(
        System(YamlFieldReader.Get(map, "system"), YamlFieldReader.Join(key, "system")),
        Inference(YamlFieldReader.Get(map, "inference"), YamlFieldReader.Join(key, "inference")),
        AdditionalFields(map, key),
        StructuredOutput(map, key),
        Template(YamlFieldReader.Get(map, "prompt_suffix"), YamlFieldReader.Join(key, "prompt_suffix"),
            "prompt_suffix must be text, appended to the last user turn, e.g. prompt_suffix: \" Answer in JSON only.\""));

    /// <summary>A <c>system:</c> prompt: a template, or a mapping of its <c>text:</c> and <c>cache_point:</c>.</summary>
    private SystemOptions? System(YamlNode? node, string field)
    {
        const string Rule = "system must be text, e.g. system: \"You are a support assistant.\", or { text: ..., cache_point: true }";
        if (node is not YamlMappingNode map)
        {
            return Template(node, field, Rule) is { } text ? new SystemOptions(text, false) : null;
        }

        reader.CheckKeys(map, field, SystemKeys);
        var cache = reader.Bool(YamlFieldReader.Get(map, "cache_point"), YamlFieldReader.Join(field, "cache_point"),
            "cache_point must be true (a cache point follows the system prompt) or false") ?? false;
        return Template(reader.Required(map, "text", field, "text: \"You are a support assistant.\""), YamlFieldReader.Join(field, "text"), Rule) is { } body
            ? new SystemOptions(body, cache)
            : null;
    }

    private bool? StructuredOutput(YamlMappingNode map, string path) =>
        reader.Bool(YamlFieldReader.Get(map, "structured_output"), YamlFieldReader.Join(path, "structured_output"),
            "structured_output must be true (Bedrock makes the answer valid against the case's schema) or false");

    /// <summary>The <c>additional_fields:</c> mapping of <paramref name="map"/> as a JSON object, or null.</summary>
    private string? AdditionalFields(YamlMappingNode map, string path)
    {
        var field = YamlFieldReader.Join(path, "additional_fields");
        return reader.Mapping(YamlFieldReader.Get(map, "additional_fields"), field,
            "additional_fields must be a mapping, sent as additionalModelRequestFields, e.g. additional_fields: { thinking: { type: enabled, budget_tokens: 1024 } }") is { } fields
            ? YamlJson.Of(fields)
            : null;
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

    /// <summary>
    /// An <c>inference:</c> mapping (of the suite, a case or an arm) as the keys it sets: each key given replaces the value
    /// under it, and <c>temperature</c>, <c>top_p</c> or <c>stop_sequences</c> written as null removes it (how an arm or a
    /// case drops a parameter). Null when there is no mapping.
    /// </summary>
    private InferenceOverride? Inference(YamlNode? node, string path)
    {
        if (reader.Mapping(node, path, $"{path} must be a mapping, e.g. inference: {{ max_tokens: 512, temperature: 0 }}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, path, InferenceKeys);
        var maxTokens = reader.Whole(YamlFieldReader.Get(map, "max_tokens"), YamlFieldReader.Join(path, "max_tokens"), 1, MaxOutputTokens,
            $"max_tokens must be a whole number from 1 to {MaxOutputTokens}, e.g. max_tokens: 512");
        var temperature = reader.Number(YamlFieldReader.Get(map, "temperature"), YamlFieldReader.Join(path, "temperature"), v => v is >= 0 and <= 1,
            "temperature must be a number from 0 to 1, e.g. temperature: 0");
        var topP = reader.Number(YamlFieldReader.Get(map, "top_p"), YamlFieldReader.Join(path, "top_p"), v => v is >= 0 and <= 1,
            "top_p must be a number from 0 to 1, e.g. top_p: 0.9");
        var stops = reader.TextList(YamlFieldReader.Get(map, "stop_sequences"), YamlFieldReader.Join(path, "stop_sequences"),
            "stop_sequences must be a list of text values, e.g. stop_sequences: [\"</answer>\"]");
        return new InferenceOverride(
            (int?)maxTokens,
            HasKey(map, "temperature") ? Optional<double?>.Of(temperature) : Optional<double?>.Unset,
            HasKey(map, "top_p") ? Optional<double?>.Of(topP) : Optional<double?>.Unset,
            HasKey(map, "stop_sequences") ? stops : null);
    }

    /// <summary>Whether <paramref name="key"/> is written in <paramref name="map"/>, with a value or as null.</summary>
    private static bool HasKey(YamlMappingNode map, string key) =>
        map.Children.Keys.Any(k => k is YamlScalarNode { Value: { } name } && name == key);

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

        if (reader.Sequence(node, "cases", "cases must be a list, each item starting with `- id:`, `- table:` or `- folder:`") is not { } list)
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
            var path = $"cases[{i}]";
            if (list.Children[i] is YamlMappingNode map && YamlFieldReader.Get(map, "folder") is { } folder)
            {
                reader.CheckKeys(map, path, ["folder"]);
                cases.AddRange(FolderCases(folder, YamlFieldReader.Join(path, "folder")));
            }
            else if (Case(list.Children[i], path, null) is { } item)
            {
                cases.Add(item);
            }
        }

        return cases.ToImmutable();
    }

    /// <summary>
    /// The cases of a <c>folder:</c> item: one per case file, in the order of their names. Each file is read and parsed
    /// like the suite file and bound like an inline case (its problems name the case file); paths in it are relative
    /// to the suite's folder, like every path of the suite.
    /// </summary>
    private IEnumerable<CaseOptions> FolderCases(YamlNode node, string field)
    {
        if (reader.Text(node, field, "folder must be the path of a folder of case files, e.g. folder: cases") is not { } written)
        {
            yield break;
        }

        var at = new SuiteProblem(reader.File, YamlFieldReader.Line(node), field, string.Empty);
        foreach (var file in _folder.CaseFiles(written, at, reader.Problems) ?? [])
        {
            var display = DisplayPath.For(_folder.FullPath(file));
            if (_folder.Read(file, InputFileKind.CaseFile, at, reader.Problems) is not { } text
                || SuiteYamlReader.Read(text, display, reader.Problems, YamlFileKind.CaseFile) is not { } root)
            {
                continue;
            }

            if (ForCaseFile(display).Case(root, string.Empty, Path.GetFileNameWithoutExtension(file)) is { } item)
            {
                yield return item;
            }
        }
    }

    /// <summary>A binder for one case file: its problems name that file; its paths are the suite's, read from the suite's folder.</summary>
    private SuiteOptionsBinder ForCaseFile(string display)
    {
        var fileReader = new YamlFieldReader(reader.Problems, display);
        var binder = new SuiteOptionsBinder(fileReader, suiteDirectory, schemas) { _folder = _folder, _templates = _templates, _suiteHasJudge = _suiteHasJudge };
        binder._tools = new ToolBinder(fileReader, _folder, schemas);
        binder._judges = new JudgeBinder(fileReader, _folder, binder.Inference, binder.ModelId);
        binder._conversations = _conversations!.ForFile(fileReader, binder.Template);
        return binder;
    }

    /// <summary>
    /// One entry of <c>cases:</c> at <paramref name="path"/>, or the case of a case file (<paramref name="fileId"/>: the id
    /// it has when it gives none, its file's name; tables are not allowed there).
    /// </summary>
    private CaseOptions? Case(YamlNode node, string path, string? fileId)
    {
        if (reader.Mapping(node, path, "a case must be a mapping, e.g. - { id: greet, prompt: \"Say hello\" }") is not { } map)
        {
            return null;
        }

        if (fileId is not null && YamlFieldReader.Get(map, "table") is { } inFile)
        {
            reader.Report(inFile, "table", "a case file holds one case; a table: belongs under the suite's cases:, beside the folder: item");
        }

        reader.CheckKeys(map, path, CaseKeys); // A case file's table: was reported above, with what to do.
        var templates = Templates(map, path) ?? _templates;
        var table = fileId is null
            ? PathValue(YamlFieldReader.Get(map, "table"), YamlFieldReader.Join(path, "table"), "table must be the path of a CSV file, e.g. table: tickets.csv")
            : null;
        if (table is not null && !templates)
        {
            reader.Report(YamlFieldReader.Get(map, "table")!, YamlFieldReader.Join(path, "table"),
                "a table needs templates: its prompt is filled in from each row; remove templates: false, or write one case per row");
        }

        // A case file's id is optional (its file's name), but written empty it is a mistake like any other.
        var idNode = fileId is null
            ? table is null ? reader.Required(map, "id", path, "id: classify-refund") : YamlFieldReader.Get(map, "id")
            : HasKey(map, "id") ? reader.Required(map, "id", path, $"id: {fileId}") : null;
        var id = Template(idNode, YamlFieldReader.Join(path, "id"), "id must be text, e.g. id: classify-refund")
            ?? (fileId is not null && !HasKey(map, "id") ? new TemplateSource(fileId, reader.File, 1, "id") : null);
        var promptNode = YamlFieldReader.Get(map, "prompt");
        var messagesNode = YamlFieldReader.Get(map, "messages");
        if (promptNode is null && messagesNode is null)
        {
            reader.Report(map, YamlFieldReader.Join(path, "prompt"), (table, fileId) switch
            {
                (null, null) => "the case has no prompt: add prompt: (the user message) or messages: (a conversation), or table: plus prompt: for one case per CSV row",
                (null, _) => "the case has no prompt: add prompt: (the user message) or messages: (a conversation)",
                _ => "a table case needs a prompt: (or messages:): the template each row fills in",
            });
        }
        else if (promptNode is not null && messagesNode is not null)
        {
            reader.Report(messagesNode, YamlFieldReader.Join(path, "messages"),
                "a case has either prompt: (one user message) or messages: (a conversation), not both; move the prompt into the last user turn");
        }

        var prompt = Template(promptNode, YamlFieldReader.Join(path, "prompt"), "prompt must be text (a Scriban template)");
        var messages = messagesNode is null || promptNode is not null ? null : _conversations!.Bind(messagesNode, YamlFieldReader.Join(path, "messages"));
        var vars = Vars(map, path, templates);
        var schema = PathValue(YamlFieldReader.Get(map, "schema"), YamlFieldReader.Join(path, "schema"), "schema must be the path of a JSON Schema file, e.g. schema: schemas/classification.json");
        var stream = reader.Bool(YamlFieldReader.Get(map, "stream"), YamlFieldReader.Join(path, "stream"), "stream must be true or false");
        var expectations = Expectations(YamlFieldReader.Get(map, "expect"), YamlFieldReader.Join(path, "expect"));
        var system = System(YamlFieldReader.Get(map, "system"), YamlFieldReader.Join(path, "system"));
        var tools = _tools!.Bind(map, path);
        var expectTool = ExpectTool(YamlFieldReader.Get(map, "expect_tool"), YamlFieldReader.Join(path, "expect_tool"));
        var inference = Inference(YamlFieldReader.Get(map, "inference"), YamlFieldReader.Join(path, "inference"));
        var reference = new ReferenceBinder(reader).Bind(YamlFieldReader.Get(map, "reference"), YamlFieldReader.Join(path, "reference"));
        var judge = _judges!.BindCase(YamlFieldReader.Get(map, JudgeBinder.Key), YamlFieldReader.Join(path, JudgeBinder.Key), _suiteHasJudge);
        return prompt is null && messages is null
            ? null
            : new CaseOptions(reader.File, path, YamlFieldReader.Line(map), id, prompt, table, vars, schema, stream, expectations)
            {
                Messages = messages,
                System = system,
                Tools = tools,
                ExpectTool = expectTool,
                StructuredOutput = StructuredOutput(map, path),
                StructuredOutputLine = YamlFieldReader.Get(map, "structured_output") is { } so ? YamlFieldReader.Line(so) : 0,
                AdditionalFieldsJson = AdditionalFields(map, path),
                Templates = templates,
                Inference = inference,
                Reference = reference,
                Judge = judge,
            };
    }

    /// <summary>An <c>expect_tool:</c> block: the tool's name and checks on its input (expectations with pointers into the input).</summary>
    private ToolExpectationOptions? ExpectTool(YamlNode? node, string field)
    {
        const string Example = "expect_tool: { name: lookup_order, input: [ { pointer: /order_id, equals: A-1001 } ] }";
        if (reader.Mapping(node, field, $"expect_tool must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, ExpectToolKeys);
        var name = reader.Text(reader.Required(map, "name", field, "name: lookup_order"), YamlFieldReader.Join(field, "name"), "name must be the tool's name");
        var input = Expectations(YamlFieldReader.Get(map, "input"), YamlFieldReader.Join(field, "input"));
        return name is null ? null : new ToolExpectationOptions(name, input, field, YamlFieldReader.Line(map));
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

    /// <summary>
    /// The <c>vars:</c> of <paramref name="owner"/> (the suite or a case): text stays text, lists and mappings become Scriban
    /// arrays and objects. Vars where <paramref name="templates"/> is off are a problem: nothing would use them.
    /// </summary>
    private ImmutableDictionary<string, object?> Vars(YamlMappingNode owner, string ownerPath, bool templates)
    {
        var node = YamlFieldReader.Get(owner, "vars");
        var path = YamlFieldReader.Join(ownerPath, "vars");
        if (reader.Mapping(node, path, "vars must be a mapping of names to values, e.g. vars: { company: Acme }") is not { } map)
        {
            return ImmutableDictionary<string, object?>.Empty;
        }

        if (!templates)
        {
            reader.Report(map, path, "vars need templates, but templates: false sends every text as written; remove vars: or templates: false");
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
    internal static partial Regex ModelIdPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    internal static partial Regex RegionPattern();

    [GeneratedRegex("^(/([^~/]|~[01])*)+$")]
    private static partial Regex PointerPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VarNamePattern();
}
