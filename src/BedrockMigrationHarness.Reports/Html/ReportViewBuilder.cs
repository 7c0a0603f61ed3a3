using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Reports.Html.Answers;
using BedrockMigrationHarness.Reports.Html.Charts;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>Builds the view-model of report.html from the report data: all formatting happens here, in invariant culture.</summary>
internal static class ReportViewBuilder
{
    /// <summary>How many failed calls the errors section lists; the rest are in attempts.csv.</summary>
    public const int MaxErrorCalls = 300;

    /// <summary>
    /// The page of <paramref name="run"/>: one section for a one-candidate run (as before); for several candidates the
    /// comparison first, then each candidate's section, best-ranked first, every id prefixed with its candidate.
    /// </summary>
    public static PageView Build(RunComparison run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.Several)
        {
            var only = Build(run.Candidates[0]);
            return new PageView(only.Title, only.Footer.Tool, only.VerdictClass, only.Adaptive.Show, ComparisonView.None, [only], [""]);
        }

        var sections = run.Ranking.Select((index, order) => Build(run.Candidates[index]) with
        {
            IdPrefix = string.Create(CultureInfo.InvariantCulture, $"c{index + 1}-"),
            HatchDefs = order == 0,
            SectionHeading = $"{ComparisonText.Label(index)}: {run.Candidates[index].Analysis.Candidate.ModelId} — {VerdictText.Of(run.Candidates[index].Analysis.Verdict.Verdict)}",
            SectionAnchor = ComparisonText.Anchor(index),
        }).ToImmutableArray();
        var best = run.First.Analysis;
        var verdict = run.Passing.IsEmpty ? best.Verdict.Verdict : run.Candidates[run.Passing[0]].Analysis.Verdict.Verdict;
        var comparison = new ComparisonView(
            true,
            VerdictText.Of(run.ExitCode == ExitCodes.Go ? verdict : best.Verdict.Verdict),
            VerdictClass(run.ExitCode == ExitCodes.Go ? verdict : best.Verdict.Verdict),
            $"{Num.Int(run.Candidates.Length)} candidates against {best.Run.BaselineModelId} · suite {best.Run.SuiteName}",
            ComparisonText.Outcome(run),
            ComparisonText.Headers,
            [.. run.Ranking.Select(i => new ComparisonRowView(ComparisonText.Cells(run, i), VerdictClass(run.Candidates[i].Analysis.Verdict.Verdict), ComparisonText.Anchor(i)))],
            ComparisonText.BaselineCells(run),
            ComparisonText.SelectionCaveat(run.Candidates.Length),
            run.RunSpend is { } spend ? $"This run cost {Num.Usd(spend)} over every arm (each call counted once; the judge's calls apart)." : "");
        return new PageView(
            $"{comparison.Verdict} · {comparison.Heading}",
            sections[0].Footer.Tool,
            // Each candidate's section carries its own verdict colour; the page itself has none.
            "several",
            sections.Any(s => s.Adaptive.Show),
            comparison,
            sections,
            [.. sections.Select(s => s.IdPrefix)]);
    }

    public static ReportView Build(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var analysis = data.Analysis;
        var run = analysis.Run;
        var verdict = analysis.Verdict.Verdict;
        var selection = AnswerSelector.Select(analysis, data.Attempts);
        // The analysis orders the cases: regressed, then worse, worst first within each; then the rest by id.
        var orderedCases = analysis.Cases;
        var references = analysis.Reference?.PerCase.ToDictionary(static r => r.CaseId, StringComparer.Ordinal);
        var judged = analysis.Judge?.Cases.ToDictionary(static j => j.CaseId, StringComparer.Ordinal);
        var anchors = orderedCases
            .Select((c, i) => (c.CaseId, Anchor: "case-" + (i + 1).ToString(CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.CaseId, p => p.Anchor, StringComparer.Ordinal);

        return new ReportView(
            Title: $"{VerdictText.Of(verdict)}: {run.BaselineModelId} → {run.CandidateModelId} · {run.SuiteName}",
            Verdict: VerdictText.Of(verdict),
            VerdictClass: VerdictClass(verdict),
            VerdictLine: analysis.Verdict.ExitCode == ExitCodes.CouldNotComplete && verdict == Verdict.Inconclusive
                ? "The run could not complete: no verdict on the models is drawn."
                : VerdictLine(verdict),
            Baseline: run.BaselineModelId,
            Candidate: run.CandidateModelId,
            SuiteName: run.SuiteName,
            RunSize: RunText.Size(analysis),
            Calls: Num.Int(RunText.Calls(analysis)) + " calls made (retries included)" +
                (analysis.Judge is { } judge ? $", and {Num.Count(judge.Calls, "judge call", "judge calls")}" : ""),
            Date: Num.Utc(run.StartedAt),
            Duration: run.EndedAt is { } end ? Num.Duration(end - run.StartedAt) : "",
            Status: RunText.Status(run),
            HowItEnded: RunText.HowItEnded(run),
            Incomplete: run.Status != Vocabulary.RunStatus.Completed,
            Reasons: analysis.Verdict.Reasons,
            KeyFigures: KeyFigures(analysis),
            GateSummary: GateSummary(analysis.Gates),
            Confidence: RunText.Confidence(run),
            GateConfidence: RunText.GateIntervalLevel(analysis),
            Gates: [.. analysis.Gates.Select(Gate)],
            Caveats: Caveats(analysis, data),
            Charts: ChartSet.Build(data),
            Cases: [.. orderedCases.Select(c => CaseRow(c, selection.CaseIds.Contains(c.CaseId) ? anchors[c.CaseId] : "", references, judged))],
            Answers: AnswersBuilder.Build(data, orderedCases, anchors, selection),
            Errors: Errors(data),
            Footer: new FooterView(
                run.Fingerprint, run.PercentileEstimator, RunText.Confidence(run), RunText.ToolName, run.SuiteFile, run.Region,
                Num.Int(data.Header.FormatVersion)),
            Lifecycle: [.. LifecycleFactsBuilder.Build(analysis)],
            Cost: CostViewBuilder.Build(data),
            Requests: new RequestsView(
                RequestText.DifferencesTitle,
                [.. RequestText.DescribeAll(analysis.Requests)],
                analysis.Requests.Any ? "" : RequestText.NoDifference),
            Findings: [.. analysis.Compatibility.Select(f => new FindingView(
                RequestText.FindingCounts(f), f.Message, f.Parameter ?? "not named", f.Advice, f.SuggestedOverride ?? "", RequestText.FindingCases(f)))],
            Tokens: [.. new[] { analysis.Baseline, analysis.Candidate }.Select(TokenRow)],
            Reference: analysis.Reference is { } reference
                ? new ReferenceView(true, ReferenceText.Title(reference), ReferenceText.Informational,
                    ReferenceText.Rows(reference, RunText.Confidence(run)), ReferenceText.Findings(reference))
                : ReferenceView.None,
            Judge: JudgeViewBuilder.Build(
                analysis.Judge,
                anchors.Where(a => selection.CaseIds.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal)),
            Adaptive: AdaptiveViewBuilder.Build(analysis.Adaptive, run));
    }

    private static TokenRowView TokenRow(ArmSummary arm) => new(
        Names.Camel(arm.Arm),
        arm.ModelId,
        Num.Tokens(arm.MeanInputTokens.Value),
        arm.MeanCacheReadInputTokens is { } read ? Num.Tokens(read.Value) : "not reported",
        arm.MeanCacheWriteInputTokens is { } write ? Num.Tokens(write.Value) : "not reported",
        Num.Tokens(arm.MeanOutputTokens.Value),
        arm.MeanReasoningChars is { } chars
            ? $"{Num.Int(arm.AnswersWithReasoning)} {(arm.AnswersWithReasoning == 1 ? "answer" : "answers")}, {Num.Tokens(chars)} characters on average"
            : "none");

    private static string VerdictClass(Verdict verdict) => verdict switch
    {
        Verdict.Go => "go",
        Verdict.GoWithWarnings => "warn",
        Verdict.Inconclusive => "inconclusive",
        _ => "nogo",
    };

    private static string VerdictLine(Verdict verdict) => verdict switch
    {
        Verdict.Go => "The candidate passes every gate: migrate.",
        Verdict.GoWithWarnings => "The candidate passes every blocking gate; read the warnings before you migrate.",
        Verdict.Inconclusive => "The data cannot tell yet: run more samples before deciding.",
        _ => "The candidate fails at least one blocking gate: do not migrate.",
    };

    private static ImmutableArray<KeyFigureView> KeyFigures(RunAnalysis analysis)
    {
        var (b, c, gates) = (analysis.Baseline, analysis.Candidate, analysis.Gates);
        ImmutableArray<KeyFigureView> figures =
        [
            Figure("Format compliance", b.ComplianceRate.Value, c.ComplianceRate.Value, Num.Percent, Num.SignedPoints, relative: false,
                Judged(gates, GateKind.ComplianceFloor, GateKind.ComplianceDrop), ""),
            .. b.CorrectnessRate is { } bc && c.CorrectnessRate is { } cc
                ? [Figure("Correctness", bc.Value, cc.Value, Num.Percent, Num.SignedPoints, relative: false,
                    Judged(gates, GateKind.CorrectnessFloor, GateKind.CorrectnessDrop), "answers meeting every expectation of their case")]
                : Array.Empty<KeyFigureView>(),
            .. analysis.Judge is { } judge ? [JudgeFigure(judge, Judged(gates, GateKind.QualityLoss))] : Array.Empty<KeyFigureView>(),
            Figure("p50 latency", b.Latency.P50?.Value, c.Latency.P50?.Value, Num.Ms, Num.SignedPercent, relative: true,
                Judged(gates, GateKind.LatencyP50Increase), LatencyHint(gates, GateKind.LatencyP50Increase, null)),
            Figure("p99 latency", b.Latency.P99?.Value, c.Latency.P99?.Value, Num.Ms, Num.SignedPercent, relative: true,
                Judged(gates, GateKind.LatencyP99Increase), LatencyHint(gates, GateKind.LatencyP99Increase, c.Latency.Caveat ?? b.Latency.Caveat)),
            Figure("Output tokens (mean)", b.MeanOutputTokens.Value, c.MeanOutputTokens.Value, Num.Tokens, Num.SignedPercent, relative: true,
                Judged(gates, GateKind.OutputTokensIncrease), ""),
            Figure("Error rate", b.ErrorRate.Value, c.ErrorRate.Value, Num.Percent, Num.SignedPoints, relative: false,
                Judged(gates, GateKind.ErrorRate), ""),
        ];
        return analysis.Cost is { } cost
            ? figures.Add(Figure("Monthly cost", cost.Baseline.Monthly.Value, cost.Candidate.Monthly.Value, Num.Usd, Num.SignedPercent,
                relative: true, Judged(gates, GateKind.CostIncrease), CostText.MonthlyDelta(cost, RunText.Confidence(analysis.Run))))
            : figures;
    }

    /// <summary>
    /// The judge's preference: the share of judged pairs it preferred the other answer in (the baseline's, or the reference)
    /// → the share it preferred the candidate's in, and the net loss between them, coloured by the quality gate.
    /// </summary>
    private static KeyFigureView JudgeFigure(JudgeSummary judge, GateState? state)
    {
        double? Share(int count) => judge.Judged == 0 ? null : count / (double)judge.Judged;
        return new KeyFigureView(
            judge.Mode == JudgeMode.Reference ? "Judge prefers (reference → candidate)" : "Judge prefers",
            Num.Percent(Share(judge.Losses)),
            Num.Percent(Share(judge.Wins)),
            "net loss " + JudgeText.NetLoss(judge),
            state is { } s ? VerdictText.Of(s) : NoGate,
            state is { } t ? StateClass(t) : "none",
            $"share of {Num.Count(judge.Judged, "judged pair", "judged pairs")} where both orders preferred that answer; the rest are ties");
    }

    /// <summary>A latency card's hint: why there is no latency in a batch run (its gate not measured), else the percentiles' caveat.</summary>
    private static string LatencyHint(ImmutableArray<GateResult> gates, GateKind kind, string? caveat) =>
        Judged(gates, kind) == GateState.NotMeasured ? "a batch job measures no per-call latency" : caveat ?? "";

    /// <summary>A key figure without a gate says so, so every card shows the state of its own gate or its absence.</summary>
    private const string NoGate = "no gate";

    /// <summary>The worst state among the gates of these kinds, or null when the suite has none of them.</summary>
    private static GateState? Judged(ImmutableArray<GateResult> gates, params GateKind[] kinds) =>
        gates.Where(g => kinds.Contains(g.Spec.Kind)).Select(g => (GateState?)g.State).Max();

    /// <summary>
    /// A key figure's delta is coloured by the judgement of its gate, not by its sign: a +2% that is noise must not look
    /// like a regression on the first screen.
    /// </summary>
    private static KeyFigureView Figure(
        string label, double? baseline, double? candidate, Func<double?, string> value, Func<double?, string> delta,
        bool relative, GateState? state, string hint)
    {
        double? change = baseline is { } b && candidate is { } c
            ? relative ? (b == 0 ? null : (c - b) / b) : c - b
            : null;
        return new KeyFigureView(
            label, value(baseline), value(candidate), delta(change),
            state is { } s ? VerdictText.Of(s) : NoGate,
            state is { } t ? StateClass(t) : "none",
            hint);
    }

    private static string StateClass(GateState state) => state switch
    {
        GateState.Pass => "pass",
        GateState.Fail => "fail",
        GateState.NotMeasured => "not-measured",
        _ => "inconclusive",
    };

    private static string GateSummary(ImmutableArray<GateResult> gates)
    {
        int Count(GateState state) => gates.Count(g => g.State == state);
        var blockingFails = gates.Count(g => g.State == GateState.Fail && g.Spec.Severity == GateSeverity.Blocking);
        return $"{Num.Int(gates.Length)} gates: {Num.Int(Count(GateState.Fail))} fail ({Num.Int(blockingFails)} blocking) · " +
               $"{Num.Int(Count(GateState.Inconclusive))} inconclusive · {Num.Int(Count(GateState.Pass))} pass" +
               (Count(GateState.NotMeasured) is > 0 and var notMeasured ? $" · {Num.Int(notMeasured)} not measured (batch mode)" : string.Empty);
    }

    private static GateView Gate(GateResult g) => new(
        g.Name,
        GateFormat.Severity(g.Spec.Severity),
        GateFormat.Baseline(g),
        GateFormat.Candidate(g),
        GateFormat.Delta(g),
        GateFormat.Interval(g),
        GateFormat.Margin(g.Spec),
        VerdictText.Of(g.State),
        StateClass(g.State),
        g.Explanation,
        g.State == GateState.Inconclusive && g.SamplesNeeded is { } n
            ? $"About {Num.Int(n)} samples per case would decide it."
            : "");

    private static ImmutableArray<string> Caveats(RunAnalysis analysis, ReportData data)
    {
        var caveats = new List<string>();
        if (data.Header.Suite.Batch is { } batch)
        {
            caveats.Add(BatchText.LatencyNotMeasured);
            caveats.AddRange(BatchText.Jobs(data.BatchJobs).Select(job => $"Batch inference under {batch.Location}, {job}"));
        }

        foreach (var arm in new[] { analysis.Baseline, analysis.Candidate })
        {
            var name = Names.Camel(arm.Arm);
            if (arm.Latency.Caveat is { } latency)
            {
                caveats.Add($"Latency, {name}: {latency}");
            }

            if (arm.TimeToFirstToken?.Caveat is { } ttft)
            {
                caveats.Add($"Time to first token, {name}: {ttft}");
            }
        }

        return [.. caveats.Distinct(StringComparer.Ordinal)];
    }

    /// <param name="references">Per case against its reference, or null when no case has one (then the table has no such column).</param>
    /// <param name="judged">Per case the judge's verdicts, or null without a judge (then the table has no such column).</param>
    private static CaseRowView CaseRow(
        CaseComparison c, string anchor, Dictionary<string, CaseReferenceResult>? references, Dictionary<string, JudgedCase>? judged)
    {
        CellView Pair(double? b, double? cand, Func<double?, string> format) =>
            new($"{format(b)} → {format(cand)}", Num.Raw(cand));
        var similarity = c.NoiseFloorSimilarity is { } floor
            ? $"{Num.Score(c.Similarity)} (A/A {Num.Score(floor)})"
            : Num.Score(c.Similarity);
        return new CaseRowView(
            c.CaseId,
            anchor,
            CaseText.Label(c.Label),
            CaseText.Class(c.Label),
            [
                Pair(c.Baseline.ComplianceRate, c.Candidate.ComplianceRate, Num.Percent),
                Pair(c.Baseline.CorrectnessRate, c.Candidate.CorrectnessRate, Num.Percent),
                Pair(c.Baseline.P50LatencyMs, c.Candidate.P50LatencyMs, Num.Ms),
                Pair(c.Baseline.P99LatencyMs, c.Candidate.P99LatencyMs, Num.Ms),
                Pair(c.Baseline.MeanOutputTokens, c.Candidate.MeanOutputTokens, Num.Tokens),
                new CellView($"{Num.Int(c.Baseline.Errors)} → {Num.Int(c.Candidate.Errors)}", Num.Int(c.Candidate.Errors)),
                new CellView(similarity, Num.Raw(c.Similarity)),
                .. references is null
                    ? Array.Empty<CellView>()
                    : [ReferenceCell(references.GetValueOrDefault(c.CaseId))],
                .. judged is null
                    ? Array.Empty<CellView>()
                    : [JudgeCell(judged.GetValueOrDefault(c.CaseId))],
            ],
            CaseText.Summary(c));
    }

    /// <summary>"0 / 1 / 2 (+66.7 pts)": wins / ties / losses and the net loss; "n/a" for a case the judge does not apply to. Sorted by the net loss.</summary>
    private static CellView JudgeCell(JudgedCase? j) =>
        j is null
            ? new CellView(Num.Missing, "")
            : new CellView($"{Num.Int(j.Wins)} / {Num.Int(j.Ties)} / {Num.Int(j.Losses)} ({Num.SignedPoints(j.NetLoss)})", Num.Raw(j.NetLoss));

    /// <summary>Sorted by the candidate's similarity to the reference, else its share of answers calling the reference's tools.</summary>
    private static CellView ReferenceCell(CaseReferenceResult? r) =>
        new(ReferenceText.Cell(r), Num.Raw(r?.CandidateSimilarity ?? r?.CandidateSameTool));

    private static ErrorsView Errors(ReportData data)
    {
        var b = data.Analysis.Baseline;
        var c = data.Analysis.Candidate;
        var kinds = b.ErrorsByKind.Keys.Union(c.ErrorsByKind.Keys).Order().ToList();
        var byKind = kinds
            .Select(k => new ErrorKindView(Names.Camel(k) + " (final)", Num.Int(b.ErrorsByKind.GetValueOrDefault(k)), Num.Int(c.ErrorsByKind.GetValueOrDefault(k))))
            .Append(new ErrorKindView("throttled calls (every try)", Num.Int(b.ThrottledCalls), Num.Int(c.ThrottledCalls)))
            .Append(new ErrorKindView("retried calls", Num.Int(b.RetriedCalls), Num.Int(c.RetriedCalls)))
            .ToImmutableArray();
        var failed = data.Attempts
            .Where(a => a.Record.Outcome != CallOutcome.Success)
            .OrderBy(a => a.Record.CaseId, StringComparer.Ordinal).ThenBy(a => a.Record.Arm)
            .ThenBy(a => a.Record.Sample).ThenBy(a => a.Record.Try)
            .ToList();
        var calls = failed.Take(MaxErrorCalls).Select(a => new ErrorCallView(
            a.Record.CaseId,
            Names.Camel(a.Record.Arm),
            Num.Int(a.Record.Sample + 1),
            Num.Int(a.Record.Try),
            a.Record.Final ? "no, final" : "yes",
            Names.Camel(a.Record.Outcome),
            a.Record.HttpStatus is { } s ? Num.Int(s) : "",
            a.Record.ErrorType ?? "",
            a.Record.ErrorMessage ?? "",
            Num.Ms(a.Record.ClientLatencyMs))).ToImmutableArray();
        var note = failed.Count > MaxErrorCalls
            ? $"The first {Num.Int(MaxErrorCalls)} of {Num.Int(failed.Count)} failed calls are listed; every call is in attempts.csv."
            : "";
        return new ErrorsView(failed.Count > 0 || kinds.Count > 0, byKind, calls, note);
    }
}
