using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;

namespace BedrockMigrationHarness.Reports.Markdown;

/// <summary>
/// Writes <c>summary.md</c>: a short Markdown summary for a pull-request comment or <c>$GITHUB_STEP_SUMMARY</c>:
/// the verdict in words, its reasons, the gates and the worst regressions. Every piece of data is escaped.
/// </summary>
internal sealed class SummaryMarkdownWriter : IReportWriter
{
    /// <summary>How many regressed or worse cases the summary lists; the rest are in report.html.</summary>
    public const int TopRegressions = 10;

    public string FileName => "summary.md";

    public void Write(RunComparison run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        writer.Write(run.Several ? RenderComparison(run) : Render(run.Candidates[0]));
    }

    /// <summary>
    /// Several candidates: the comparison table and what the run says first, then each candidate's summary (as a
    /// one-candidate run's), best-ranked first.
    /// </summary>
    private static string RenderComparison(RunComparison run)
    {
        var first = run.Candidates[0].Analysis.Run;
        var md = new StringBuilder();
        md.Append("## Bedrock migration: ").Append(Num.Int(run.Candidates.Length)).Append(" candidates against ").Append(E(first.BaselineModelId)).Append("\n\n");
        md.Append("**").Append(E(ComparisonText.Outcome(run))).Append("**\n\n");
        md.Append("| ").Append(string.Join(" | ", ComparisonText.Headers)).Append(" |\n");
        md.Append("| ").Append(string.Join(" | ", ComparisonText.Headers.Select((_, i) => ComparisonText.IsNumeric(i) ? "---:" : "---"))).Append(" |\n");
        foreach (var index in run.Ranking)
        {
            var cells = ComparisonText.Cells(run, index);
            md.Append("| ").Append(string.Join(" | ", cells.Select((c, i) => i == 2 ? $"**{E(c)}**" : E(c)))).Append(" |\n");
        }

        md.Append("| ").Append(string.Join(" | ", ComparisonText.BaselineCells(run).Select(c => $"_{E(c)}_").Select(c => c == "__" ? "" : c))).Append(" |\n");

        md.Append('\n').Append(E(ComparisonText.SelectionCaveat(run.Candidates.Length))).Append('\n');
        if (run.RunSpend is { } spend)
        {
            md.Append("\nThis run cost ").Append(E(Num.Usd(spend))).Append(" over every arm (each call counted once; the judge's calls apart).\n");
        }

        foreach (var index in run.Ranking)
        {
            md.Append("\n---\n\n### ").Append(E(ComparisonText.Label(index))).Append(": ").Append(E(run.Candidates[index].Analysis.Candidate.ModelId)).Append("\n\n");
            md.Append(Render(run.Candidates[index]));
        }

        return md.ToString();
    }

