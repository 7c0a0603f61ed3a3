using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Emulator.Profiles;

/// <summary>
/// Binds profile YAML (snake_case keys) to <see cref="EmulatorProfile"/>, collecting every problem with its line
/// before throwing once. Unknown keys are errors so that a typo never silently means "default".
/// </summary>
internal sealed class ProfileYamlReader
{
    private static readonly string[] LifecycleValues = ["ACTIVE", "LEGACY", "EOL"];

    private readonly string _file;
    private readonly List<string> _problems = [];

    private ProfileYamlReader(string file) => _file = file;

    public static EmulatorProfile Read(string yaml, string fileNameForErrors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var reader = new ProfileYamlReader(fileNameForErrors ?? "profile");
        var profile = reader.ReadDocument(yaml);
        if (reader._problems.Count > 0 || profile is null)
        {
            throw new EmulatorProfileException(reader._problems);
        }

        return profile;
    }

    private EmulatorProfile? ReadDocument(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            Problem(e.Start.Line, "yaml", $"fix the syntax ({e.Message})");
            return null;
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Problem(1, "profile", "write a mapping with 'seed' and 'models'");
            return null;
        }

        long seed = 0;
        var models = new Dictionary<string, ModelProfile>(StringComparer.Ordinal);
        var sawModels = false;
        foreach (var (keyNode, value) in root.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "seed":
                    seed = ReadLong(value, "seed") ?? 0;
                    break;
                case "models":
                    sawModels = true;
                    ReadModels(value, models);
                    break;
                default:
                    Problem(keyNode, key, "unknown key; expected 'seed' or 'models'");
                    break;
            }
        }

        if (!sawModels)
        {
            Problem(root, "models", "add a 'models' mapping with at least one model id");
        }

        return _problems.Count == 0 ? new EmulatorProfile(seed, models.ToFrozenDictionary(StringComparer.Ordinal)) : null;
    }

    private void ReadModels(YamlNode node, Dictionary<string, ModelProfile> models)
    {
        if (node is not YamlMappingNode map)
        {
            Problem(node, "models", "write a mapping of model id to model settings");
            return;
        }

        if (map.Children.Count == 0)
        {
            Problem(node, "models", "add at least one model id");
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var id = KeyOf(keyNode);
            if (string.IsNullOrWhiteSpace(id))
            {
                Problem(keyNode, "models", "a model id must not be empty");
                continue;
            }

            models[id] = ReadModel(value, $"models.{id}");
        }
    }

    private ModelProfile ReadModel(YamlNode node, string path)
    {
        var model = new ModelProfile();
        if (node is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return model;
        }

        if (node is not YamlMappingNode map)
        {
            Problem(node, path, "write a mapping of model settings (lifecycle, latency, output_tokens, faults, errors, ...)");
            return model;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode);
            var field = $"{path}.{key}";
            switch (key)
            {
                case "lifecycle":
                    model = model with { Lifecycle = ReadLifecycle(value, field) };
                    break;
                case "name":
                    model = model with { Name = ReadBrandedName(value, field) };
                    break;
                case "provider":
                    model = model with { Provider = ReadBrandedName(value, field) };
                    break;
                case "start_of_life":
                    model = model with { StartOfLife = ReadDate(value, field) };
                    break;
                case "legacy_time":
                    model = model with { LegacyTime = ReadDate(value, field) };
                    break;
                case "public_extended_access_time":
                    model = model with { PublicExtendedAccessTime = ReadDate(value, field) };
                    break;
                case "end_of_life_time":
                    model = model with { EndOfLifeTime = ReadDate(value, field) };
                    break;
                case "latency":
                    model = model with { Latency = ReadLatency(value, field) };
                    break;
                case "output_tokens":
                    model = model with { OutputTokens = ReadTokens(value, field) };
                    break;
                case "faults":
                    model = model with { Faults = ReadFaults(value, field) };
                    break;
                case "errors":
                    model = model with { Errors = ReadErrors(value, field) };
                    break;
                case "throttle_bursts":
                    model = model with { ThrottleBursts = ReadThrottleBursts(value, field) };
                    break;
                case "wrong_answers":
                    model = model with { WrongAnswers = ReadWrongAnswers(value, field) };
                    break;
                case "rules":
                    model = model with { Rules = ReadRules(value, field) };
                    break;
                default:
                    Problem(keyNode, field, "unknown key; expected one of lifecycle, name, provider, start_of_life, legacy_time, public_extended_access_time, end_of_life_time, latency, output_tokens, faults, errors, throttle_bursts, wrong_answers, rules");
                    break;
            }
        }

        return model;
    }

    private ModelLifecycleStatus ReadLifecycle(YamlNode node, string field)
    {
        var text = Scalar(node, field)?.ToUpperInvariant();
        switch (text)
        {
            case null:
                return ModelLifecycleStatus.Active;
            case "ACTIVE":
                return ModelLifecycleStatus.Active;
            case "LEGACY":
                return ModelLifecycleStatus.Legacy;
            case "EOL":
                return ModelLifecycleStatus.Eol;
            default:
                Problem(node, field, $"'{text}' is not a lifecycle; use one of {string.Join(", ", LifecycleValues)}");
                return ModelLifecycleStatus.Active;
        }
    }

    private string? ReadBrandedName(YamlNode node, string field)
    {
        var text = Scalar(node, field);
        if (text is not null && (text.Length is 0 or > 20))
        {
            Problem(node, field, "use 1 to 20 characters (the service's BrandedName limit)");
            return null;
        }

        return text;
    }

    private DateTimeOffset? ReadDate(YamlNode node, string field)
    {
        var text = Scalar(node, field);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        Problem(node, field, $"'{text}' is not an ISO-8601 date; write e.g. 2025-08-25 or 2025-08-25T00:00:00Z");
        return null;
    }

    private LatencyProfile ReadLatency(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Problem(node, path, "write a mapping with fixed_ms, or median_ms and p99_ms (and optionally first_token_ms)");
            return LatencyProfile.None;
        }

        double? fixedMs = null, median = null, p99 = null, firstToken = null;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode);
            var field = $"{path}.{key}";
            switch (key)
            {
                case "fixed_ms":
                    fixedMs = ReadNumber(value, field, 0, double.MaxValue);
                    break;
                case "median_ms":
                    median = ReadNumber(value, field, 0, double.MaxValue);
                    break;
                case "p99_ms":
                    p99 = ReadNumber(value, field, 0, double.MaxValue);
                    break;
                case "first_token_ms":
                    firstToken = ReadNumber(value, field, 0, double.MaxValue);
                    break;
                default:
                    Problem(keyNode, field, "unknown key; expected fixed_ms, median_ms, p99_ms or first_token_ms");
                    break;
            }
        }

        if (fixedMs is null && (median is null) != (p99 is null))
        {
            Problem(node, path, "give both median_ms and p99_ms (or fixed_ms alone)");
        }
        else if (fixedMs is null && median is null)
        {
            Problem(node, path, "give fixed_ms, or median_ms and p99_ms");
        }
        else if (fixedMs is null && median is > 0 && p99 < median)
        {
            Problem(node, path, "p99_ms must be at least median_ms");
        }
        else if (fixedMs is null && median is 0)
        {
            Problem(node, path, "median_ms must be above 0 for a log-normal latency; use fixed_ms: 0 for none");
        }

        return new LatencyProfile(fixedMs, median, p99, firstToken);
    }

    private TokenDistribution ReadTokens(YamlNode node, string path)
    {
        if (node is not YamlMappingNode map)
        {
            Problem(node, path, "write a mapping { mean: N, sd: N }");
            return TokenDistribution.Default;
        }

        double mean = TokenDistribution.Default.Mean, sd = 0;
        var sawMean = false;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode);
            var field = $"{path}.{key}";
            switch (key)
            {
                case "mean":
                    sawMean = true;
                    mean = ReadNumber(value, field, 1, double.MaxValue) ?? mean;
                    break;
                case "sd":
                    sd = ReadNumber(value, field, 0, double.MaxValue) ?? 0;
                    break;
                default:
                    Problem(keyNode, field, "unknown key; expected mean or sd");
                    break;
            }
        }

        if (!sawMean)
        {
            Problem(node, $"{path}.mean", "give the mean number of output tokens (at least 1)");
        }

        return new TokenDistribution(mean, sd);
    }

    private FaultRates ReadFaults(YamlNode node, string path)
    {
        var rates = new FaultRates();
        foreach (var (key, rate) in ReadRates(node, path, ["fenced_json", "prose_wrapped", "invalid_json", "missing_required", "wrong_type"]))
        {
            rates = key switch
            {
                "fenced_json" => rates with { FencedJson = rate },
                "prose_wrapped" => rates with { ProseWrapped = rate },
                "invalid_json" => rates with { InvalidJson = rate },
                "missing_required" => rates with { MissingRequired = rate },
                _ => rates with { WrongType = rate },
            };
        }

        return rates;
    }

    private ErrorRates ReadErrors(YamlNode node, string path)
    {
        var rates = new ErrorRates();
        foreach (var (key, rate) in ReadRates(node, path, ["throttle", "server_error", "service_unavailable", "model_timeout", "reset", "malformed_body", "midstream", "slow"]))
        {
            rates = key switch
            {
                "throttle" => rates with { Throttle = rate },
                "server_error" => rates with { ServerError = rate },
                "service_unavailable" => rates with { ServiceUnavailable = rate },
                "model_timeout" => rates with { ModelTimeout = rate },
                "reset" => rates with { Reset = rate },
                "malformed_body" => rates with { MalformedBody = rate },
                "midstream" => rates with { Midstream = rate },
                _ => rates with { Slow = rate },
            };
        }

        return rates;
    }

    private ThrottleBursts? ReadThrottleBursts(YamlNode node, string path)
    {
        const string Example = "write a mapping like { every: 50, length: 10 } (of every 50 requests, the first 10 are throttled)";
        if (node is not YamlMappingNode map)
        {
            Problem(node, path, Example);
            return null;
        }

        int? every = null, length = null;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode);
            var field = $"{path}.{key}";
            switch (key)
            {
                case "every":
                    every = ReadWhole(value, field, 1);
                    break;
                case "length":
                    length = ReadWhole(value, field, 0);
                    break;
                default:
                    Problem(keyNode, field, "unknown key; expected every or length");
                    break;
            }
        }

        if (every is null || length is null)
        {
            Problem(node, path, $"give both every and length; {Example}");
            return null;
        }

        if (length > every)
        {
            Problem(node, $"{path}.length", string.Create(CultureInfo.InvariantCulture, $"{length} is more than every ({every}); a burst is part of its window"));
            return null;
        }

        return new ThrottleBursts(every.Value, length.Value);
    }

    private List<CaseRule> ReadRules(YamlNode node, string path)
    {
        var rules = new List<CaseRule>();
        if (node is not YamlSequenceNode list)
        {
            Problem(node, path, "write a list of rules, e.g. - { case: ticket-07, faults: { fenced_json: 1 } }");
            return rules;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (list.Children[i] is not YamlMappingNode map)
            {
                Problem(list.Children[i], at, "write a mapping with case or prompt, and the settings it changes");
                continue;
            }

            var rule = new CaseRule(null, null);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = KeyOf(keyNode);
                var field = $"{at}.{key}";
                rule = key switch
                {
                    "case" => rule with { CaseId = Scalar(value, field) },
                    "prompt" => rule with { Prompt = ReadRegex(value, field) },
                    "latency" => rule with { Latency = ReadLatency(value, field) },
                    "output_tokens" => rule with { OutputTokens = ReadTokens(value, field) },
                    "faults" => rule with { Faults = ReadFaults(value, field) },
                    "errors" => rule with { Errors = ReadErrors(value, field) },
                    "wrong_answers" => rule with { WrongAnswers = ReadWrongAnswers(value, field) },
                    _ => Unknown(keyNode, field, rule, "case, prompt, latency, output_tokens, faults, errors, wrong_answers"),
                };
            }

            if (!map.Children.Keys.Any(k => KeyOf(k) is "case" or "prompt"))
            {
                Problem(map, at, "give case (a case id) or prompt (a regex over the prompt text), or both");
            }

            rules.Add(rule);
        }

        return rules;
    }

    private Regex? ReadRegex(YamlNode node, string field)
    {
        if (Scalar(node, field) is not { } pattern)
        {
            return null;
        }

        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, CaseRule.MatchTimeout);
        }
        catch (ArgumentException e)
        {
            Problem(node, field, $"'{pattern}' is not a .NET regular expression ({e.Message})");
            return null;
        }
    }

    private List<WrongAnswer> ReadWrongAnswers(YamlNode node, string path)
    {
        const string Example = "e.g. - { pointer: /category, another_enum_value: true } or - { pointer: /priority, value: low, rate: 0.2 }";
        var result = new List<WrongAnswer>();
        if (node is not YamlSequenceNode list)
        {
            Problem(node, path, $"write a list of wrong answers, {Example}");
            return result;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
            if (list.Children[i] is not YamlMappingNode map)
            {
                Problem(list.Children[i], at, $"write a mapping, {Example}");
                continue;
            }

            string? pointer = null;
            JsonNode? value = null;
            bool sawValue = false, another = false;
            double rate = 1;
            foreach (var (keyNode, child) in map.Children)
            {
                var key = KeyOf(keyNode);
                var field = $"{at}.{key}";
                switch (key)
                {
                    case "pointer":
                        pointer = Scalar(child, field);
                        if (pointer is not null && (pointer.Length == 0 || JsonPointerSyntax.Tokens(pointer) is null))
                        {
                            Problem(child, field, $"'{pointer}' is not a JSON pointer to a field; write e.g. /category or /items/0/name");
                            pointer = null;
                        }

                        break;
                    case "value":
                        sawValue = true;
                        value = JsonScalar(child, field);
                        break;
                    case "another_enum_value":
                        another = ReadBool(child, field) ?? false;
                        break;
                    case "rate":
                        rate = ReadNumber(child, field, 0, 1) ?? 1;
                        break;
                    default:
                        Problem(keyNode, field, "unknown key; expected pointer, value, another_enum_value or rate");
                        break;
                }
            }

            if (pointer is null)
            {
                if (map.Children.Keys.Any(k => KeyOf(k) == "pointer"))
                {
                    continue;
                }


                Problem(map, $"{at}.pointer", $"give the JSON pointer of the field to change, {Example}");
            }
            else if (sawValue == another)
            {
                Problem(map, at, "give either value (the wrong value to put) or another_enum_value: true, not both or neither");
            }
            else
            {
                result.Add(new WrongAnswer(pointer, value, another, rate));
            }
        }

        return result;
    }

    /// <summary>A YAML scalar as JSON: quoted text stays text; plain null, booleans and numbers become JSON ones.</summary>
    private JsonNode? JsonScalar(YamlNode node, string field)
    {
        if (node is not YamlScalarNode scalar)
        {
            Problem(node, field, "write a single value, not a list or mapping");
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null")
        {
            return null;
        }

        if (bool.TryParse(text, out var flag))
        {
            return JsonValue.Create(flag);
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole)
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }

    private bool? ReadBool(YamlNode node, string field)
    {
        var text = Scalar(node, field);
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Problem(node, field, $"'{text}' is not true or false");
        return null;
    }

    private T Unknown<T>(YamlNode keyNode, string field, T unchanged, string expected)
    {
        Problem(keyNode, field, $"unknown key; expected one of {expected}");
        return unchanged;
    }

    private int? ReadWhole(YamlNode node, string field, int min)
    {
        if (ReadLong(node, field) is not { } value)
        {
            return null;
        }

        if (value < min || value > int.MaxValue)
        {
            Problem(node, field, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; use a whole number of at least {min}"));
            return null;
        }

        return (int)value;
    }

    private List<(string Key, double Rate)> ReadRates(YamlNode node, string path, string[] allowed)
    {
        var result = new List<(string, double)>();
        if (node is not YamlMappingNode map)
        {
            Problem(node, path, $"write a mapping of rates in [0,1] for {string.Join(", ", allowed)}");
            return result;
        }

        foreach (var (keyNode, value) in map.Children)
        {
            var key = KeyOf(keyNode);
            var field = $"{path}.{key}";
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                Problem(keyNode, field, $"unknown key; expected one of {string.Join(", ", allowed)}");
                continue;
            }

            if (ReadNumber(value, field, 0, 1) is { } rate)
            {
                result.Add((key, rate));
            }
        }

        return result;
    }

    private double? ReadNumber(YamlNode node, string field, double min, double max)
    {
        var text = Scalar(node, field);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Problem(node, field, $"'{text}' is not a number");
            return null;
        }

        if (value < min || value > max)
        {
            var range = max == double.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"at least {min}")
                : string.Create(CultureInfo.InvariantCulture, $"between {min} and {max}");
            Problem(node, field, string.Create(CultureInfo.InvariantCulture, $"{value} is out of range; use a value {range}"));
            return null;
        }

        return value;
    }

    private long? ReadLong(YamlNode node, string field)
    {
        var text = Scalar(node, field);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Problem(node, field, $"'{text}' is not an integer");
        return null;
    }

    private string? Scalar(YamlNode node, string field)
    {
        if (node is YamlScalarNode scalar)
        {
            return scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" ? null : scalar.Value;
        }

        Problem(node, field, "write a single value, not a list or mapping");
        return null;
    }

    private static string KeyOf(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : node.ToString();

    private void Problem(YamlNode node, string field, string what) => Problem(node.Start.Line, field, what);

    private void Problem(long line, string field, string what) =>
        _problems.Add(string.Create(CultureInfo.InvariantCulture, $"{_file}:{line}: {field}: {what}"));
}
