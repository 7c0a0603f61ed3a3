using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

/// <summary>Several candidates judged each on its own view, ranked, and the run's exit code.</summary>
[TestFixture]
public sealed class ComparisonAnalyzerTests
{
    private const int Go = ExitCodes.Go, NoGo = ExitCodes.NoGo, Inc = ExitCodes.Inconclusive, Stop = ExitCodes.CouldNotComplete;

    [TestCase(new[] { Go, NoGo, Inc }, false, Go, TestName = "one may go → 0")]
    [TestCase(new[] { NoGo, NoGo, NoGo }, false, NoGo, TestName = "all NO-GO → 1")]
    [TestCase(new[] { NoGo, Inc, NoGo }, false, Inc, TestName = "none GO, one INCONCLUSIVE → 4")]
    [TestCase(new[] { Stop, Stop, Stop }, false, Stop, TestName = "not completed → 3")]
    [TestCase(new[] { Go, Go, Go }, true, Go, TestName = "require-all, all GO → 0")]
    [TestCase(new[] { Go, Inc, Go }, true, Inc, TestName = "require-all, one INCONCLUSIVE → 4")]
    [TestCase(new[] { Go, Inc, NoGo }, true, NoGo, TestName = "require-all, one NO-GO → 1")]
    [TestCase(new[] { Inc }, true, Inc, TestName = "one candidate: its own code")]
    [TestCase(new[] { NoGo }, false, NoGo, TestName = "one candidate NO-GO: 1")]
    public void ExitCodeOf_FollowsTheRule(int[] codes, bool requireAll, int expected) =>
        Assert.That(ComparisonAnalyzer.ExitCodeOf([.. codes], requireAll), Is.EqualTo(expected));

    [Test]
    public void ViewOf_KeepsTheBaselineArmsAndOnlyThatCandidatesRecordsAsCandidateZero()
    {
        AttemptRecord Record(Arm arm, int candidate) =>
            new("c1", arm, 0, 1, true, "m", AnalysisFixtures.Start, CallOutcome.Success, 1, null, null, 1, 1, "end_turn", "x", 200, null, null) { Candidate = candidate };
        ImmutableArray<AttemptRecord> records =
        [
            Record(Arm.Baseline, 0), Record(Arm.Candidate, 0), Record(Arm.Candidate, 1), Record(Arm.Candidate, 2),
            Record(Arm.BaselineRepeat, 0), Record(Arm.JudgeCandidateFirst, 2), Record(Arm.JudgeCandidateSecond, 1),
        ];

        var view = ComparisonAnalyzer.ViewOf(records, 2);

        Assert.That(view.Select(r => (r.Arm, r.Candidate)), Is.EqualTo(new[]
        {
            (Arm.Baseline, 0), (Arm.Candidate, 0), (Arm.BaselineRepeat, 0), (Arm.JudgeCandidateFirst, 0),
        }));
        Assert.That(ComparisonAnalyzer.ViewOf(records, 0).Select(r => (r.Arm, r.Candidate)), Is.EqualTo(new[]
        {
            (Arm.Baseline, 0), (Arm.Candidate, 0), (Arm.BaselineRepeat, 0),
        }));
    }

    [Test]
    public async Task Analyze_ThreeCandidates_EachViewHoldsItsOwnModelAndCallsAndTheRanksFollowTheVerdicts()
    {
        using var dir = new TempDirectory();
        var suite = SuiteFactory.Create(4, 3) with
        {
            OtherCandidates = [new CandidateSpec("broken.model-v1:0", ArmOverrides.None), new CandidateSpec("third.model-v1:0", ArmOverrides.None)],
        };
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, AnalysisFixtures.Header(suite), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(AnalysisFixtures.Start));
        foreach (var planned in RunPlan.Create(suite).Attempts)
        {
            // The second candidate fails every call: NO-GO on its error rate; the others answer like the baseline.
            var failing = planned.Request.ModelId == "broken.model-v1:0";
            writer.Append(new AttemptRecord(planned.Key.CaseId, planned.Key.Arm, planned.Key.Sample, 1, true, planned.Request.ModelId, AnalysisFixtures.Start,
                failing ? CallOutcome.ServerError : CallOutcome.Success, 100, 90, null, failing ? null : 10, failing ? null : 5, failing ? null : "end_turn",
                failing ? null : "ok", failing ? 500 : 200, failing ? "InternalServerException" : null, failing ? "boom" : null) { Candidate = planned.Key.Candidate });
        }

        await writer.CompleteAsync(new JournalEnd(AnalysisFixtures.Start, RunStatus.Completed, null));

        var run = ComparisonAnalyzer.Analyze(JournalReader.Read(path));

        Assert.That(run.Several, Is.True);
        Assert.That(run.Candidates.Select(c => c.Analysis.Candidate.ModelId), Is.EqualTo(new[] { "candidate.model-v2:0", "broken.model-v1:0", "third.model-v1:0" }));
        Assert.That(run.Candidates.Select(c => c.Analysis.Candidate.Calls), Is.All.EqualTo(12), "each view holds its own candidate's calls only");
        Assert.That(run.Candidates.Select(c => c.Analysis.Baseline.Calls), Is.All.EqualTo(12), "the baseline once per view");
        Assert.That(run.Candidates[1].Analysis.Verdict.Verdict, Is.EqualTo(Verdict.NoGo));
        Assert.That(run.Ranking[^1], Is.EqualTo(1), "the NO-GO candidate ranks last");
        Assert.That(run.Passing, Has.No.Member(1));
        Assert.That(run.ExitCode, Is.EqualTo(run.Passing.IsEmpty ? ExitCodes.Inconclusive : ExitCodes.Go));
        Assert.That(run.Candidates.Select(c => c.Attempts.Count(a => a.Record.Arm == Arm.Candidate)), Is.All.EqualTo(12));
    }
}
