using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>How each report reads a gate's numbers: values by unit, deltas and margins by gate kind.</summary>
public static class GateFormat
{
    /// <summary>A baseline or candidate value in the gate's unit.</summary>
    public static string Value(GateResult gate, double? value) => gate.Unit switch
    {
        "rate" => Num.Percent(value),
        "ms" => Num.Ms(value),
        "tokens" => Num.Tokens(value),
        "usd" => Num.Usd(value),
        _ => value is { } v ? Num.Plain(v) : Num.Missing,
    };

    /// <summary>The delta: percentage points for rate gates, a signed relative change for the others; none for the lifecycle gate.</summary>
    public static string Delta(GateResult gate) =>
        gate.Spec.Kind == GateKind.CandidateLifecycle ? Num.Missing
        : IsRateGate(gate.Spec.Kind) ? Num.SignedPoints(gate.Delta) : Num.SignedPercent(gate.Delta);

    /// <summary>The interval: of the candidate value for absolute gates, of the delta for the others.</summary>
    public static string Interval(GateResult gate)
    {
        if (gate.DeltaInterval is not { } i)
        {
            return Num.Missing;
        }

        Func<double?, string> format = gate.Spec.Kind switch
        {
            GateKind.ComplianceFloor or GateKind.CorrectnessFloor or GateKind.ErrorRate => Num.Percent,
            GateKind.ComplianceDrop or GateKind.CorrectnessDrop => Num.SignedPoints,
            _ => Num.SignedPercent,
        };
        return $"[{format(i.Lower)}, {format(i.Upper)}]";
    }

    /// <summary>The margin the gate allows, e.g. "≥ 98.0%" or "≤ +20.0%".</summary>
    public static string Margin(GateSpec spec) => spec.Kind switch
    {
        GateKind.ComplianceFloor or GateKind.CorrectnessFloor => "≥ " + Num.Percent(spec.Threshold),
        GateKind.ComplianceDrop or GateKind.CorrectnessDrop => "drop ≤ " + Num.SignedPoints(spec.Threshold).TrimStart('+'),
        GateKind.ErrorRate => "≤ " + Num.Percent(spec.Threshold),
        GateKind.CandidateLifecycle => "ACTIVE",
        _ => "≤ " + Num.SignedPercent(spec.Threshold),
    };

    /// <summary>"blocking" or "warning".</summary>
    public static string Severity(GateSeverity severity) =>
        severity == GateSeverity.Blocking ? "blocking" : "warning";

    private static bool IsRateGate(GateKind kind) =>
        kind is GateKind.ComplianceFloor or GateKind.ComplianceDrop or GateKind.CorrectnessFloor or GateKind.CorrectnessDrop or GateKind.ErrorRate;
}
