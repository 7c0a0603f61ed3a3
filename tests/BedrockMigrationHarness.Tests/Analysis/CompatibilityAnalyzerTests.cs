using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

[TestFixture]
internal sealed class CompatibilityAnalyzerTests
{
    private const string TopPMessage = "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.";

    private static AttemptRecord Rejected(string caseId, Arm arm, int sample, string message = TopPMessage) =>
        AnalysisFixtures.Failure(caseId, arm, sample, CallOutcome.ValidationError) with { HttpStatus = 400, ErrorType = "ValidationException", ErrorMessage = message };

    [Test]
    public void Find_CandidateRejectsWhatBaselineAnswers_OneFindingPerMessageWithCounts()
    {
        var suite = AnalysisFixtures.Suite(cases: 3, samples: 2);
        var records = new List<AttemptRecord>();
        for (var c = 0; c < 3; c++)
        {
            for (var s = 0; s < 2; s++)
            {
                records.Add(AnalysisFixtures.Answer(AnalysisFixtures.CaseId(c), Arm.Baseline, s));
                records.Add(c < 2 ? Rejected(AnalysisFixtures.CaseId(c), Arm.Candidate, s) : AnalysisFixtures.Answer(AnalysisFixtures.CaseId(c), Arm.Candidate, s));
            }
        }

        var finding = CompatibilityAnalyzer.Find(suite, records).Single();

        Assert.That(finding with { CaseIds = [] }, Is.EqualTo(new CompatibilityFinding(Arm.Candidate, "model-b", TopPMessage, 4, 2, [], "temperature, top_p",
            "The candidate model takes temperature or top_p, not both: leave top_p out on the candidate.", "candidate: { inference: { top_p: null } }")));
        Assert.That(finding.CaseIds, Is.EqualTo(new[] { "case-00", "case-01" }).AsCollection);
    }

    [Test]
    public void Find_BothArmsRejectTheCase_IsNoFinding()
    {
        var suite = AnalysisFixtures.Suite(cases: 1, samples: 1);
        AttemptRecord[] records = [Rejected("case-00", Arm.Baseline, 0), Rejected("case-00", Arm.Candidate, 0)];

        Assert.That(CompatibilityAnalyzer.Find(suite, records), Is.Empty);
    }

    [Test]
    public void Find_OtherErrorsAndRetriedTries_AreNoFinding()
    {
        var suite = AnalysisFixtures.Suite(cases: 1, samples: 1);
        AttemptRecord[] records =
        [
            AnalysisFixtures.Answer("case-00", Arm.Baseline, 0),
            AnalysisFixtures.Failure("case-00", Arm.Candidate, 0, CallOutcome.ServerError),
            Rejected("case-00", Arm.Candidate, 0) with { Final = false },
        ];

        Assert.That(CompatibilityAnalyzer.Find(suite, records), Is.Empty);
    }

    [Test]
    public void Analyze_Run_CarriesFindingsAndStillCountsTheErrors()
    {
        var suite = AnalysisFixtures.Suite(cases: 2, samples: 2);
        var records = AnalysisFixtures.Run(suite);
        records.RemoveAll(r => r.Arm == Arm.Candidate && r.CaseId == "case-01");
        records.Add(Rejected("case-01", Arm.Candidate, 0));
        records.Add(Rejected("case-01", Arm.Candidate, 1));

        var analysis = RunAnalyzer.Analyze(AnalysisFixtures.Header(suite), records, AnalysisFixtures.Completed, RunAnalyzer.DefaultSeed, 200).Analysis;

        Assert.That(analysis.Compatibility.Single().Attempts, Is.EqualTo(2));
        Assert.That(analysis.Candidate.ErrorRate.Value, Is.EqualTo(0.5));
    }
}
