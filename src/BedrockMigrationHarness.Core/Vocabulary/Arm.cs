namespace BedrockMigrationHarness.Vocabulary;

/// <summary>Which side of the A/B comparison an attempt belongs to, or which of the judge's two calls on a pair it is.</summary>
public enum Arm
{
    Baseline,
    Candidate,
    /// <summary>The baseline model run a second time (A/A), when the suite asks for a noise floor.</summary>
    BaselineRepeat,
    /// <summary>
    /// A judge call on one case and sample (suite key <c>judge:</c>): the baseline's answer (the case's reference in
    /// <c>mode: reference</c>) shown first, as answer A, and the candidate's second, as answer B.
    /// </summary>
    JudgeCandidateSecond,
    /// <summary>The same pair judged with the answers swapped: the candidate's first (A), the other second (B).</summary>
    JudgeCandidateFirst,
}

/// <summary>What kind of call an <see cref="Arm"/> is.</summary>
public static class ArmKinds
{
    /// <summary>True for the judge's calls, which grade answers rather than give one: no gate but the quality gate reads them.</summary>
    public static bool IsJudge(this Arm arm) => arm is Arm.JudgeCandidateSecond or Arm.JudgeCandidateFirst;
}
