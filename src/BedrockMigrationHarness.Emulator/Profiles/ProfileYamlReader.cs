using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Emulator.Profiles;

/// <summary>
/// Binds profile YAML (snake_case keys) to <see cref="EmulatorProfile"/> with the suite loader's diagnostics
/// (<see cref="YamlFieldReader"/>): every problem with its line and field, unknown keys with a did-you-mean, all
/// collected before throwing once, so that a typo never silently means "default".
/// </summary>
internal sealed class ProfileYamlReader
{
    private static readonly YamlFileKind Kind = new("emulator profile", "seed: and models:", "docs/emulator.md");

    private static readonly string[] TopKeys = ["seed", "models", "batch"];

    private static readonly string[] ModelKeys =
    [
        "lifecycle", "name", "provider", "start_of_life", "legacy_time", "public_extended_access_time", "end_of_life_time",
        "latency", "output_tokens", "faults", "errors", "throttle_bursts", "wrong_answers", "rules",
        "capabilities", "parameter_rules", "tool_faults", "judge", "batch",
    ];

    private static readonly string[] LatencyKeys = ["fixed_ms", "median_ms", "p99_ms", "first_token_ms"];
    private static readonly string[] TokenKeys = ["mean", "sd"];
    private static readonly string[] FaultKeys = ["fenced_json", "prose_wrapped", "invalid_json", "missing_required", "wrong_type"];
    private static readonly string[] ErrorKeys = ["throttle", "server_error", "service_unavailable", "model_timeout", "reset", "malformed_body", "midstream", "slow"];
    private static readonly string[] BurstKeys = ["every", "length"];
    private static readonly string[] RuleKeys = ["case", "prompt", "latency", "output_tokens", "faults", "errors", "wrong_answers", "tool_faults", "tool_call", "answer", "judge"];
    private static readonly string[] JudgeKeys = ["worse", "accuracy", "position_bias", "malformed"];
    private static readonly string[] CapabilityKeys = ["tools", "images", "documents", "structured_output", "reasoning", "max_context_tokens"];
    private static readonly string[] ParameterRuleKeys = ["set", "equals", "not_equals", "below", "message"];
    private static readonly string[] ToolFaultKeys = ["wrong_tool", "missing_argument", "no_call", "invalid_type"];
    private static readonly string[] ToolCallKeys = ["name", "input"];
    private static readonly string[] BatchKeys =
    [
        "submitted_seconds", "validating_seconds", "scheduled_seconds", "stopping_seconds", "records_per_second", "min_records", "max_records",
    ];

    private static readonly string[] WrongAnswerKeys = ["pointer", "value", "another_enum_value", "rate"];

    private const string RateRule = "use a rate between 0 and 1";
    private const string MsRule = "use a number of milliseconds, 0 or more";
    private const string ParameterRuleExample = "e.g. - { set: [temperature, top_p], message: \"...\" } or - { equals: { thinking.type: enabled }, not_equals: { temperature: 1 }, message: \"...\" }";
    private const string WrongAnswerExample = "e.g. - { pointer: /category, another_enum_value: true } or - { pointer: /priority, value: low, rate: 0.2 }";

    private readonly YamlFieldReader _reader;

    private ProfileYamlReader(YamlFieldReader reader) => _reader = reader;

    /// <exception cref="EmulatorProfileException">The text is invalid; it lists every problem.</exception>
    public static EmulatorProfile Read(string yaml, string fileNameForErrors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var file = fileNameForErrors ?? "profile";
        var problems = new ProblemCollector();
        EmulatorProfile? profile = null;
        if (SuiteYamlReader.Read(yaml, file, problems, Kind) is { } root)
        {
            profile = new ProfileYamlReader(new YamlFieldReader(problems, file)).ReadRoot(root);
        }

        if (problems.HasProblems || profile is null)
        {
            throw new EmulatorProfileException(problems.Sorted());
        }

        return profile;
    }

