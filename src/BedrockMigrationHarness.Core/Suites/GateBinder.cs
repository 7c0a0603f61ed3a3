using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds the <c>gates:</c> block over <see cref="GateSettings.Default"/>: a listed gate replaces the default
/// of its kind (its omitted fields keep that default), unlisted defaults stay; a gate of
/// <see cref="GateSettings.OffByDefault"/> applies only when listed. A suite with a judge also gets
/// <see cref="GateSettings.QualityLossDefault"/> unless it lists <c>quality_loss</c>; one without a judge cannot list it.
/// </summary>
internal sealed class GateBinder(YamlFieldReader reader)
{
    private const string Path = "gates";

    /// <summary>How one gate is written: its YAML key, its threshold key (null: severity only) and the divisor that makes it a fraction.</summary>
    private sealed record GateFormat(string Key, GateKind Kind, string? ThresholdKey, double Min, double Max, double Divisor, string Example);

    private static readonly ImmutableArray<GateFormat> Formats =
    [
        new("compliance_floor", GateKind.ComplianceFloor, "min", 0, 1, 1, "min: 0.98"),
        new("compliance_drop", GateKind.ComplianceDrop, "max_points", 0, 100, 100, "max_points: 1"),
        new("correctness_floor", GateKind.CorrectnessFloor, "min", 0, 1, 1, "min: 0.9"),
        new("correctness_drop", GateKind.CorrectnessDrop, "max_points", 0, 100, 100, "max_points: 5"),
        new("latency_p50_increase", GateKind.LatencyP50Increase, "max_percent", 0, double.MaxValue, 100, "max_percent: 20"),
        new("latency_p99_increase", GateKind.LatencyP99Increase, "max_percent", 0, double.MaxValue, 100, "max_percent: 20"),
        new("output_tokens_increase", GateKind.OutputTokensIncrease, "max_percent", 0, double.MaxValue, 100, "max_percent: 25"),
        new("error_rate", GateKind.ErrorRate, "max_percent", 0, 100, 100, "max_percent: 5"),
        new("cost_increase", GateKind.CostIncrease, "max_percent", 0, double.MaxValue, 100, "max_percent: 10"),
        new("candidate_lifecycle", GateKind.CandidateLifecycle, null, 0, 0, 1, "severity: warning"),
        new("quality_loss", GateKind.QualityLoss, "max_points", 0, 100, 100, "max_points: 5"),
    ];

    private static readonly ImmutableArray<string> Keys = ["confidence", .. Formats.Select(f => f.Key)];

    /// <param name="judge">Whether the suite has a <c>judge:</c> (the quality gate judges its verdicts).</param>
    public GateSettings Bind(YamlNode? node, bool judge)
    {
        var defaults = judge
            ? GateSettings.Default with { Gates = GateSettings.Default.Gates.Add(GateSettings.QualityLossDefault) }
            : GateSettings.Default;
        if (reader.Mapping(node, Path, "gates must be a mapping of gate names to settings, e.g. gates: { error_rate: { max_percent: 5 } }") is not { } map)
        {
            return defaults;
        }

        reader.CheckKeys(map, Path, Keys);
        var confidence = reader.Number(YamlFieldReader.Get(map, "confidence"), "gates.confidence", v => v is > 0.5 and < 1,
            "confidence must be a number between 0.5 and 1 (exclusive), e.g. confidence: 0.95") ?? defaults.ConfidenceLevel;

        var gates = defaults.Gates.ToDictionary(g => g.Kind);
        var optional = GateSettings.OffByDefault.Add(GateSettings.QualityLossDefault).ToDictionary(g => g.Kind);
        foreach (var format in Formats)
        {
            if (format.Kind == GateKind.QualityLoss && !judge && YamlFieldReader.Get(map, format.Key) is { } quality)
            {
                reader.Report(quality, YamlFieldReader.Join(Path, format.Key),
                    "the quality gate needs a judge: add judge: { model: ... } (a third model grading the answers) or remove quality_loss");
                continue;
            }

            var fallback = gates.TryGetValue(format.Kind, out var listed) ? listed : optional[format.Kind];
            if (BindGate(map, format, fallback) is { } gate)
            {
                gates[format.Kind] = gate;
            }
        }

        return new GateSettings(confidence, [.. gates.Values.OrderBy(g => g.Kind)]);
    }

    private GateSpec? BindGate(YamlMappingNode gates, GateFormat format, GateSpec fallback)
    {
        var field = YamlFieldReader.Join(Path, format.Key);
        var example = format.ThresholdKey is null
            ? $"{format.Key}: {{ severity: blocking }}"
            : $"{format.Key}: {{ {format.Example}, severity: blocking }}";
        if (reader.Mapping(YamlFieldReader.Get(gates, format.Key), field, $"a gate must be a mapping, e.g. {example}") is not { } map)
        {
            return null;
        }

        if (format.ThresholdKey is null)
        {
            reader.CheckKeys(map, field, ["severity"]);
            return fallback with { Severity = Severity(YamlFieldReader.Get(map, "severity"), YamlFieldReader.Join(field, "severity")) ?? fallback.Severity };
        }

        reader.CheckKeys(map, field, [format.ThresholdKey, "severity"]);
        var rule = format.Max == double.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{format.ThresholdKey} must be a number ≥ {format.Min}, e.g. {format.Example}")
            : string.Create(CultureInfo.InvariantCulture, $"{format.ThresholdKey} must be a number from {format.Min} to {format.Max}, e.g. {format.Example}");
        var threshold = reader.Number(YamlFieldReader.Get(map, format.ThresholdKey), YamlFieldReader.Join(field, format.ThresholdKey),
            v => v >= format.Min && v <= format.Max, rule);
        var severity = Severity(YamlFieldReader.Get(map, "severity"), YamlFieldReader.Join(field, "severity"));
        return new GateSpec(format.Kind,
            threshold is { } t ? t / format.Divisor : fallback.Threshold,
            severity ?? fallback.Severity);
    }

    private GateSeverity? Severity(YamlNode? node, string field)
    {
        const string Rule = "severity must be `blocking` (a failure means NO-GO) or `warning` (a failure only warns)";
        return reader.Text(node, field, Rule) switch
        {
            null => null,
            "blocking" => GateSeverity.Blocking,
            "warning" => GateSeverity.Warning,
            var other => Report(node!, field, $"{Rule} (found `{other}`)"),
        };
    }

    private GateSeverity? Report(YamlNode node, string field, string message)
    {
        reader.Report(node, field, message);
        return null;
    }
}
