using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class ReferenceAnalyzerTests
{
    private const string LowPriority = """{"title":"Printer on fire","priority":"low","effort":3}""";

    private static RunAnalysis Analyze(SuiteDefinition suite, List<AttemptRecord> records) =>
        RunAnalyzer.Analyze(AnalysisFixtures.Header(suite), records, AnalysisFixtures.Completed, RunAnalyzer.DefaultSeed, 500).Analysis;

    /// <summary>The suite with <paramref name="reference"/> (by case index; null for none) set on its cases.</summary>
    private static SuiteDefinition WithReferences(SuiteDefinition suite, Func<int, CaseReference?> reference) =>
        suite with { Cases = [.. suite.Cases.Select((c, i) => c with { Reference = reference(i) })] };

    private static CaseReference Text(string text, ProductionCall? production = null) => new(text, [], production);

    [Test]
    public void Analyze_NoCaseHasAReference_IsNull()
    {
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 3, samples: 2);

        Assert.That(Analyze(suite, AnalysisFixtures.Run(suite)).Reference, Is.Null);
    }

    [Test]
    public void Analyze_TextReferences_SimilarityPerCaseAndArmWithAPairedDifference()
    {
        // The baseline answers exactly the reference; the candidate answers "low" instead of "high" in even cases.
        SuiteDefinition suite = WithReferences(AnalysisFixtures.Suite(cases: 8, samples: 3), static _ => Text(AnalysisFixtures.CompliantTicket));
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            text: static (arm, c, _) => arm == Arm.Candidate && c % 2 == 0 ? LowPriority : AnalysisFixtures.CompliantTicket);

        ReferenceSummary reference = Analyze(suite, records).Reference!;
        double low = AnswerSimilarity.Of(AnalysisFixtures.CompliantTicket, AnalysisFixtures.CompliantTicket, LowPriority, LowPriority);
        ReferenceSimilarity similarity = reference.Similarity!;

        Assert.Multiple(() =>
        {
            Assert.That(low, Is.LessThan(1));
            Assert.That(reference.Cases, Is.EqualTo(8));
            Assert.That(reference.PerCase.Select(static c => c.BaselineSimilarity), Is.All.EqualTo(1.0));
            Assert.That(reference.PerCase[0].CandidateSimilarity, Is.EqualTo(low).Within(1e-12));
            Assert.That(reference.PerCase[1].CandidateSimilarity, Is.EqualTo(1.0));
            Assert.That(similarity.Cases, Is.EqualTo(8));
            Assert.That(similarity.Baseline!.Value, Is.EqualTo(1.0));
            Assert.That(similarity.Candidate!.Value, Is.EqualTo((1 + low) / 2).Within(1e-12));
            Assert.That(similarity.Difference!.Value, Is.EqualTo((low - 1) / 2).Within(1e-12));
            Assert.That(similarity.Difference.Interval!.Lower, Is.LessThan(similarity.Difference.Value));
            Assert.That(similarity.Difference.Interval.Upper, Is.GreaterThan(similarity.Difference.Value).And.LessThanOrEqualTo(0));
            Assert.That(reference.ToolChoice, Is.Null);
            Assert.That(reference.Production, Is.Null);
        });
    }

    [Test]
    public void Analyze_References_ChangeNoGateAndNotTheVerdict()
    {
        SuiteDefinition plain = AnalysisFixtures.Suite(cases: 6, samples: 4);
        SuiteDefinition referenced = WithReferences(plain, static _ => Text("something else entirely", new ProductionCall("model-a", null, null, "Converse", 5, 1, 1)));
        List<AttemptRecord> records = AnalysisFixtures.Run(plain,
            text: static (arm, c, s) => arm == Arm.Candidate && s == 0 && c < 3 ? "not json" : AnalysisFixtures.CompliantTicket);

        RunAnalysis without = Analyze(plain, records);
        RunAnalysis with = Analyze(referenced, records);

        Assert.Multiple(() =>
        {
            Assert.That(with.Reference, Is.Not.Null);
            Assert.That(with.Verdict.Verdict, Is.EqualTo(without.Verdict.Verdict));
            Assert.That(with.Verdict.ExitCode, Is.EqualTo(without.Verdict.ExitCode));
            Assert.That(with.Verdict.Reasons, Is.EqualTo(without.Verdict.Reasons));
            Assert.That(with.Gates, Is.EqualTo(without.Gates));
        });
    }

    [Test]
    public void Analyze_ToolReference_CountsAnswersCallingTheSameToolsInOrder()
    {
        var lookup = new ToolCall("p", "lookup_order", "{}");
        SuiteDefinition suite = WithReferences(AnalysisFixtures.Suite(cases: 2, samples: 3),
            i => i == 0 ? new CaseReference("", [lookup], null) : null);
        List<AttemptRecord> records = AnalysisFixtures.Run(suite, text: static (_, _, _) => "");
        for (int r = 0; r < records.Count; r++)
        {
            AttemptRecord record = records[r];
            string tool = record.Arm == Arm.Candidate && record.Sample == 2 ? "issue_refund" : "lookup_order";
            records[r] = record with { ToolCalls = [new ToolCall("t" + r, tool, "{\"order_id\":\"A-1\"}")] };
        }

        ReferenceSummary reference = Analyze(suite, records).Reference!;

        Assert.Multiple(() =>
        {
            Assert.That(reference.Cases, Is.EqualTo(1));
            Assert.That(reference.Similarity, Is.Null, "a reference without text has no similarity");
            Assert.That(reference.PerCase.Single().BaselineSameTool, Is.EqualTo(1.0));
            Assert.That(reference.PerCase.Single().CandidateSameTool, Is.EqualTo(2 / 3.0));
            Assert.That(reference.ToolChoice!.Cases, Is.EqualTo(1));
            Assert.That(reference.ToolChoice.BaselineAnswers, Is.EqualTo(3));
            Assert.That(reference.ToolChoice.Baseline.Value, Is.EqualTo(1.0));
            Assert.That(reference.ToolChoice.CandidateAnswers, Is.EqualTo(3));
            Assert.That(reference.ToolChoice.Candidate.Value, Is.EqualTo(2 / 3.0));
        });
    }

    [Test]
    public void Analyze_ProductionFigures_ComparedWithTheMeasuredArmsOverTheSameCases()
    {
        // Cases 0-2 logged latency and tokens, case 3 tokens only (an InvokeModel record), case 4 is hand-written, case 5 has no reference.
        double?[] latency = [500, 700, 900, null];
        int[] input = [40, 50, 60, 70];
        int[] output = [90, 100, 110, 120];
        SuiteDefinition suite = WithReferences(AnalysisFixtures.Suite(cases: 6, samples: 3), i => i switch
        {
            < 4 => Text("x", new ProductionCall("model-a", "req-" + i, AnalysisFixtures.Start, "Converse", latency[i], input[i], output[i])),
            4 => Text("x"),
            _ => null,
        });
        List<AttemptRecord> records = AnalysisFixtures.Run(suite,
            latency: static (arm, c, s) => arm == Arm.Baseline ? 1000 + (100 * c) + s : 2000,
            tokens: static (arm, c, _) => arm == Arm.Baseline ? 100 + c : 200);

        ProductionComparison production = Analyze(suite, records).Reference!.Production!;

        Assert.Multiple(() =>
        {
            Assert.That(production.Cases, Is.EqualTo(4));
            // Baseline metrics.latencyMs of cases 0-2: 1000-1002, 1100-1102, 1200-1202; type 7: p50 1101, p90 1201.2.
            Assert.That(production.LatencyP50, Is.EqualTo(new ProductionFigure(3, 700, 1101, 2000)));
            Assert.That(production.LatencyP90.Production, Is.EqualTo(860).Within(1e-9));
            Assert.That(production.LatencyP90.Baseline, Is.EqualTo(1201.2).Within(1e-9));
            // Every answer of the fixture reads 50 input tokens; output 100 + case index on the baseline.
            Assert.That(production.InputTokens, Is.EqualTo(new ProductionFigure(4, 55, 50, 50)));
            Assert.That(production.OutputTokens, Is.EqualTo(new ProductionFigure(4, 105, 101.5, 200)));
            Assert.That(production.LatencyP50.BaselineGap, Is.EqualTo((1101 / 700.0) - 1).Within(1e-12));
        });
    }

    [Test]
    public void Analyze_ReferenceCaseWithoutAnswers_HasNoSimilarityForThatArm()
    {
        SuiteDefinition suite = WithReferences(AnalysisFixtures.Suite(cases: 2, samples: 2), static _ => Text(AnalysisFixtures.CompliantTicket));
        List<AttemptRecord> records = AnalysisFixtures.Run(suite);
        records.RemoveAll(static r => r.Arm == Arm.Candidate && r.CaseId == "case-00");
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Candidate, 0));
        records.Add(AnalysisFixtures.Failure("case-00", Arm.Candidate, 1));

        ReferenceSummary reference = Analyze(suite, records).Reference!;

        Assert.Multiple(() =>
        {
            Assert.That(reference.PerCase[0].CandidateSimilarity, Is.Null);
            Assert.That(reference.PerCase[1].CandidateSimilarity, Is.EqualTo(1.0));
            Assert.That(reference.Similarity!.Candidate!.Value, Is.EqualTo(1.0), "the mean is over the cases the arm answered");
            Assert.That(reference.Similarity.Difference!.Value, Is.EqualTo(0.0), "paired over the cases both arms answered");
        });
    }
}
