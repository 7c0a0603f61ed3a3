using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>The scale a gate judges on, and so how its estimate, interval and limit read.</summary>
public enum GateScale
{
    /// <summary>A rate of the candidate, 0..1: the floors and the error rate.</summary>
    Rate,

    /// <summary>A difference of two rates, shown in percentage points: the drops and the quality loss.</summary>
    Points,

    /// <summary>A change relative to the baseline (0.25 = +25%): latency, tokens, cost.</summary>
    Relative,
}

/// <summary>The one place a gate's kind decides how its values are written, for the reports and the run's notes alike.</summary>
public static class GateScales
{
    /// <summary>The scale <paramref name="kind"/> judges on.</summary>
    public static GateScale Of(GateKind kind) => kind switch
    {
        GateKind.ComplianceFloor or GateKind.CorrectnessFloor or GateKind.ErrorRate => GateScale.Rate,
        GateKind.ComplianceDrop or GateKind.CorrectnessDrop or GateKind.QualityLoss => GateScale.Points,
        _ => GateScale.Relative,
    };

    /// <summary>
    /// A value on the scale a gate judges: the candidate's rate for the floors and the error rate ("97.5%"), points for
    /// the drops and the quality loss ("-1.2 pts"), a signed relative change for the others ("+25.0%").
    /// </summary>
    public static string Format(GateKind kind, double? value) => Of(kind) switch
    {
        GateScale.Rate => Num.Percent(value),
        GateScale.Points => Num.SignedPoints(value),
        _ => Num.SignedPercent(value),
    };
}
