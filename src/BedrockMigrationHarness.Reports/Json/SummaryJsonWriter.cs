using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Reports.Formatting;

namespace BedrockMigrationHarness.Reports.Json;

/// <summary>Writes <c>summary.json</c>: the versioned, documented <see cref="SummaryDocument"/>.</summary>
internal sealed class SummaryJsonWriter : IReportWriter
{
    public string FileName => "summary.json";

    public void Write(RunComparison run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        var document = Document(run.First);
        if (run.Several)
        {
            document = document with
            {
                FormatVersion = SummaryDocument.SeveralCandidatesFormatVersion,
                Comparison = new SummaryComparison(
                    run.ExitCode,
                    run.RequireAll,
                    ComparisonText.Outcome(run),
                    [.. run.Passing.Select(i => run.Candidates[i].Analysis.Candidate.ModelId)],
                    run.RunSpend,
                    ComparisonText.SelectionCaveat(run.Candidates.Length),
                    [.. run.Candidates.Select((data, k) => new SummaryCandidate(k, run.Ranking.IndexOf(k) + 1, data.Analysis.Candidate.ModelId,
                        VerdictText.Of(data.Analysis.Verdict.Verdict), data.Analysis.Verdict.ExitCode, Document(data)))]),
            };
        }

        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = true,
            Encoder = JsonDefaults.Indented.Encoder,
            NewLine = "\n",
        });
        JsonSerializer.Serialize(writer, document, JsonDefaults.Indented);
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    /// <summary>One candidate's summary: its analysis with its batch jobs.</summary>
    private static SummaryDocument Document(ReportData data) => Build(data.Analysis) with
    {
        Batch = data.Header.Suite.Batch is { } batch ? new SummaryBatch(batch.Location, BatchText.LatencyNotMeasured, BatchText.Jobs(data.BatchJobs)) : null,
    };

    /// <summary>Maps the analysis onto the stable summary format.</summary>
    public static SummaryDocument Build(RunAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var run = analysis.Run;
        var arms = ImmutableArray.Create(Arm(analysis.Baseline), Arm(analysis.Candidate));
        var references = analysis.Reference?.PerCase.ToDictionary(static r => r.CaseId, StringComparer.Ordinal);
        if (analysis.NoiseFloor is { } noise)
        {
            arms = arms.Add(Arm(noise));
        }

        return new SummaryDocument(
            SummaryDocument.CurrentFormatVersion,
            RunText.ToolName,
            new SummaryRun(
                run.SuiteName, run.SuiteFile, run.Fingerprint, run.BaselineModelId, run.CandidateModelId, run.Region,
                run.CaseCount, run.Samples, arms.Length, RunText.Calls(analysis), run.StartedAt, run.EndedAt,
                Names.Camel(run.Status), run.StatusMessage, run.ConfidenceLevel, run.PercentileEstimator,
                run.Shard is { } shard ? new SummaryShard(shard.Index, shard.Count, run.SuiteCaseCount) : null),
            new SummaryVerdict(VerdictText.Of(analysis.Verdict.Verdict), analysis.Verdict.ExitCode, analysis.Verdict.Reasons),
            [.. analysis.Gates.Select(Gate)],
            arms,
            [.. analysis.Cases.Select(c => Case(c, references))],
            analysis.Lifecycle is { } lifecycle ? new SummaryLifecycle(Lifecycle(lifecycle.Baseline), Lifecycle(lifecycle.Candidate)) : null,
            analysis.Cost is { } cost ? Cost(cost) : null,
            Requests(analysis.Requests),
            [.. analysis.Compatibility.Select(f => new SummaryCompatibilityFinding(
                Names.Camel(f.Arm), f.ModelId, f.Message, f.Attempts, f.Cases, f.CaseIds, f.Parameter, f.Advice, f.SuggestedOverride))],
            analysis.Reference is { } reference ? Reference(reference) : null,
            analysis.Judge is { } judge ? Judge(judge) : null,
            analysis.Adaptive is { } adaptive ? Adaptive(adaptive) : null);
    }

    private static SummaryAdaptive Adaptive(AdaptiveSummary a) => new(
        new SummaryAdaptiveSettings(a.Settings.MaxSamples, a.Settings.MaxCostUsd, a.Settings.PassConfidence, Suites.AdaptiveSettings.SpendingName(a.Settings.Spending)),
        a.Stop is { } stop ? Names.Camel(stop) : null,
        a.StopReason,
        AdaptiveText.Summary(a),
        [.. a.Looks.Select(l => new SummaryLook(
            l.Index, l.SamplesPerCase, l.Fraction, l.FailLevel, l.PassLevel, l.ModelCalls, l.SpendUsd,
            l.Stop is { } s ? Names.Camel(s) : null, l.NextSamplesPerCase, l.Journaled,
            [.. l.Gates.Select(g => new SummaryLookGate(
                Names.Camel(g.Kind), g.Name, AdaptiveText.State(g.State), g.Unit, g.Estimate, g.Limit, g.HigherIsWorse,
                Interval(g.FailInterval), Interval(g.PassInterval)))]))]);

    private static SummaryJudge Judge(JudgeSummary j) => new(
        j.ModelId, Names.Camel(j.Mode), j.Pairs, j.Judged, j.Wins, j.Ties, j.Losses, j.Disagreements, OptionalEstimate(j.PositionBias),
        j.FirstPositionPicks, OptionalEstimate(j.Agreement), j.JudgeFailed, j.NotJudged, j.Calls, j.InputTokens, j.OutputTokens, j.SpendUsd,
        [.. j.Cases.Select(c => new SummaryJudgedCase(c.CaseId, c.Wins, c.Ties, c.Losses, c.Failed, c.NetLoss, c.Reasons))]);

    private static SummaryReference Reference(ReferenceSummary r) => new(
        r.Cases,
        r.Similarity is { } s
            ? new SummaryReferenceSimilarity(s.Cases, OptionalEstimate(s.Baseline), OptionalEstimate(s.Candidate), OptionalEstimate(s.Difference))
            : null,
        r.ToolChoice is { } t ? new SummaryToolChoice(t.Cases, t.BaselineAnswers, Estimate(t.Baseline), t.CandidateAnswers, Estimate(t.Candidate)) : null,
        r.Production is { } p
            ? new SummaryProduction(p.Cases, Figure(p.LatencyP50), Figure(p.LatencyP90), Figure(p.InputTokens), Figure(p.OutputTokens))
            : null,
        ReferenceText.Findings(r));

    private static SummaryProductionFigure Figure(ProductionFigure f) => new(f.Cases, f.Production, f.Baseline, f.Candidate);

    private static SummaryRequestDifferences Requests(RequestDifferences r)
    {
        SummaryRequestDifference Difference(RequestDifference d) =>
            new(d.Field, d.Baseline, d.Candidate, d.ValuesVary, d.Cases, d.CaseIds, RequestText.Describe(d, r.CaseCount));
        return new SummaryRequestDifferences(r.CaseCount, [.. r.AllCases.Select(Difference)], [.. r.SomeCases.Select(Difference)]);
    }

    private static SummaryArmLifecycle Lifecycle(ArmLifecycle arm) => new(
        arm.Facts.ModelId, arm.Facts.LookupId, LifecycleStageText.Json(arm.Stage), arm.Facts.BedrockStatus,
        arm.Facts.LegacyTime, arm.Facts.PublicExtendedAccessTime, arm.Facts.EndOfLifeTime, arm.DaysLeft, arm.Facts.CheckedAt, arm.Facts.Error);

    private static SummaryCost Cost(CostSummary c) => new(
        c.PriceFile, c.RequestsPerMonth, ArmCost(c.Baseline), ArmCost(c.Candidate), Estimate(c.MonthlyDelta), Estimate(c.MonthlyChange),
        Estimate(c.BaselineExtendedAccessMonthly), c.ExtendedAccessMultiplier, c.ExtendedAccessFrom, c.RunSpend, c.PricesVerified);

    private static SummaryArmCost ArmCost(ArmCost a) => new(
        a.ModelId, a.Price.InputPerMillion, a.Price.OutputPerMillion,
        Num.Date(a.Price.AsOf), a.Price.Source, a.Price.Verified,
        Estimate(a.PerThousandRequests), Estimate(a.Monthly), a.Price.CacheReadPerMillion, a.Price.CacheWritePerMillion,
        a.Price.BatchInputPerMillion, a.Price.BatchOutputPerMillion);

    private static SummaryGate Gate(GateResult g) => new(
        Names.Camel(g.Spec.Kind), g.Name, GateFormat.Severity(g.Spec.Severity), g.Spec.Threshold, VerdictText.Of(g.State), g.Unit,
        g.Baseline, g.Candidate, g.Delta, Interval(g.DeltaInterval), g.SamplesNeeded, g.Explanation);

    private static SummaryArm Arm(ArmSummary a) => new(
        Names.Camel(a.Arm), a.ModelId, a.Planned, a.Finished, a.Answered, a.Calls, a.ThrottledCalls, a.RetriedCalls,
        Names.CamelKeys(a.ErrorsByKind), Estimate(a.ComplianceRate), Names.CamelKeys(a.Deviations),
        a.CorrectnessRate is { } correctness ? Estimate(correctness) : null, Estimate(a.ErrorRate), Percentiles(a.Latency),
        a.TimeToFirstToken is { } t ? Percentiles(t) : null,
        Estimate(a.MeanInputTokens), Estimate(a.MeanOutputTokens), a.MedianOutputTokens,
        OptionalEstimate(a.MeanCacheReadInputTokens), OptionalEstimate(a.MeanCacheWriteInputTokens), a.AnswersWithReasoning, a.MeanReasoningChars,
        new SummaryTokenTotals(a.TotalTokens.Input, a.TotalTokens.Output, a.TotalTokens.CacheRead, a.TotalTokens.CacheWrite));

    private static SummaryCase Case(CaseComparison c, Dictionary<string, CaseReferenceResult>? references) => new(
        c.CaseId, Names.Camel(c.Label), CaseArm(c.Baseline), CaseArm(c.Candidate), c.Similarity, c.NoiseFloorSimilarity, c.Severity, c.Regressions,
        references?.GetValueOrDefault(c.CaseId) is { } r
            ? new SummaryCaseReference(r.BaselineSimilarity, r.CandidateSimilarity, r.BaselineSameTool, r.CandidateSameTool)
            : null);

    private static SummaryCaseArm CaseArm(CaseArmSummary a) => new(
        a.Answered, a.Errors, a.Compliant, a.ExpectationsMet, a.ComplianceRate, a.CorrectnessRate, a.P50LatencyMs, a.P99LatencyMs,
        a.MeanOutputTokens, Names.CamelKeys(a.Deviations));

    private static SummaryPercentiles Percentiles(PercentileSet p) =>
        new(p.Count, OptionalEstimate(p.P50), OptionalEstimate(p.P90), OptionalEstimate(p.P99), p.Caveat);

    private static SummaryEstimate? OptionalEstimate(Estimate? e) => e is null ? null : Estimate(e);

    private static SummaryEstimate Estimate(Estimate e) => new(e.Value, Interval(e.Interval));

    private static SummaryInterval? Interval(Interval? i) => i is null ? null : new SummaryInterval(i.Lower, i.Upper);
}
