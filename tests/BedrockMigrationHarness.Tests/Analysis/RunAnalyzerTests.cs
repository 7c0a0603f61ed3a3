using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class RunAnalyzerTests
{
    private static RunAnalysis Analyze(SuiteDefinition suite, List<AttemptRecord> records, JournalEnd? end = null, int seed = RunAnalyzer.DefaultSeed) =>
        RunAnalyzer.Analyze(AnalysisFixtures.Header(suite), records, end ?? AnalysisFixtures.Completed, seed, 500).Analysis;

    [Test]
    public void Analyze_IdenticalCompliantArms_IsGo()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        RunAnalysis analysis = Analyze(suite, AnalysisFixtures.Run(suite));
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Go), string.Join(" | ", analysis.Verdict.Reasons));
            Assert.That(analysis.Verdict.Reasons, Has.Length.InRange(1, 5));
            Assert.That(analysis.Gates.Select(static g => g.State), Is.All.EqualTo(GateState.Pass));
            // Without a price table and a lifecycle in the header, the cost and candidate-lifecycle gates are not judged.
            Assert.That(analysis.Gates.Select(static g => g.Spec.Kind), Is.EqualTo(GateSettings.Default.Gates
                .Select(static g => g.Kind).Where(static k => k is not (GateKind.CostIncrease or GateKind.CandidateLifecycle))));
            Assert.That(analysis.Run.PercentileEstimator, Does.StartWith("Hyndman-Fan type 7"));
            Assert.That(analysis.Run.Status, Is.EqualTo(RunStatus.Completed));
            Assert.That(analysis.Baseline.Planned, Is.EqualTo(100));
            Assert.That(analysis.Candidate.Answered, Is.EqualTo(100));
            Assert.That(analysis.Candidate.ComplianceRate.Value, Is.EqualTo(1.0));
            Assert.That(analysis.Candidate.Latency.Count, Is.EqualTo(100));
            Assert.That(analysis.Candidate.Latency.Caveat, Is.Null);
            Assert.That(analysis.NoiseFloor, Is.Null);
            Assert.That(analysis.Cases.Select(static c => c.CaseId), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public void Analyze_RetriedCalls_CountedButNeverInLatency()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 2, samples: 2);
        List<AttemptRecord> records = AnalysisFixtures.Run(suite, latency: static (_, _, _) => 1000);
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Candidate, 0, CallOutcome.Throttled, final: false, latencyMs: 90_000));
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Candidate, 1, CallOutcome.ServerError, final: false, latencyMs: 90_000));
        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Candidate.Calls, Is.EqualTo(6));
            Assert.That(analysis.Candidate.ThrottledCalls, Is.EqualTo(1));
            Assert.That(analysis.Candidate.RetriedCalls, Is.EqualTo(2));
            Assert.That(analysis.Candidate.Finished, Is.EqualTo(4));
            Assert.That(analysis.Candidate.Latency.P99!.Value, Is.EqualTo(1000));
            Assert.That(analysis.Candidate.ErrorsByKind, Is.Empty);
        });
    }

    [Test]
    public void Analyze_FinalErrors_AreTheirOwnGateNotNonCompliance()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite);
        for (int i = 0; i < 20; i++)
        {
            int index = records.FindIndex(r => r.Arm == Arm.Candidate && r.CaseId == AnalysisFixtures.CaseId(i) && r.Sample == 0);
            records[index] = AnalysisFixtures.Failure(AnalysisFixtures.CaseId(i), Arm.Candidate, 0, CallOutcome.ModelTimeout);
        }

        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Candidate.ComplianceRate.Value, Is.EqualTo(1.0));
            Assert.That(analysis.Candidate.Answered, Is.EqualTo(80));
            Assert.That(analysis.Candidate.ErrorRate.Value, Is.EqualTo(0.2));
            Assert.That(analysis.Candidate.ErrorsByKind[CallOutcome.ModelTimeout], Is.EqualTo(20));
            Assert.That(analysis.Gates.Single(static g => g.Spec.Kind == GateKind.ErrorRate).State, Is.EqualTo(GateState.Fail));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
            Assert.That(analysis.Verdict.Reasons[0], Does.StartWith("Candidate error rate 20.0%"));
        });
    }

    [Test]
    public void Analyze_CandidateBreaksTheFormat_IsNoGoWithCaseRegressionsFirst()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            text: static (arm, c, _) => arm == Arm.Candidate && c < 4 ? "Sure! " + AnalysisFixtures.CompliantTicket : AnalysisFixtures.CompliantTicket);
        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
            Assert.That(analysis.Candidate.ComplianceRate.Value, Is.EqualTo(0.8));
            Assert.That(analysis.Candidate.Deviations[FormatDeviation.ProseWrapped], Is.EqualTo(20));
            Assert.That(analysis.Cases.Take(4).Select(static c => c.CaseId), Is.EquivalentTo(new[] { "case-00", "case-01", "case-02", "case-03" }));
            Assert.That(analysis.Cases[0].Regressions[0], Is.EqualTo("compliance 5/5 → 0/5 (Fisher exact one-sided p = 0.004)"));
            Assert.That(analysis.Cases[4].Regressions, Is.Empty);
            Assert.That(analysis.Verdict.Reasons, Has.Some.StartsWith("Case 'case-0"));
        });
    }

    [Test]
    public void Analyze_CandidateMuchSlower_LatencyGateFails()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            latency: static (arm, c, s) => AnalysisFixtures.DefaultLatency(c, s) * (arm == Arm.Candidate ? 1.6 : 1));
        RunAnalysis analysis = Analyze(suite, records);
        GateResult p50 = analysis.Gates.Single(static g => g.Spec.Kind == GateKind.LatencyP50Increase);
        Assert.Multiple(() =>
        {
            Assert.That(p50.State, Is.EqualTo(GateState.Fail));
            Assert.That(p50.Delta, Is.EqualTo(0.6).Within(1e-9));
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
            Assert.That(analysis.Cases[0].Regressions, Has.Some.StartsWith("p50 latency"));
        });
    }

    [Test]
    public void Analyze_SmallRun_SaysThePercentilesAreNotWhatTheyClaim()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 3, samples: 5);
        RunAnalysis analysis = Analyze(suite, AnalysisFixtures.Run(suite));
        Assert.That(analysis.Candidate.Latency.Caveat, Is.EqualTo(
            "p90 rests on 15 answers: fewer than 20, so it is the top of a small sample, not a p90. "
            + "p99 rests on 15 answers: fewer than 100, so it is the max of a small sample, not a p99."));
    }

    [Test]
    public void Analyze_NoAnswers_PercentilesNullAndInconclusive()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 2, samples: 2);
        List<AttemptRecord> records = [.. AnalysisFixtures.Run(suite).Where(static r => r.Arm == Arm.Baseline)];
        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Candidate.Latency.P50, Is.Null);
            Assert.That(analysis.Candidate.Latency.Count, Is.Zero);
            Assert.That(analysis.Candidate.ComplianceRate.Interval, Is.Null);
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Inconclusive));
        });
    }

    [Test]
    public void Analyze_NoEndRecord_IsInterruptedAndInconclusive()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite).Take(150).ToList();
        RunAnalysis analysis = RunAnalyzer.Analyze(AnalysisFixtures.Header(suite), records, null, RunAnalyzer.DefaultSeed, 200).Analysis;
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Run.Status, Is.EqualTo(RunStatus.Interrupted));
            Assert.That(analysis.Run.EndedAt, Is.Null);
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(analysis.Verdict.Reasons, Has.Some.Contains("150 of 200 planned attempts finished"));
        });
    }

    [Test]
    public void Analyze_InterruptedButAlreadyFailing_IsNoGo()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite, text: static (arm, _, _) => arm == Arm.Candidate ? "no" : AnalysisFixtures.CompliantTicket);
        var end = new JournalEnd(AnalysisFixtures.Start, RunStatus.Interrupted, "stopped by the user");
        RunAnalysis analysis = Analyze(suite, records, end);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
            Assert.That(analysis.Verdict.Reasons, Has.Some.Contains("did not finish (stopped by the user)"));
        });
    }

    [Test]
    public void Analyze_SameSeed_SameIntervals_OtherSeed_SlightlyOther()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite();
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            latency: static (arm, c, s) => AnalysisFixtures.DefaultLatency(c, s) * (arm == Arm.Candidate ? 1.1 : 1));
        RunAnalysis first = Analyze(suite, records, seed: 5);
        RunAnalysis second = Analyze(suite, records, seed: 5);
        RunAnalysis other = Analyze(suite, records, seed: 6);
        Assert.Multiple(() =>
        {
            Assert.That(second.Gates.Select(static g => g.DeltaInterval), Is.EqualTo(first.Gates.Select(static g => g.DeltaInterval)));
            Assert.That(second.Candidate.Latency, Is.EqualTo(first.Candidate.Latency));
            Assert.That(other.Candidate.Latency.P50!.Interval, Is.Not.EqualTo(first.Candidate.Latency.P50!.Interval));
        });
    }

    [Test]
    public void Analyze_BaselineRepeat_GivesNoiseFloorArmAndSimilarity()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 4, samples: 3, noiseFloor: true);
        List<AttemptRecord> records = AnalysisFixtures.Run(suite, withRepeat: true,
            text: static (arm, c, _) => arm == Arm.Candidate && c == 0
                ? """{"title":"Completely different words here","priority":"low"}"""
                : AnalysisFixtures.CompliantTicket);
        RunAnalysis analysis = Analyze(suite, records);
        CaseComparison drifted = analysis.Cases.Single(static c => c.CaseId == "case-00");
        Assert.Multiple(() =>
        {
            Assert.That(analysis.NoiseFloor, Is.Not.Null);
            Assert.That(analysis.NoiseFloor!.Arm, Is.EqualTo(Arm.BaselineRepeat));
            Assert.That(analysis.NoiseFloor.Answered, Is.EqualTo(12));
            Assert.That(drifted.NoiseFloorSimilarity, Is.EqualTo(1.0));
            Assert.That(drifted.Similarity, Is.LessThan(0.9));
            Assert.That(drifted.Regressions, Has.Some.StartsWith("answers drifted"));
            Assert.That(analysis.Cases[0].CaseId, Is.EqualTo("case-00"));
        });
    }

    [Test]
    public void Analyze_CheckedAttempts_AreEveryRecordOfThePlanWithChecksOnFinalAnswers()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 1, samples: 2);
        List<AttemptRecord> records = AnalysisFixtures.Run(suite);
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Candidate, 0, CallOutcome.Throttled, final: false));
        records.Add(AnalysisFixtures.Failure("unknown-case", Arm.Candidate, 0));
        ReportData data = RunAnalyzer.Analyze(AnalysisFixtures.Header(suite), records, AnalysisFixtures.Completed);
        Assert.Multiple(() =>
        {
            Assert.That(data.Attempts, Has.Length.EqualTo(5), "4 answers + 1 retried try; the unknown case is dropped");
            Assert.That(data.Attempts.Where(static a => a.Record.Final).Select(static a => a.Check), Is.All.Not.Null);
            Assert.That(data.Attempts.Single(static a => !a.Record.Final).Check, Is.Null);
            Assert.That(data.Header.Suite, Is.SameAs(suite));
        });
    }

    [Test]
    public void Analyze_UnderAnotherCulture_WordsStayInvariant()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            SuiteDefinition suite = AnalysisFixtures.Suite();
            RunAnalysis analysis = Analyze(suite, AnalysisFixtures.Run(suite));
            Assert.That(analysis.Gates[0].Explanation, Does.Contain("100.0%").And.Not.Contain("100,0"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Test]
    public void Analyze_ExpectationNewlyFailing_IsACaseRegression()
    {
        PromptCase @case = AnalysisFixtures.Case("case-00", AnalysisFixtures.TicketSchema, new Expectation(ExpectationKind.EqualTo, "high", "/priority"));
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 1, samples: 5) with { Cases = [@case] };
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            text: static (arm, _, _) => arm == Arm.Candidate ? """{"title":"Printer on fire","priority":"low"}""" : AnalysisFixtures.CompliantTicket);
        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Candidate.ExpectationPassRate.Value, Is.Zero);
            Assert.That(analysis.Cases[0].Regressions, Has.Some.EqualTo(
                "new failure: /priority expected equal to \"high\" fails on 5/5 answers (baseline 0/5)"));
        });
    }

    [Test]
    public void Analyze_PercentilesAreType7OfSuccessfulAnswers()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 2, samples: 5);
        List<AttemptRecord> records = AnalysisFixtures.Run(suite);
        double[] latencies = [.. records.Where(static r => r.Arm == Arm.Baseline).Select(static r => r.ClientLatencyMs).Order()];
        RunAnalysis analysis = Analyze(suite, records);
        Assert.Multiple(() =>
        {
            Assert.That(analysis.Baseline.Latency.P50!.Value, Is.EqualTo(Percentiles.Type7(latencies, 0.5)));
            Assert.That(analysis.Baseline.Latency.P90!.Value, Is.EqualTo(Percentiles.Type7(latencies, 0.9)));
            Assert.That(analysis.Baseline.MedianOutputTokens, Is.EqualTo(102));
            Assert.That(analysis.Baseline.MeanOutputTokens.Value, Is.EqualTo(102));
        });
    }

    [TestCase(100, 2000)]
    [TestCase(100_000, 2000)]
    [TestCase(400_000, 500)]
    [TestCase(10_000_000, 200)]
    public void ResamplesFor_ShrinksOnlyForVeryLargeJournals(int records, int expected) =>
        Assert.That(RunAnalyzer.ResamplesFor(records), Is.EqualTo(expected));
}