    private static string Render(ReportData data)
    {
        var analysis = data.Analysis;
        var run = analysis.Run;
        var md = new StringBuilder();
        md.Append("## Bedrock migration verdict: **").Append(VerdictText.Of(analysis.Verdict.Verdict)).Append("**\n\n");
        md.Append("Baseline ").Append(E(run.BaselineModelId)).Append(" → candidate ").Append(E(run.CandidateModelId))
            .Append(" · suite ").Append(E(run.SuiteName))
            .Append(" · ").Append(RunText.Size(analysis))
            .Append(" · ").Append(Num.Utc(run.StartedAt))
            .Append(" · run ").Append(E(RunText.Status(run))).Append("\n\n");

        md.Append("**Answers** (baseline → candidate) · ").Append(E(RunText.Qualities(analysis))).Append("\n\n");

        if (analysis.Judge is { } judge)
        {
            md.Append("**").Append(JudgeText.Title).Append("** · ").Append(E(JudgeText.Line(judge))).Append("\n\n");
        }

        if (analysis.Lifecycle is { } lifecycle)
        {
            md.Append("**Lifecycle** · baseline: ").Append(E(LifecycleText.Of(lifecycle.Baseline)))
                .Append(" · deadline: ").Append(E(LifecycleText.Deadline(lifecycle.Baseline)))
                .Append(" · candidate: ").Append(E(LifecycleText.Of(lifecycle.Candidate))).Append("\n\n");
        }

        if (analysis.Cost is { } cost)
        {
            md.Append("**Cost** · ").Append(E(Num.Usd(cost.Baseline.Monthly.Value))).Append(" → ").Append(E(Num.Usd(cost.Candidate.Monthly.Value)))
                .Append(" per month at ").Append(Num.Count(cost.RequestsPerMonth)).Append(" requests: ")
                .Append(E(CostText.MonthlyDelta(cost, RunText.Confidence(run))))
                .Append(" · ").Append(E(CostText.NotMigrating(cost)))
                .Append(" · this run cost ").Append(E(CostText.RunSpend(cost, analysis.Judge)))
                .Append(" · ").Append(E(CostText.Provenance(cost))).Append("\n\n");
        }

        if (data.Header.Suite.Batch is { } batch)
        {
            md.Append("**Batch inference** · ").Append(E(batch.Location)).Append(" · ").Append(E(BatchText.LatencyNotMeasured)).Append("\n\n");
            foreach (var job in BatchText.Jobs(data.BatchJobs))
            {
                md.Append("- ").Append(E(job)).Append('\n');
            }

            md.Append('\n');
        }

        if (!analysis.Verdict.Reasons.IsEmpty)
        {
            md.Append("**Why**\n\n");
            foreach (var reason in analysis.Verdict.Reasons)
            {
                md.Append("- ").Append(E(reason)).Append('\n');
            }

            md.Append('\n');
        }

        if (analysis.Adaptive is { } adaptive)
        {
            Adaptive(md, adaptive);
        }

        if (!analysis.Compatibility.IsEmpty)
        {
            md.Append("**").Append(RequestText.FindingsTitle).Append("**\n\n");
            foreach (var finding in analysis.Compatibility)
            {
                md.Append("- ").Append(E(RequestText.Finding(finding))).Append(" Cases: ").Append(E(RequestText.FindingCases(finding))).Append('\n');
            }

            md.Append('\n');
        }

        md.Append("**").Append(RequestText.DifferencesTitle).Append("**");
        if (analysis.Requests.Any)
        {
            md.Append("\n\n");
            foreach (var line in RequestText.DescribeAll(analysis.Requests))
            {
                md.Append("- ").Append(E(line)).Append('\n');
            }

            md.Append('\n');
        }
        else
        {
            md.Append(" · ").Append(RequestText.NoDifference).Append("\n\n");
        }

        md.Append("| Gate | Severity | Baseline | Candidate | Delta | Interval (").Append(RunText.GateIntervalLevel(analysis)).Append(") | Allowed | State |\n");
        md.Append("| --- | --- | ---: | ---: | ---: | --- | --- | --- |\n");
        foreach (var g in analysis.Gates)
        {
            var state = VerdictText.Of(g.State) + (g.SamplesNeeded is { } n && g.State == GateState.Inconclusive ? $" (about {Num.Int(n)} samples/case would decide)" : "");
            md.Append("| ").Append(E(g.Name))
                .Append(" | ").Append(GateFormat.Severity(g.Spec.Severity))
                .Append(" | ").Append(E(GateFormat.Baseline(g)))
                .Append(" | ").Append(E(GateFormat.Candidate(g)))
                .Append(" | ").Append(E(GateFormat.Delta(g)))
                .Append(" | ").Append(E(GateFormat.Interval(g)))
                .Append(" | ").Append(E(GateFormat.Margin(g.Spec)))
                .Append(" | **").Append(state).Append("** |\n");
        }

        if (analysis.Reference is { } reference)
        {
            md.Append("\n**").Append(ReferenceText.Title(reference)).Append("** · ").Append(ReferenceText.Informational).Append("\n\n");
            md.Append("| Figure | Production | Baseline | Candidate | Candidate − baseline | Cases |\n");
            md.Append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (var row in ReferenceText.Rows(reference, RunText.Confidence(run)))
            {
                md.Append("| ").Append(E(row.Figure)).Append(" | ").Append(E(row.Production)).Append(" | ").Append(E(row.Baseline))
                    .Append(" | ").Append(E(row.Candidate)).Append(" | ").Append(E(row.Difference)).Append(" | ").Append(row.Cases).Append(" |\n");
            }

            foreach (var finding in ReferenceText.Findings(reference))
            {
                md.Append("\n").Append(E(finding)).Append('\n');
            }
        }

        // The analysis already orders the cases: regressed, then worse, worst first within each.
        var labelled = analysis.Cases.Where(c => c.Label != CaseLabel.UnchangedOrBetter).ToList();
        md.Append('\n');
        if (labelled.Count == 0)
        {
            md.Append("No case regressed or got worse.\n");
        }
        else
        {
            int regressed = labelled.Count(c => c.Label == CaseLabel.Regressed);
            md.Append("### Top regressions: ").Append(Num.Int(regressed)).Append(" regressed, ")
                .Append(Num.Int(labelled.Count - regressed)).Append(" worse (").Append(Num.Int(Math.Min(labelled.Count, TopRegressions)))
                .Append(" shown)\n\n");
            md.Append("| Case | Label | What changed |\n| --- | --- | --- |\n");
            foreach (var c in labelled.Take(TopRegressions))
            {
                md.Append("| ").Append(E(c.CaseId)).Append(" | **").Append(CaseText.Label(c.Label)).Append("** | ").Append(E(CaseText.Summary(c))).Append(" |\n");
            }
        }

        md.Append("\nFull report: report.html · every attempt: attempts.csv · machine-readable: summary.json\n");
        return md.ToString();
    }

