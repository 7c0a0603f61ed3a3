using System.Collections.Immutable;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Judging;

[TestFixture]
public sealed class JudgePlanTests
{
    private const string JudgeModel = "judge.model-v1:0";

    private static SuiteDefinition Suite(int cases = 2, int samples = 2, JudgeMode mode = JudgeMode.Pairwise, params string[] only)
    {
        var suite = SuiteFactory.Create(cases, samples);
        return suite with
        {
            Judge = new JudgeSettings(JudgeModel, mode, JudgeSettings.DefaultRubric, [.. only], JudgeSettings.DefaultInference),
            Cases = mode == JudgeMode.Reference
                ? suite.Cases.SetItem(0, suite.Cases[0] with { Reference = new CaseReference("the reference", [], null) })
                : suite.Cases,
        };
    }

    private static AttemptRecord Record(string caseId, Arm arm, int sample, CallOutcome outcome = CallOutcome.Success, bool final = true, string? text = null) =>
        new(caseId, arm, sample, 1, final, "m", DateTimeOffset.UnixEpoch, outcome, 10, null, null, null, null, null,
            outcome == CallOutcome.Success ? text ?? $"{arm} {caseId} {sample}" : null, null, null, null);

    /// <summary>Both arms' answers on every case and sample of <paramref name="suite"/>.</summary>
    private static JudgePlan Answered(SuiteDefinition suite, IReadOnlySet<AttemptKey>? settled = null, ShardSpec? shard = null)
    {
        var plan = new JudgePlan(suite, shard, settled ?? ImmutableHashSet<AttemptKey>.Empty);
        for (var sample = 0; sample < suite.Samples; sample++)
        {
            foreach (var @case in suite.Cases)
            {
                plan.Keep(Record(@case.Id, Arm.Baseline, sample));
                plan.Keep(Record(@case.Id, Arm.Candidate, sample));
            }
        }

        return plan;
    }

    private static (string A, string B) Answers(PlannedAttempt attempt)
    {
        Assert.That(JudgePrompt.TryReadAnswers(attempt.Request.LastUserText, out var a, out var b), Is.True);
        return (a, b);
    }

    [Test]
    public void Create_EveryPairComplete_TwoCallsPerPairEachOrderWithItsAnswersInPlace()
    {
        var calls = Answered(Suite()).Create();

        Assert.That(calls.Pairs, Is.EqualTo(4));
        Assert.That(calls.Cases, Is.EqualTo(2));
        Assert.That(calls.AlreadySettled, Is.Zero);
        Assert.That(calls.Remaining.Attempts, Has.Length.EqualTo(8));
        foreach (var attempt in calls.Remaining.Attempts)
        {
            var (caseId, sample) = (attempt.Key.CaseId, attempt.Key.Sample);
            var baseline = $"Baseline {caseId} {sample}";
            var candidate = $"Candidate {caseId} {sample}";
            Assert.That(Answers(attempt), Is.EqualTo(attempt.Key.Arm == Arm.JudgeCandidateSecond ? (baseline, candidate) : (candidate, baseline)), attempt.Key.ToString());
            Assert.That(attempt.Request.ModelId, Is.EqualTo(JudgeModel));
        }
    }

    [Test]
    public void Create_Orders_AlternateWhichGoesFirstFromPairToPair()
    {
        var calls = Answered(Suite()).Create();

        Assert.That(calls.Remaining.Attempts.Select(a => (a.Key.Sample, a.Key.CaseId, a.Key.Arm)), Is.EqualTo(new[]
        {
            (0, "case-1", Arm.JudgeCandidateSecond), (0, "case-1", Arm.JudgeCandidateFirst),
            (0, "case-2", Arm.JudgeCandidateFirst), (0, "case-2", Arm.JudgeCandidateSecond),
            (1, "case-1", Arm.JudgeCandidateSecond), (1, "case-1", Arm.JudgeCandidateFirst),
            (1, "case-2", Arm.JudgeCandidateFirst), (1, "case-2", Arm.JudgeCandidateSecond),
        }));
    }

