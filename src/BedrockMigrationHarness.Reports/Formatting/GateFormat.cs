using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>How each report reads a gate's numbers: values by unit, deltas and margins by gate kind.</summary>
public static class GateFormat
{
    /// <summary>
    /// The gate's baseline value as a report's Baseline column shows it; for the quality gate the share of judged pairs the
    /// judge preferred the other answer in ("30.0% won"), which is the candidate's loss rate.
    /// </summary>
    public static string Baseline(GateResult gate) => Column(gate, gate.Baseline);

    /// <summary>The gate's candidate value as a report's Candidate column shows it; for the quality gate the candidate's win rate ("10.0% won").</summary>
    public static string Candidate(GateResult gate) => Column(gate, gate.Candidate);

    /// <summary>
    /// The delta: percentage points for rate gates (the quality gate's is the net loss, losses minus wins over judged pairs),
    /// a signed relative change for the others; none for the lifecycle gate.
    /// </summary>
    public static string Delta(GateResult gate) =>
        gate.Spec.Kind == GateKind.CandidateLifecycle ? Num.Missing
        : IsRateGate(gate.Spec.Kind) ? Num.SignedPoints(gate.Delta) : Num.SignedPercent(gate.Delta);

    /// <summary>The interval: of the candidate value for absolute gates, of the delta for the others.</summary>
    public static string Interval(GateResult gate) => Interval(gate.Spec.Kind, gate.DeltaInterval);

    /// <summary>An interval on a gate's scale (see <see cref="Estimate"/>): "[-3.1 pts, +0.4 pts]", or "n/a" without one.</summary>
    public static string Interval(GateKind kind, Interval? interval) =>
        interval is { } i ? $"[{Estimate(kind, i.Lower)}, {Estimate(kind, i.Upper)}]" : Num.Missing;

    /// <summary>
    /// A value on the scale a gate judges: the candidate's rate for the floors and the error rate ("97.5%"), points for the
    /// drops and the quality loss ("-1.2 pts"), a signed relative change for the others ("+25.0%").
    /// </summary>
    public static string Estimate(GateKind kind, double? value) => GateScales.Format(kind, value);

    /// <summary>The margin the gate allows, e.g. "≥ 98.0%", "≤ +20.0%" or "net loss ≤ 5.0 pts".</summary>
    public static string Margin(GateSpec spec) => spec.Kind switch
    {
        GateKind.ComplianceFloor or GateKind.CorrectnessFloor => "≥ " + Num.Percent(spec.Threshold),
        GateKind.ComplianceDrop or GateKind.CorrectnessDrop => "drop ≤ " + Num.SignedPoints(spec.Threshold).TrimStart('+'),
        GateKind.ErrorRate => "≤ " + Num.Percent(spec.Threshold),
        GateKind.QualityLoss => "net loss ≤ " + Num.SignedPoints(spec.Threshold).TrimStart('+'),
        GateKind.CandidateLifecycle => "ACTIVE",
        _ => "≤ " + Num.SignedPercent(spec.Threshold),
    };

    /// <summary>"blocking" or "warning".</summary>
    public static string Severity(GateSeverity severity) =>
        severity == GateSeverity.Blocking ? "blocking" : "warning";

    /// <summary>A baseline or candidate value in the gate's unit.</summary>
    private static string Value(GateResult gate, double? value) => gate.Unit switch
    {
        "rate" => Num.Percent(value),
        "ms" => Num.Ms(value),
        "tokens" => Num.Tokens(value),
        "usd" => Num.Usd(value),
        _ => value is { } v ? Num.Plain(v) : Num.Missing,
    };

    private static string Column(GateResult gate, double? value) =>
        gate.Spec.Kind == GateKind.QualityLoss && value is not null ? Value(gate, value) + " won" : Value(gate, value);

    private static bool IsRateGate(GateKind kind) =>
        kind is GateKind.ComplianceFloor or GateKind.ComplianceDrop or GateKind.CorrectnessFloor or GateKind.CorrectnessDrop
            or GateKind.ErrorRate or GateKind.QualityLoss;
}
