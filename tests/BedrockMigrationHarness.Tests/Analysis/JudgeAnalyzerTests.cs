using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using static BedrockMigrationHarness.Tests.Support.JudgeFixtures;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class JudgeAnalyzerTests
{
    /// <summary>model-j, the judge: $1 in / $5 out per 1M tokens.</summary>
    private static PriceTable Prices() => new("pricing.yaml", new Dictionary<string, ModelPrice>
    {
        ["model-a"] = new(1.00, 2.00, null, null, new DateOnly(2026, 1, 1), "test", true, 2),
        ["model-b"] = new(3.00, 4.00, null, null, new DateOnly(2026, 1, 1), "test", true, 2),
        [JudgeModel] = new(1.00, 5.00, null, null, new DateOnly(2026, 1, 1), "test", true, 2),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal));

    private static ReportData Analyze(SuiteDefinition suite, IEnumerable<AttemptRecord> records, PriceTable? prices = null) =>
        RunAnalyzer.Analyze(AnalysisFixtures.Header(suite) with { Pricing = prices }, [.. records], AnalysisFixtures.Completed,
            RunAnalyzer.DefaultSeed, 1000);

    /// <summary>
    /// Two cases × four samples, one pair of each kind. case-00: a win, a loss, a tie, and a disagreement where the judge
    /// picked B both times. case-01: an order malformed after a retry (judge failed), a candidate error (not judged), a
    /// disagreement where the judge picked A both times, an order ending in a server error (judge failed).
    /// </summary>
    private static List<AttemptRecord> EveryOutcome(SuiteDefinition suite)
    {
        var records = AnalysisFixtures.Run(suite);
        records[records.FindIndex(static r => r is { CaseId: "case-01", Arm: Arm.Candidate, Sample: 1 })] =
            AnalysisFixtures.Failure("case-01", Arm.Candidate, 1);
        records.AddRange(Win("case-00", 0));
        records.AddRange(Loss("case-00", 1, "Answer B gives the refund deadline."));
        records.AddRange(Tie("case-00", 2));
        records.AddRange(Pair("case-00", 3, JudgePick.Second, JudgePick.Second));
        records.Add(VerdictCall("case-01", Arm.JudgeCandidateSecond, 0, JudgePick.First));
        records.Add(Malformed("case-01", Arm.JudgeCandidateFirst, 0, final: false));
        records.Add(Malformed("case-01", Arm.JudgeCandidateFirst, 0, final: true, @try: 2));
        records.AddRange(Pair("case-01", 2, JudgePick.First, JudgePick.First));
        records.Add(Error("case-01", Arm.JudgeCandidateSecond, 3));
        records.Add(VerdictCall("case-01", Arm.JudgeCandidateFirst, 3, JudgePick.First));
        return records;
    }

    [Test]
    public void Analyze_EveryPairOutcome_CountsEachExactly()
    {
        SuiteDefinition suite = Suite(2, 4);

        JudgeSummary judge = Analyze(suite, EveryOutcome(suite)).Analysis.Judge!;

        Assert.Multiple(() =>
        {
            Assert.That(judge.ModelId, Is.EqualTo(JudgeModel));
            Assert.That(judge.Mode, Is.EqualTo(JudgeMode.Pairwise));
            Assert.That(judge.Pairs, Is.EqualTo(8));
            Assert.That(judge.Judged, Is.EqualTo(5));
            Assert.That((judge.Wins, judge.Ties, judge.Losses), Is.EqualTo((1, 3, 1)), "a disagreement is a tie");
            Assert.That(judge.Disagreements, Is.EqualTo(2));
            Assert.That(judge.JudgeFailed, Is.EqualTo(2), "malformed after its retry, and a server error");
            Assert.That(judge.NotJudged, Is.EqualTo(1), "the candidate gave no answer");
            Assert.That(judge.PositionBias!.Value, Is.EqualTo(0.4), "B,B and A,A of 5 judged pairs");
            Assert.That(judge.PositionBias.Interval, Is.EqualTo(ProportionIntervals.Wilson(2, 5, 0.95)));
            Assert.That(judge.FirstPositionPicks, Is.EqualTo(1));
            Assert.That(judge.Agreement!.Value, Is.EqualTo(0.6));
            Assert.That(judge.Agreement.Interval, Is.EqualTo(ProportionIntervals.Wilson(3, 5, 0.95)));
            Assert.That(judge.Calls, Is.EqualTo(15), "retries included");
            Assert.That((judge.InputTokens, judge.OutputTokens), Is.EqualTo((14 * 400L, 14 * 60L)), "the error reported no tokens");
            Assert.That(judge.SpendUsd, Is.Null, "no price table");
        });
    }

    [Test]
    public void Analyze_EveryPairOutcome_PerCaseRowsCountTheirOwnPairs()
    {
        SuiteDefinition suite = Suite(2, 4);

        ImmutableArray<JudgedCase> cases = Analyze(suite, EveryOutcome(suite)).Analysis.Judge!.Cases;

        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(static c => c.CaseId), Is.EqualTo(new[] { "case-00", "case-01" }));
            Assert.That((cases[0].Wins, cases[0].Ties, cases[0].Losses, cases[0].Failed, cases[0].NetLoss), Is.EqualTo((1, 2, 1, 0, (double?)0.0)));
            Assert.That(cases[0].Reasons, Is.EqualTo(new[] { "Answer B gives the refund deadline." }));
            Assert.That((cases[1].Wins, cases[1].Ties, cases[1].Losses, cases[1].Failed, cases[1].NetLoss), Is.EqualTo((0, 1, 0, 2, (double?)0.0)));
            Assert.That(cases[1].Reasons, Is.Empty);
        });
    }

    [Test]
    public void Analyze_JudgeAlwaysPicksA_EveryPairIsAPositionBiasedTieAndTheGatePasses()
    {
        SuiteDefinition suite = Suite(4, 5);
        var records = AnalysisFixtures.Run(suite);
        for (int c = 0; c < 4; c++)
        {
            for (int s = 0; s < 5; s++)
            {
                records.AddRange(Pair(AnalysisFixtures.CaseId(c), s, JudgePick.First, JudgePick.First));
            }
        }

        RunAnalysis analysis = Analyze(suite, records).Analysis;
        JudgeSummary judge = analysis.Judge!;

        Assert.Multiple(() =>
        {
            Assert.That((judge.Judged, judge.Wins, judge.Ties, judge.Losses), Is.EqualTo((20, 0, 20, 0)), "a verdict that follows the position is no verdict");
            Assert.That(judge.Disagreements, Is.EqualTo(20));
            Assert.That(judge.PositionBias!.Value, Is.EqualTo(1.0));
            Assert.That(judge.FirstPositionPicks, Is.EqualTo(20));
            Assert.That(judge.Agreement!.Value, Is.EqualTo(0.0));
            Assert.That(analysis.Gates.Single().State, Is.EqualTo(GateState.Pass));
            Assert.That(analysis.Gates.Single().Delta, Is.EqualTo(0.0));
        });
    }

    [Test]
    public void Analyze_Cases_WorstNetLossFirstWithAtMostThreeDistinctReasonsOfLosses()
    {
        SuiteDefinition suite = Suite(4, 5);
        var records = AnalysisFixtures.Run(suite);
        for (int s = 0; s < 5; s++)
        {
            records.AddRange(Tie("case-00", s));
            records.AddRange(Loss("case-01", s, s < 2 ? "Same reason." : $"Reason {s}."));
            records.AddRange(s < 2 ? Win("case-02", s) : Tie("case-02", s));
        }

        ImmutableArray<JudgedCase> cases = Analyze(suite, records).Analysis.Judge!.Cases;

        Assert.Multiple(() =>
        {
            Assert.That(cases.Select(static c => c.CaseId), Is.EqualTo(new[] { "case-01", "case-00", "case-02", "case-03" }));
            Assert.That(cases.Select(static c => c.NetLoss), Is.EqualTo(new double?[] { 1.0, 0.0, -0.4, null }), "case-03 has no verdict yet");
            Assert.That(cases[0].Reasons, Is.EqualTo(new[] { "Same reason.", "Reason 2.", "Reason 3." }));
        });
    }

    [Test]
    public void Analyze_PricedJudge_SpendIsTheJudgesAndTheRunSpendLeavesItOut()
    {
        SuiteDefinition suite = Suite(2, 4);
        var records = EveryOutcome(suite);

        RunAnalysis analysis = Analyze(suite, records, Prices()).Analysis;
        RunAnalysis modelsOnly = Analyze(suite, records.Where(static r => !r.Arm.IsJudge()), Prices()).Analysis;

        Assert.Multiple(() =>
        {
            // 14 calls with tokens × (400 × $1 + 60 × $5) / 1M.
            Assert.That(analysis.Judge!.SpendUsd, Is.EqualTo(14 * 700 / 1e6).Within(1e-12));
            Assert.That(analysis.Cost!.RunSpend, Is.EqualTo(modelsOnly.Cost!.RunSpend).Within(1e-12));
            Assert.That(analysis.Cost.Candidate.Monthly, Is.EqualTo(modelsOnly.Cost.Candidate.Monthly), "the projection never includes the judge");
        });
    }

    [Test]
    public void Analyze_ReferenceMode_JudgesPairsWithoutTheBaselinesAnswer()
    {
        var reference = new CaseReference(AnalysisFixtures.CompliantTicket, [], null);
        SuiteDefinition pairwise = Suite(2, 2);
        SuiteDefinition suite = pairwise with
        {
            Judge = Settings(JudgeMode.Reference),
            Cases = [pairwise.Cases[0] with { Reference = reference }, pairwise.Cases[1]],
        };
        var records = AnalysisFixtures.Run(suite).Where(static r => r.Arm != Arm.Baseline).ToList();
        records.AddRange(Loss("case-00", 0));
        records.AddRange(Win("case-00", 1));

        JudgeSummary judge = Analyze(suite, records).Analysis.Judge!;

        Assert.Multiple(() =>
        {
            Assert.That(judge.Mode, Is.EqualTo(JudgeMode.Reference));
            Assert.That(judge.Pairs, Is.EqualTo(2), "case-01 has no reference");
            Assert.That((judge.Judged, judge.Wins, judge.Losses, judge.NotJudged), Is.EqualTo((2, 1, 1, 0)));
            Assert.That(judge.Cases.Select(static c => c.CaseId), Is.EqualTo(new[] { "case-00" }));
        });
    }

    [Test]
    public void Analyze_SuiteWithoutJudge_HasNoJudgeSummaryAndNoQualityGate()
    {
        SuiteDefinition suite = Suite(2, 2) with { Judge = null };

        RunAnalysis analysis = Analyze(suite, AnalysisFixtures.Run(suite)).Analysis;

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Judge, Is.Null);
            Assert.That(analysis.Gates, Is.Empty);
        });
    }

    [Test]
    public void Analyze_CandidateLosesOnEveryCase_QualityGateFailsNoGo()
    {
        // Each of 20 cases: 2 or 3 losses of 5, the rest ties: net loss 50/100 = 0.5, far past the 5-point limit.
        SuiteDefinition suite = Suite(20, 5);
        var records = AnalysisFixtures.Run(suite);
        for (int c = 0; c < 20; c++)
        {
            for (int s = 0; s < 5; s++)
            {
                records.AddRange(s < 2 + (c % 2) ? Loss(AnalysisFixtures.CaseId(c), s) : Tie(AnalysisFixtures.CaseId(c), s));
            }
        }

        RunAnalysis analysis = Analyze(suite, records).Analysis;
        GateResult gate = analysis.Gates.Single();

        Assert.Multiple(() =>
        {
            Assert.That(gate.Name, Is.EqualTo("quality loss"));
            Assert.That(gate.State, Is.EqualTo(GateState.Fail));
            Assert.That(gate.Delta, Is.EqualTo(0.5).Within(1e-12));
            Assert.That((gate.Baseline, gate.Candidate), Is.EqualTo(((double?)0.5, (double?)0.0)));
            Assert.That(gate.DeltaInterval!.Lower, Is.GreaterThan(0.05));
            Assert.That(gate.Explanation, Does.StartWith("The judge preferred the baseline's answer in 50 and the candidate's in 0 of 100 pairs judged in both orders: net quality loss +50.0 points (95% CI +"));
            Assert.That(gate.Explanation, Does.EndWith("more than the 5.0-point limit; 20 cases worse, 0 better (exact sign test p < 0.001)."));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
            Assert.That(analysis.Verdict.ExitCode, Is.EqualTo(1));
            Assert.That(analysis.Verdict.Reasons[0], Is.EqualTo(gate.Explanation));
            Assert.That(analysis.Verdict.Reasons, Does.Contain(
                "Case 'case-01' lost most under the judge: the baseline's answer was preferred in 3 of 5 pairs (the judge, shown the candidate's answer as A: \"" + DefaultReason + "\")."));
        });
    }

    [Test]
    public void Analyze_TiesAndAFewWins_QualityGatePassesAtTheLevel()
    {
        SuiteDefinition suite = Suite(20, 5);
        var records = AnalysisFixtures.Run(suite);
        for (int c = 0; c < 20; c++)
        {
            for (int s = 0; s < 5; s++)
            {
                records.AddRange(c < 4 && s == 0 ? Win(AnalysisFixtures.CaseId(c), s) : Tie(AnalysisFixtures.CaseId(c), s));
            }
        }

        RunAnalysis analysis = Analyze(suite, records).Analysis;
        GateResult gate = analysis.Gates.Single();

        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Pass));
            Assert.That(gate.Delta, Is.EqualTo(-0.04).Within(1e-12));
            Assert.That(GateEvaluator.PassesAtLevel(gate), Is.True, "the whole interval is at or below +0");
            Assert.That(gate.Explanation, Does.Contain("within the 5.0-point limit; 0 cases worse, 4 better (exact sign test p = 1)."));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Go));
        });
    }

    [Test]
    public void Analyze_TwoCasesLoseMostly_QualityGateInconclusiveWithSamplesNeeded()
    {
        // Net loss 8/100 = 0.08, past the 5-point limit, but carried by two cases of twenty: a resample without them
        // is as likely as not to reach under the limit.
        SuiteDefinition suite = Suite(20, 5);
        var records = AnalysisFixtures.Run(suite);
        for (int c = 0; c < 20; c++)
        {
            for (int s = 0; s < 5; s++)
            {
                records.AddRange(c < 2 && s < 4 ? Loss(AnalysisFixtures.CaseId(c), s) : Tie(AnalysisFixtures.CaseId(c), s));
            }
        }

        RunAnalysis analysis = Analyze(suite, records).Analysis;
        GateResult gate = analysis.Gates.Single();

        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Inconclusive));
            Assert.That(gate.Delta, Is.EqualTo(0.08).Within(1e-12));
            Assert.That(gate.DeltaInterval!.Lower, Is.LessThanOrEqualTo(0.05));
            Assert.That(gate.SamplesNeeded, Is.GreaterThan(5));
            Assert.That(gate.Explanation, Does.Contain("beyond the 5.0-point limit but within the noise; 2 cases worse, 0 better (exact sign test p = 0.25)."));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(analysis.Verdict.Reasons[0], Does.EndWith("samples per case would decide it."));
        });
    }

    [Test]
    public void Analyze_EveryJudgeCallFailed_QualityGateInconclusiveSayingWhy()
    {
        SuiteDefinition suite = Suite(2, 2);
        var records = AnalysisFixtures.Run(suite);
        for (int c = 0; c < 2; c++)
        {
            for (int s = 0; s < 2; s++)
            {
                records.Add(Error(AnalysisFixtures.CaseId(c), Arm.JudgeCandidateSecond, s));
                records.Add(Malformed(AnalysisFixtures.CaseId(c), Arm.JudgeCandidateFirst, s));
            }
        }

        RunAnalysis analysis = Analyze(suite, records).Analysis;
        GateResult gate = analysis.Gates.Single();

        Assert.Multiple(() =>
        {
            Assert.That(gate.State, Is.EqualTo(GateState.Inconclusive));
            Assert.That(gate.DeltaInterval, Is.Null);
            Assert.That(gate.SamplesNeeded, Is.Null);
            Assert.That(gate.Explanation, Is.EqualTo("The judge gave a valid verdict in both orders on 0 of 4 pairs (4 judge failed, 0 without an answer to judge), too few to measure the quality loss."));
            Assert.That(analysis.Judge!.PositionBias, Is.Null);
            Assert.That(analysis.Judge.Agreement, Is.Null);
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Inconclusive));
        });
    }
}
