namespace BedrockMigrationHarness.Analysis;

/// <summary>The words every report uses for verdicts and gate states.</summary>
public static class VerdictText
{
    public static string Of(Verdict verdict) => verdict switch
    {
        Verdict.Go => "GO",
        Verdict.GoWithWarnings => "GO WITH WARNINGS",
        Verdict.Inconclusive => "INCONCLUSIVE",
        Verdict.NoGo => "NO-GO",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    public static string Of(GateState state) => state switch
    {
        GateState.Pass => "PASS",
        GateState.Inconclusive => "INCONCLUSIVE",
        GateState.Fail => "FAIL",
        GateState.NotMeasured => "NOT MEASURED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
