using System.Collections.Immutable;

namespace BedrockMigrationHarness.Suites;

/// <summary>The gates of a suite and the confidence level their intervals use.</summary>
public sealed record GateSettings(double ConfidenceLevel, ImmutableArray<GateSpec> Gates)
{
    /// <summary>The gates used when a suite names none; see docs/suite-format.md.</summary>
    public static GateSettings Default { get; } = new(0.95,
    [
        new GateSpec(GateKind.ComplianceFloor, 0.98, GateSeverity.Blocking),
        new GateSpec(GateKind.ComplianceDrop, 0.01, GateSeverity.Blocking),
        new GateSpec(GateKind.CorrectnessDrop, 0.05, GateSeverity.Blocking),
        new GateSpec(GateKind.LatencyP50Increase, 0.20, GateSeverity.Blocking),
        new GateSpec(GateKind.LatencyP99Increase, 0.20, GateSeverity.Warning),
        new GateSpec(GateKind.OutputTokensIncrease, 0.25, GateSeverity.Warning),
        new GateSpec(GateKind.ErrorRate, 0.05, GateSeverity.Blocking),
        new GateSpec(GateKind.CostIncrease, 0.10, GateSeverity.Warning),
        new GateSpec(GateKind.CandidateLifecycle, 0, GateSeverity.Warning),
    ]);

    /// <summary>
    /// The quality gate a suite with a <c>judge:</c> gets when its <c>gates:</c> do not name <c>quality_loss</c>: blocking, at
    /// most 5 points more losses than wins.
    /// </summary>
    public static GateSpec QualityLossDefault { get; } = new(GateKind.QualityLoss, 0.05, GateSeverity.Blocking);

    /// <summary>
    /// Gates that apply only when a suite lists them, with the threshold and severity a listing without them gets:
    /// a correctness floor is off by default because a baseline may itself miss expectations, and a floor it cannot
    /// meet would fail every run.
    /// </summary>
    public static ImmutableArray<GateSpec> OffByDefault { get; } =
    [
        new GateSpec(GateKind.CorrectnessFloor, 0.90, GateSeverity.Blocking),
    ];
}

/// <summary>
/// One gate. <see cref="Threshold"/> is, by kind: the minimum rate (ComplianceFloor, CorrectnessFloor),
/// the maximum drop of the rate as a fraction, 0.01 = 1 point (ComplianceDrop, CorrectnessDrop), the maximum relative
/// increase, 0.20 = +20% (latency, tokens, cost), the maximum error rate of the candidate (ErrorRate), or the maximum
/// loss rate minus win rate under the judge, 0.05 = 5 points (QualityLoss);
/// unused (0) for CandidateLifecycle, which fails when the candidate is LEGACY or further along.
/// </summary>
public sealed record GateSpec(GateKind Kind, double Threshold, GateSeverity Severity);

/// <summary>The measured quantity a gate judges.</summary>
public enum GateKind
{
    /// <summary>Format compliance (JSON extraction and schema) of the candidate's answers against a floor.</summary>
    ComplianceFloor,
    /// <summary>Format compliance, candidate against baseline, paired by case.</summary>
    ComplianceDrop,
    /// <summary>Correctness (every expectation of the case met) of the candidate's answers against a floor; off by default.</summary>
    CorrectnessFloor,
    /// <summary>Correctness, candidate against baseline, paired by case; judged only for suites with expectations.</summary>
    CorrectnessDrop,
    LatencyP50Increase,
    LatencyP99Increase,
    OutputTokensIncrease,
    ErrorRate,
    CostIncrease,
    /// <summary>The candidate is itself LEGACY (or further): the migration would land on a deprecated model.</summary>
    CandidateLifecycle,
    /// <summary>
    /// The judge's verdicts (suite key <c>judge:</c>): the candidate's loss rate minus its win rate, paired by case;
    /// judged only for suites with a judge.
    /// </summary>
    QualityLoss,
}

/// <summary>Whether a failing gate blocks the migration (NO-GO) or only warns.</summary>
public enum GateSeverity
{
    Blocking,
    Warning,
}