    [Test]
    public void Create_AnArmWithoutAnAnswer_LeavesThatPairUnjudged()
    {
        var plan = new JudgePlan(Suite(samples: 1), null, ImmutableHashSet<AttemptKey>.Empty);
        plan.Keep(Record("case-1", Arm.Baseline, 0, CallOutcome.ServerError));
        plan.Keep(Record("case-1", Arm.Candidate, 0));
        plan.Keep(Record("case-2", Arm.Baseline, 0));
        plan.Keep(Record("case-2", Arm.Candidate, 0, final: false));

        var calls = plan.Create();

        Assert.That(calls.Pairs, Is.Zero, "case-1's baseline failed; case-2's candidate has no final try");
        Assert.That(calls.Remaining.Attempts, Is.Empty);
    }

    [Test]
    public void Keep_ALaterFinalTry_ReplacesTheEarlierOne()
    {
        var plan = new JudgePlan(Suite(cases: 1, samples: 1), null, ImmutableHashSet<AttemptKey>.Empty);
        plan.Keep(Record("case-1", Arm.Baseline, 0));
        plan.Keep(Record("case-1", Arm.Candidate, 0, CallOutcome.ServerError));
        plan.Keep(Record("case-1", Arm.Candidate, 0, text: "sent again"));

        var calls = plan.Create();

        Assert.That(calls.Remaining.Attempts.Select(Answers), Has.Some.EqualTo(("Baseline case-1 0", "sent again")));
    }

    [Test]
    public void Create_SettledJudgeCalls_AreCountedAndNotSentAgain()
    {
        var settled = ImmutableHashSet.Create(
            new AttemptKey("case-1", Arm.JudgeCandidateSecond, 0), new AttemptKey("case-1", Arm.JudgeCandidateFirst, 0),
            new AttemptKey("case-2", Arm.JudgeCandidateFirst, 1));

        var calls = Answered(Suite(), settled).Create();

        Assert.That((calls.Pairs, calls.AlreadySettled, calls.Total), Is.EqualTo((4, 3, 8)));
        Assert.That(calls.Remaining.Attempts.Select(a => a.Key).Intersect(settled), Is.Empty);
        Assert.That(calls.Remaining.Attempts, Has.Length.EqualTo(5));
    }

    [Test]
    public void Keep_PairAlreadyJudgedInBothOrders_KeepsNoAnswerOfIt()
    {
        var settled = ImmutableHashSet.Create(new AttemptKey("case-1", Arm.JudgeCandidateSecond, 0), new AttemptKey("case-1", Arm.JudgeCandidateFirst, 0));
        var plan = new JudgePlan(Suite(cases: 1, samples: 1), null, settled);
        plan.Keep(Record("case-1", Arm.Baseline, 0));

        var calls = plan.Create();

        Assert.That((calls.Pairs, calls.AlreadySettled), Is.EqualTo((1, 2)), "a judged pair counts even though its answers were not kept");
        Assert.That(calls.Remaining.Attempts, Is.Empty);
    }

    [Test]
    public void Create_ReferenceMode_ComparesTheCandidateWithTheReferenceOfCasesThatHaveOne()
    {
        var calls = Answered(Suite(samples: 1, mode: JudgeMode.Reference)).Create();

        Assert.That(calls.Remaining.Attempts.Select(a => (a.Key.CaseId, a.Key.Arm, Answers(a))), Is.EquivalentTo(new[]
        {
            ("case-1", Arm.JudgeCandidateSecond, ("the reference", "Candidate case-1 0")),
            ("case-1", Arm.JudgeCandidateFirst, ("Candidate case-1 0", "the reference")),
        }), "case-2 has no reference");
    }

    [Test]
    public void Create_CasePatternsAndShard_JudgeOnlyTheirCases()
    {
        var suite = Suite(cases: 4, samples: 1, only: "case-*");
        var shard = new ShardSpec(1, 2);

        var calls = Answered(suite, shard: shard).Create();

        Assert.That(calls.Remaining.Attempts.Select(a => a.Key.CaseId).Distinct(),
            Is.EquivalentTo(suite.Cases.Select(c => c.Id).Where(shard.Contains)));
        Assert.That(Answered(Suite(cases: 2, samples: 1, only: "case-2")).Create().Remaining.Attempts.Select(a => a.Key.CaseId),
            Is.EqualTo(new[] { "case-2", "case-2" }));
    }
}