    /// <summary>The adaptive run's course and stop reason, and a table of its looks with each blocking gate's state.</summary>
    private static void Adaptive(StringBuilder md, AdaptiveSummary adaptive)
    {
        md.Append("**").Append(AdaptiveText.Title).Append("** · ").Append(E(AdaptiveText.Summary(adaptive)))
            .Append(" · ").Append(E(adaptive.StopReason)).Append("\n\n");
        if (adaptive.Looks.IsEmpty)
        {
            return;
        }

        var gates = adaptive.Looks.SelectMany(l => l.Gates).DistinctBy(g => g.Kind).ToList();
        md.Append("| Look | Samples per case | Intervals (FAIL / PASS) | Calls | Spend |");
        foreach (var gate in gates)
        {
            md.Append(' ').Append(E(gate.Name)).Append(" |");
        }

        md.Append(" Then |\n| ---: | ---: | --- | ---: | ---: |").Append(string.Concat(gates.Select(_ => " --- |"))).Append(" --- |\n");
        foreach (var look in adaptive.Looks)
        {
            md.Append("| ").Append(Num.Int(look.Index)).Append(" | ").Append(Num.Int(look.SamplesPerCase))
                .Append(" | ").Append(AdaptiveText.Levels(look)).Append(" | ").Append(Num.Count(look.ModelCalls))
                .Append(" | ").Append(E(Num.Usd(look.SpendUsd))).Append(" |");
            foreach (var gate in gates)
            {
                md.Append(' ').Append(look.Gates.FirstOrDefault(g => g.Kind == gate.Kind) is { } g
                    ? $"{AdaptiveText.State(g.State)} {E(GateFormat.Estimate(g.Kind, g.Estimate))}"
                    : Num.Missing).Append(" |");
            }

            md.Append(' ').Append(E(AdaptiveText.After(look, adaptive.Settings))).Append(" |\n");
        }

        md.Append('\n');
    }

    private static string E(string text) => MarkdownText.Escape(text);
}
