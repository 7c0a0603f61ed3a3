using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Hand-built judge calls for journals: a suite with a judge, verdicts in either order, malformed and failed calls.</summary>
internal static class JudgeFixtures
{
    public const string JudgeModel = "model-j";

    public const string DefaultReason = "Answer B names the order number; answer A does not.";

    public static JudgeSettings Settings(JudgeMode mode = JudgeMode.Pairwise) =>
        new(JudgeModel, mode, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference);

    /// <summary><see cref="AnalysisFixtures.Suite"/> with a pairwise judge and only the quality gate (blocking, <paramref name="limit"/>).</summary>
    public static SuiteDefinition Suite(int cases, int samples, double limit = 0.05) =>
        AnalysisFixtures.Suite(cases, samples, AnalysisFixtures.OnlyGate(GateKind.QualityLoss, limit)) with { Judge = Settings() };

    /// <summary>One judge call with a valid verdict: 400 input and 60 output tokens.</summary>
    public static AttemptRecord VerdictCall(string caseId, Arm order, int sample, JudgePick pick, string reason = DefaultReason) =>
        Call(caseId, order, sample, JudgeVerdictReader.InputJson(new JudgeVerdict(pick, 0.9, reason)));

    /// <summary>A judge call whose tool input breaks the verdict schema (winner "C").</summary>
    public static AttemptRecord Malformed(string caseId, Arm order, int sample, bool final = true, int @try = 1) =>
        Call(caseId, order, sample, """{"winner":"C","confidence":0.5,"reason":"unsure"}""") with { Final = final, Try = @try };

    /// <summary>A judge call that ended in a server error (no tokens).</summary>
    public static AttemptRecord Error(string caseId, Arm order, int sample) =>
        new(caseId, order, sample, 1, true, JudgeModel, AnalysisFixtures.Start, CallOutcome.ServerError,
            50, null, null, null, null, null, null, 500, "ServerError", "failed");

    /// <summary>
    /// Both orders of a pair: <paramref name="candidateSecond"/> is the pick with the candidate shown as B,
    /// <paramref name="candidateFirst"/> with it shown as A.
    /// </summary>
    public static AttemptRecord[] Pair(string caseId, int sample, JudgePick candidateSecond, JudgePick candidateFirst, string reason = DefaultReason) =>
    [
        VerdictCall(caseId, Arm.JudgeCandidateSecond, sample, candidateSecond, reason),
        VerdictCall(caseId, Arm.JudgeCandidateFirst, sample, candidateFirst, reason),
    ];

    /// <summary>Both orders prefer the candidate.</summary>
    public static AttemptRecord[] Win(string caseId, int sample) => Pair(caseId, sample, JudgePick.Second, JudgePick.First);

    /// <summary>Both orders prefer the other answer.</summary>
    public static AttemptRecord[] Loss(string caseId, int sample, string reason = DefaultReason) =>
        Pair(caseId, sample, JudgePick.First, JudgePick.Second, reason);

    /// <summary>Both orders say tie.</summary>
    public static AttemptRecord[] Tie(string caseId, int sample) => Pair(caseId, sample, JudgePick.Tie, JudgePick.Tie);

    private static AttemptRecord Call(string caseId, Arm order, int sample, string inputJson) =>
        new(caseId, order, sample, 1, true, JudgeModel, AnalysisFixtures.Start, CallOutcome.Success,
            800, 790, null, 400, 60, "tool_use", null, 200, null, null)
        {
            ToolCalls = [new ToolCall("tooluse-" + caseId + "-" + sample, JudgePrompt.ToolName, inputJson)],
        };
}