    private EmulatorProfile ReadRoot(YamlMappingNode root)
    {
        _reader.CheckKeys(root, string.Empty, TopKeys);
        var seed = _reader.Whole(YamlFieldReader.Get(root, "seed"), "seed", long.MinValue, long.MaxValue, "use a whole number") ?? 0;
        var models = new Dictionary<string, ModelProfile>(StringComparer.Ordinal);
        var modelsNode = _reader.Required(root, "models", string.Empty, "models: { \"amazon.nova-micro-v1:0\": { latency: { fixed_ms: 50 } } }");
        if (_reader.Mapping(modelsNode, "models", "write a mapping of model id to model settings") is { } map)
        {
            if (map.Children.Count == 0)
            {
                _reader.Report(map, "models", "add at least one model id");
            }

            foreach (var (keyNode, value) in map.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { } id } || string.IsNullOrWhiteSpace(id))
                {
                    _reader.Report(keyNode, "models", "a model id must be plain, non-empty text, e.g. \"amazon.nova-micro-v1:0\"");
                    continue;
                }

                models[id] = ReadModel(value, $"models.{id}", id);
            }
        }

        return new EmulatorProfile(seed, models.ToFrozenDictionary(StringComparer.Ordinal)) { Batch = ReadBatch(YamlFieldReader.Get(root, "batch"), "batch") };
    }

    private BatchBehaviour ReadBatch(YamlNode? node, string path)
    {
        var defaults = BatchBehaviour.Default;
        if (_reader.Mapping(node, path, $"write a mapping of {string.Join(", ", BatchKeys)}") is not { } map)
        {
            return defaults;
        }

        _reader.CheckKeys(map, path, BatchKeys);
        YamlNode? Get(string key) => YamlFieldReader.Get(map, key);
        string At(string key) => YamlFieldReader.Join(path, key);
        double Seconds(string key, double fallback) =>
            _reader.Number(Get(key), At(key), v => v is >= 0 and <= 86_400, "use a number of seconds from 0 to 86400") ?? fallback;
        var min = (int)(_reader.Whole(Get("min_records"), At("min_records"), 0, int.MaxValue, "use a whole number of records, 0 or more") ?? defaults.MinRecords);
        var max = (int)(_reader.Whole(Get("max_records"), At("max_records"), 1, int.MaxValue, "use a whole number of records, at least 1") ?? defaults.MaxRecords);
        if (min > max)
        {
            _reader.Report(map, At("min_records"), string.Create(CultureInfo.InvariantCulture, $"min_records ({min}) is above max_records ({max}); no job could run"));
        }

        return new BatchBehaviour
        {
            SubmittedSeconds = Seconds("submitted_seconds", defaults.SubmittedSeconds),
            ValidatingSeconds = Seconds("validating_seconds", defaults.ValidatingSeconds),
            ScheduledSeconds = Seconds("scheduled_seconds", defaults.ScheduledSeconds),
            StoppingSeconds = Seconds("stopping_seconds", defaults.StoppingSeconds),
            RecordsPerSecond = _reader.Number(Get("records_per_second"), At("records_per_second"), v => v > 0 && double.IsFinite(v), "use a number of records per second above 0") ?? defaults.RecordsPerSecond,
            MinRecords = min,
            MaxRecords = max,
        };
    }

    private ModelProfile ReadModel(YamlNode node, string path, string id)
    {
        var model = new ModelProfile();
        if (YamlFieldReader.IsNull(node)
            || _reader.Mapping(node, path, "write a mapping of model settings (lifecycle, latency, output_tokens, faults, errors, ...)") is not { } map)
        {
            return model;
        }

        _reader.CheckKeys(map, path, ModelKeys);
        YamlNode? Get(string key) => YamlFieldReader.Get(map, key);
        string At(string key) => YamlFieldReader.Join(path, key);
        return model with
        {
            Lifecycle = ReadLifecycle(Get("lifecycle"), At("lifecycle")),
            Name = ReadBrandedName(Get("name"), At("name")),
            Provider = ReadBrandedName(Get("provider"), At("provider")),
            StartOfLife = ReadDate(Get("start_of_life"), At("start_of_life")),
            LegacyTime = ReadDate(Get("legacy_time"), At("legacy_time")),
            PublicExtendedAccessTime = ReadDate(Get("public_extended_access_time"), At("public_extended_access_time")),
            EndOfLifeTime = ReadDate(Get("end_of_life_time"), At("end_of_life_time")),
            Latency = ReadLatency(Get("latency"), At("latency")) ?? model.Latency,
            OutputTokens = ReadTokens(Get("output_tokens"), At("output_tokens")) ?? model.OutputTokens,
            Faults = ReadFaults(Get("faults"), At("faults")) ?? model.Faults,
            Errors = ReadErrors(Get("errors"), At("errors")) ?? model.Errors,
            ThrottleBursts = ReadThrottleBursts(Get("throttle_bursts"), At("throttle_bursts")),
            WrongAnswers = ReadWrongAnswers(Get("wrong_answers"), At("wrong_answers")) ?? model.WrongAnswers,
            Rules = ReadRules(Get("rules"), At("rules")),
            Capabilities = ReadCapabilities(Get("capabilities"), At("capabilities"), Get("parameter_rules"), At("parameter_rules"), id),
            ToolFaults = ReadToolFaults(Get("tool_faults"), At("tool_faults")) ?? model.ToolFaults,
            Judge = ReadJudge(Get("judge"), At("judge")),
            BatchSupported = _reader.Bool(Get("batch"), At("batch"), "write true or false (false: batch inference jobs refuse the model)") ?? true,
        };
    }

    /// <summary>The id's default capabilities with what the profile says in their place; null when it says nothing.</summary>
    private ModelCapabilities? ReadCapabilities(YamlNode? node, string path, YamlNode? rulesNode, string rulesPath, string id)
    {
        var rules = ReadParameterRules(rulesNode, rulesPath);
        var map = _reader.Mapping(node, path, $"write a mapping of {string.Join(", ", CapabilityKeys)}");
        if (map is null && rules is null)
        {
            return null;
        }

        var defaults = ModelCapabilities.DefaultFor(id);
        if (map is null)
        {
            return defaults with { ParameterRules = rules! };
        }

        _reader.CheckKeys(map, path, CapabilityKeys);
        bool Flag(string key, bool fallback) => _reader.Bool(YamlFieldReader.Get(map, key), YamlFieldReader.Join(path, key), "write true or false") ?? fallback;
        var contextNode = YamlFieldReader.Get(map, "max_context_tokens");
        var context = contextNode is null || YamlFieldReader.IsNull(contextNode)
            ? (contextNode is null ? defaults.MaxContextTokens : null)
            : (int?)_reader.Whole(contextNode, YamlFieldReader.Join(path, "max_context_tokens"), 1, int.MaxValue, "use a whole number of tokens, at least 1 (or null for no limit)");
        return defaults with
        {
            Tools = Flag("tools", defaults.Tools),
            Images = Flag("images", defaults.Images),
            Documents = Flag("documents", defaults.Documents),
            StructuredOutput = Flag("structured_output", defaults.StructuredOutput),
            Reasoning = Flag("reasoning", defaults.Reasoning),
            MaxContextTokens = context,
            ParameterRules = rules ?? defaults.ParameterRules,
        };
    }

    private List<ParameterRule>? ReadParameterRules(YamlNode? node, string path)
    {
        if (_reader.Sequence(node, path, $"write a list of parameter rules, {ParameterRuleExample}") is not { } list)
        {
            return null;
        }

        var rules = new List<ParameterRule>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (_reader.Mapping(list.Children[i], at, $"write a mapping, {ParameterRuleExample}") is not { } map)
            {
                continue;
            }

            _reader.CheckKeys(map, at, ParameterRuleKeys);
            var message = _reader.Text(_reader.Required(map, "message", at, "message: \"The model returned the following errors: ...\""), YamlFieldReader.Join(at, "message"), "write the ValidationException message");
            var set = _reader.TextList(YamlFieldReader.Get(map, "set"), YamlFieldReader.Join(at, "set"), "write a list of parameter names, e.g. [temperature, top_p]");
            var equals = ReadParameterValues(YamlFieldReader.Get(map, "equals"), YamlFieldReader.Join(at, "equals"));
            var notEquals = ReadParameterValues(YamlFieldReader.Get(map, "not_equals"), YamlFieldReader.Join(at, "not_equals"));
            var below = new Dictionary<string, double>(StringComparer.Ordinal);
            if (_reader.Mapping(YamlFieldReader.Get(map, "below"), YamlFieldReader.Join(at, "below"), "write a mapping of parameter name to number, e.g. { thinking.budget_tokens: 1024 }") is { } belowMap)
            {
                foreach (var (key, value) in belowMap.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                    if (_reader.Number(value, YamlFieldReader.Join(YamlFieldReader.Join(at, "below"), name), double.IsFinite, "use a number") is { } bound)
                    {
                        below[name] = bound;
                    }
                }
            }

            if (set.IsDefaultOrEmpty && equals.Count == 0 && notEquals.Count == 0 && below.Count == 0)
            {
                _reader.Report(map, at, $"give at least one condition (set, equals, not_equals or below); {ParameterRuleExample}");
            }
            else if (message is not null)
            {
                rules.Add(new ParameterRule(message)
                {
                    Set = set.IsDefault ? [] : [.. set],
                    EqualTo = equals,
                    NotEqualTo = notEquals,
                    Below = below,
                });
            }
        }

        return rules;
    }

    private Dictionary<string, JsonNode?> ReadParameterValues(YamlNode? node, string path)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (_reader.Mapping(node, path, "write a mapping of parameter name to value, e.g. { thinking.type: enabled }") is { } map)
        {
            foreach (var (key, value) in map.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                values[name] = JsonScalar(value, YamlFieldReader.Join(path, name));
            }
        }

        return values;
    }

    private ToolFaultRates? ReadToolFaults(YamlNode? node, string path) =>
        ReadRates(node, path, ToolFaultKeys) is not { } rate ? null : new ToolFaultRates
        {
            WrongTool = rate("wrong_tool"),
            MissingArgument = rate("missing_argument"),
            NoCall = rate("no_call"),
            InvalidType = rate("invalid_type"),
        };

    private ToolPlan? ReadToolCall(YamlNode? node, string path)
    {
        const string Example = "write a mapping like { name: lookup_order, input: { order_id: A-1001 } }";
        if (_reader.Mapping(node, path, Example) is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, ToolCallKeys);
        var name = _reader.Text(_reader.Required(map, "name", path, "name: lookup_order"), YamlFieldReader.Join(path, "name"), "write the tool's name");
        var inputNode = YamlFieldReader.Get(map, "input");
        JsonObject? input = null;
        if (_reader.Mapping(inputNode, YamlFieldReader.Join(path, "input"), "write a mapping of argument name to value") is { } inputMap)
        {
            input = (JsonObject?)ToJson(inputMap, YamlFieldReader.Join(path, "input"));
        }

        return name is null ? null : new ToolPlan(name, input);
    }

    private JsonObject? ReadAnswer(YamlNode? node, string path) =>
        _reader.Mapping(node, path, "write a mapping of answer field to value, e.g. { order_status: shipped, refund_eligible: false }") is { } map
            ? (JsonObject?)ToJson(map, path)
            : null;

    /// <summary>A YAML node as JSON: mappings become objects, sequences arrays, scalars as <see cref="JsonScalar"/>.</summary>
    private JsonNode? ToJson(YamlNode node, string field) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create((p.Key as YamlScalarNode)?.Value ?? string.Empty, ToJson(p.Value, YamlFieldReader.Join(field, (p.Key as YamlScalarNode)?.Value ?? string.Empty))))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select((item, i) => ToJson(item, string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]")))]),
        _ => JsonScalar(node, field),
    };

    private ModelLifecycleStatus ReadLifecycle(YamlNode? node, string field)
    {
        const string Rule = "use one of ACTIVE, LEGACY, EOL";
        switch (_reader.Text(node, field, Rule)?.ToUpperInvariant())
        {
            case null or "ACTIVE":
                return ModelLifecycleStatus.Active;
            case "LEGACY":
                return ModelLifecycleStatus.Legacy;
            case "EOL":
                return ModelLifecycleStatus.Eol;
            case var text:
                _reader.Report(node!, field, $"`{text}` is not a lifecycle; {Rule}");
                return ModelLifecycleStatus.Active;
        }
    }

    private string? ReadBrandedName(YamlNode? node, string field)
    {
        const string Rule = "use 1 to 20 characters (the service's BrandedName limit)";
        var text = _reader.Text(node, field, Rule);
        if (text is { Length: 0 or > 20 })
        {
            _reader.Report(node!, field, $"{Rule} (found {text.Length.ToString(CultureInfo.InvariantCulture)} characters)");
            return null;
        }

        return text;
    }

    private DateTimeOffset? ReadDate(YamlNode? node, string field)
    {
        const string Rule = "write an ISO-8601 date, e.g. 2025-08-25 or 2025-08-25T00:00:00Z";
        if (_reader.Text(node, field, Rule) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        _reader.Report(node!, field, $"{Rule} (found `{text}`)");
        return null;
    }

    private LatencyProfile? ReadLatency(YamlNode? node, string path)
    {
        if (_reader.Mapping(node, path, "write a mapping with fixed_ms, or median_ms and p99_ms (and optionally first_token_ms)") is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, LatencyKeys);
        double? Ms(string key) => _reader.Number(YamlFieldReader.Get(map, key), YamlFieldReader.Join(path, key), v => v >= 0, MsRule);
        var (fixedMs, median, p99, firstToken) = (Ms("fixed_ms"), Ms("median_ms"), Ms("p99_ms"), Ms("first_token_ms"));
        var problem = fixedMs is not null ? null
            : (median is null) != (p99 is null) ? "give both median_ms and p99_ms (or fixed_ms alone)"
            : median is null ? "give fixed_ms, or median_ms and p99_ms"
            : median is 0 ? "median_ms must be above 0 for a log-normal latency; use fixed_ms: 0 for none"
            : p99 < median ? "p99_ms must be at least median_ms"
            : null;
        if (problem is not null)
        {
            _reader.Report(map, path, problem);
        }

        return new LatencyProfile(fixedMs, median, p99, firstToken);
    }

    private TokenDistribution? ReadTokens(YamlNode? node, string path)
    {
        if (_reader.Mapping(node, path, "write a mapping { mean: N, sd: N }") is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, TokenKeys);
        var meanNode = _reader.Required(map, "mean", path, "mean: 120 (output tokens per answer, at least 1)");
        var mean = _reader.Number(meanNode, YamlFieldReader.Join(path, "mean"), v => v >= 1, "use a mean of at least 1 token");
        var sd = _reader.Number(YamlFieldReader.Get(map, "sd"), YamlFieldReader.Join(path, "sd"), v => v >= 0, "use a standard deviation of 0 or more");
        return new TokenDistribution(mean ?? TokenDistribution.Default.Mean, sd ?? 0);
    }

    private FaultRates? ReadFaults(YamlNode? node, string path) =>
        ReadRates(node, path, FaultKeys) is not { } rate ? null : new FaultRates
        {
            FencedJson = rate("fenced_json"),
            ProseWrapped = rate("prose_wrapped"),
            InvalidJson = rate("invalid_json"),
            MissingRequired = rate("missing_required"),
            WrongType = rate("wrong_type"),
        };

    private ErrorRates? ReadErrors(YamlNode? node, string path) =>
        ReadRates(node, path, ErrorKeys) is not { } rate ? null : new ErrorRates
        {
            Throttle = rate("throttle"),
            ServerError = rate("server_error"),
            ServiceUnavailable = rate("service_unavailable"),
            ModelTimeout = rate("model_timeout"),
            Reset = rate("reset"),
            MalformedBody = rate("malformed_body"),
            Midstream = rate("midstream"),
            Slow = rate("slow"),
        };

    /// <summary>A mapping of rates in [0,1]: a lookup that gives 0 for an absent or invalid one; null when not a mapping.</summary>
    private Func<string, double>? ReadRates(YamlNode? node, string path, string[] keys)
    {
        if (_reader.Mapping(node, path, $"write a mapping of rates in [0,1] for {string.Join(", ", keys)}") is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, keys);
        var rates = keys.ToDictionary(k => k, k => _reader.Number(YamlFieldReader.Get(map, k), YamlFieldReader.Join(path, k), v => v is >= 0 and <= 1, RateRule) ?? 0, StringComparer.Ordinal);
        return key => rates[key];
    }

    private ThrottleBursts? ReadThrottleBursts(YamlNode? node, string path)
    {
        const string Example = "write a mapping like { every: 50, length: 10 } (of every 50 requests, the first 10 are throttled)";
        if (_reader.Mapping(node, path, Example) is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, BurstKeys);
        var every = _reader.Whole(YamlFieldReader.Get(map, "every"), YamlFieldReader.Join(path, "every"), 1, int.MaxValue, "use a whole number of at least 1");
        var length = _reader.Whole(YamlFieldReader.Get(map, "length"), YamlFieldReader.Join(path, "length"), 0, int.MaxValue, "use a whole number, 0 or more");
        if (YamlFieldReader.Get(map, "every") is null || YamlFieldReader.Get(map, "length") is null)
        {
            _reader.Report(map, path, $"give both every and length; {Example}");
            return null;
        }

        if (every is null || length is null)
        {
            return null;
        }

        if (length > every)
        {
            _reader.Report(map, YamlFieldReader.Join(path, "length"), string.Create(CultureInfo.InvariantCulture, $"{length} is more than every ({every}); a burst is part of its window"));
            return null;
        }

        return new ThrottleBursts((int)every, (int)length);
    }

    private List<CaseRule> ReadRules(YamlNode? node, string path)
    {
        var rules = new List<CaseRule>();
        if (_reader.Sequence(node, path, "write a list of rules, e.g. - { case: ticket-07, faults: { fenced_json: 1 } }") is not { } list)
        {
            return rules;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (_reader.Mapping(list.Children[i], at, "write a mapping with case or prompt, and the settings it changes") is not { } map)
            {
                continue;
            }

            _reader.CheckKeys(map, at, RuleKeys);
            YamlNode? Get(string key) => YamlFieldReader.Get(map, key);
            string At(string key) => YamlFieldReader.Join(at, key);
            if (Get("case") is null && Get("prompt") is null)
            {
                _reader.Report(map, at, "give case (a case id) or prompt (a regex over the prompt text), or both");
            }

            rules.Add(new CaseRule(_reader.Text(Get("case"), At("case"), "write the case id"), ReadRegex(Get("prompt"), At("prompt")))
            {
                Latency = ReadLatency(Get("latency"), At("latency")),
                OutputTokens = ReadTokens(Get("output_tokens"), At("output_tokens")),
                Faults = ReadFaults(Get("faults"), At("faults")),
                Errors = ReadErrors(Get("errors"), At("errors")),
                WrongAnswers = ReadWrongAnswers(Get("wrong_answers"), At("wrong_answers")),
                ToolFaults = ReadToolFaults(Get("tool_faults"), At("tool_faults")),
                ToolCall = ReadToolCall(Get("tool_call"), At("tool_call")),
                Answer = ReadAnswer(Get("answer"), At("answer")),
                Judge = ReadJudge(Get("judge"), At("judge")),
            });
        }

        return rules;
    }

    private JudgeBehaviour? ReadJudge(YamlNode? node, string path)
    {
        const string Example = "write a mapping like { worse: \"N/A\", accuracy: 0.8, position_bias: 0.1, malformed: 0 }";
        if (_reader.Mapping(node, path, Example) is not { } map)
        {
            return null;
        }

        _reader.CheckKeys(map, path, JudgeKeys);
        var worseNode = _reader.Required(map, "worse", path, "worse: \"N/A\" (a .NET regular expression that the worse answer's text matches)");
        var worse = ReadRegex(worseNode, YamlFieldReader.Join(path, "worse"));
        if (worse is { } pattern && pattern.ToString().Length == 0)
        {
            _reader.Report(worseNode!, YamlFieldReader.Join(path, "worse"), "an empty pattern matches every answer, so every verdict would be a tie; write text that only the worse answer contains, e.g. \"N/A\"");
            worse = null;
        }

        double Rate(string key, double fallback) =>
            _reader.Number(YamlFieldReader.Get(map, key), YamlFieldReader.Join(path, key), v => v is >= 0 and <= 1, RateRule) ?? fallback;
        var (accuracy, positionBias, malformed) = (Rate("accuracy", 1), Rate("position_bias", 0), Rate("malformed", 0));
        return worse is null ? null : new JudgeBehaviour(worse, accuracy, positionBias, malformed);
    }

    private Regex? ReadRegex(YamlNode? node, string field)
    {
        if (_reader.Text(node, field, "write a .NET regular expression") is not { } pattern)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, CaseRule.MatchTimeout);
        }
        catch (ArgumentException e)
        {
            _reader.Report(node!, field, $"`{pattern}` is not a .NET regular expression ({e.Message})");
            return null;
        }
    }

    private List<WrongAnswer>? ReadWrongAnswers(YamlNode? node, string path)
    {
        if (_reader.Sequence(node, path, $"write a list of wrong answers, {WrongAnswerExample}") is not { } list)
        {
            return null;
        }

        var result = new List<WrongAnswer>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (_reader.Mapping(list.Children[i], at, $"write a mapping, {WrongAnswerExample}") is not { } map)
            {
                continue;
            }

            _reader.CheckKeys(map, at, WrongAnswerKeys);
            var pointerNode = _reader.Required(map, "pointer", at, "pointer: /category");
            var pointer = _reader.Text(pointerNode, YamlFieldReader.Join(at, "pointer"), "write a JSON pointer");
            if (pointer is not null && (pointer.Length == 0 || JsonPointerSyntax.Tokens(pointer) is null))
            {
                _reader.Report(pointerNode!, YamlFieldReader.Join(at, "pointer"), $"`{pointer}` is not a JSON pointer to a field; write e.g. /category or /items/0/name");
                pointer = null;
            }

            var valueNode = map.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: "value" }).Value;
            var another = _reader.Bool(YamlFieldReader.Get(map, "another_enum_value"), YamlFieldReader.Join(at, "another_enum_value"), "write true or false") ?? false;
            var rate = _reader.Number(YamlFieldReader.Get(map, "rate"), YamlFieldReader.Join(at, "rate"), v => v is >= 0 and <= 1, RateRule) ?? 1;
            if ((valueNode is not null) == another)
            {
                _reader.Report(map, at, "give either value (the wrong value to put) or another_enum_value: true, not both or neither");
            }
            else if (pointer is not null)
            {
                result.Add(new WrongAnswer(pointer, valueNode is null ? null : JsonScalar(valueNode, YamlFieldReader.Join(at, "value")), another, rate));
            }
        }

        return result;
    }

    /// <summary>A YAML scalar as JSON: quoted text stays text; plain null, booleans and numbers become JSON ones.</summary>
    private JsonNode? JsonScalar(YamlNode node, string field)
    {
        if (_reader.Text(node, field, "write a single value") is not { } text)
        {
            return null;
        }

        if (node is YamlScalarNode { Style: not (ScalarStyle.Plain or ScalarStyle.Any) })
        {
            return JsonValue.Create(text);
        }

        return YamlFieldReader.IsNull(node) ? null
            : bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
