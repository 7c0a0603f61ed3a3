using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>The charts of report.html, from the final successful answers of both arms.</summary>
internal static class ChartSet
{
    public const string BaselineClass = "s-baseline";
    public const string CandidateClass = "s-candidate";

    public static ImmutableArray<SvgChart> Build(ReportData data)
    {
        var analysis = data.Analysis;
        var answers = data.Attempts.Where(a => a.Record.Final && a.Record.Outcome == CallOutcome.Success).ToList();
        ChartSeries Series(Arm arm, Func<CheckedAttempt, double?> value) => new(
            arm == Arm.Baseline ? "baseline" : "candidate",
            arm == Arm.Baseline ? BaselineClass : CandidateClass,
            [.. answers.Where(a => a.Record.Arm == arm).Select(value).OfType<double>()]);

        var batch = data.Header.Suite.Batch is not null;
        var charts = new List<SvgChart?>
        {
            // A batch run measures no latency (its records hold 0): the report says so in a sentence instead of a chart.
            batch ? null : CdfChartBuilder.Build(
                "chart-latency", "Latency of successful answers (CDF)",
                "Share of answers at or below each client latency, per arm; vertical lines mark p50 and p99.",
                "client latency (ms)",
                [
                    new CdfSeries(Series(Arm.Baseline, a => a.Record.ClientLatencyMs), analysis.Baseline.Latency.P50?.Value, analysis.Baseline.Latency.P99?.Value),
                    new CdfSeries(Series(Arm.Candidate, a => a.Record.ClientLatencyMs), analysis.Candidate.Latency.P50?.Value, analysis.Candidate.Latency.P99?.Value),
                ]),
            CdfChartBuilder.Build(
                "chart-ttft", "Time to first token (CDF)",
                "Share of streamed answers whose first token arrived at or before each time, per arm; vertical lines mark p50 and p99.",
                "time to first token (ms)",
                [
                    new CdfSeries(Series(Arm.Baseline, a => a.Record.TimeToFirstTokenMs), analysis.Baseline.TimeToFirstToken?.P50?.Value, analysis.Baseline.TimeToFirstToken?.P99?.Value),
                    new CdfSeries(Series(Arm.Candidate, a => a.Record.TimeToFirstTokenMs), analysis.Candidate.TimeToFirstToken?.P50?.Value, analysis.Candidate.TimeToFirstToken?.P99?.Value),
                ]),
            HistogramChartBuilder.Build(
                "chart-tokens", "Output tokens per answer",
                "How many answers used how many output tokens, per arm, on shared bins.",
                "output tokens", "tokens",
                [Series(Arm.Baseline, a => a.Record.OutputTokens), Series(Arm.Candidate, a => a.Record.OutputTokens)]),
            DeviationChart(analysis),
        };
        return [.. charts.OfType<SvgChart>()];
    }

    private static SvgChart? DeviationChart(RunAnalysis analysis)
    {
        var b = analysis.Baseline;
        var c = analysis.Candidate;
        if (b.Answered == 0 && c.Answered == 0)
        {
            return null;
        }

        static double Share(int count, int answered) => answered == 0 ? 0 : count / (double)answered;
        static string Tip(string arm, int count, int answered, string what) =>
            $"{arm}: {Num.Int(count)} of {Num.Int(answered)} answers {what}";

        var compliantB = (int)Math.Round(b.ComplianceRate.Value * b.Answered);
        var compliantC = (int)Math.Round(c.ComplianceRate.Value * c.Answered);
        var groups = new List<BarGroup>
        {
            new("compliant", [Share(compliantB, b.Answered), Share(compliantC, c.Answered)],
                [Tip("baseline", compliantB, b.Answered, "compliant"), Tip("candidate", compliantC, c.Answered, "compliant")]),
        };
        foreach (var kind in b.Deviations.Keys.Union(c.Deviations.Keys).Order())
        {
            var nb = b.Deviations.GetValueOrDefault(kind);
            var nc = c.Deviations.GetValueOrDefault(kind);
            var label = Label(kind);
            groups.Add(new BarGroup(label, [Share(nb, b.Answered), Share(nc, c.Answered)],
                [Tip("baseline", nb, b.Answered, label), Tip("candidate", nc, c.Answered, label)]));
        }

        return GroupedBarChartBuilder.Build(
            "chart-deviations", "Format compliance by deviation kind",
            "Share of answers that are compliant, and that show each kind of format deviation, per arm (an answer can show several).",
            "deviation kind",
            [new ChartSeries("baseline", BaselineClass, []), new ChartSeries("candidate", CandidateClass, [])],
            [.. groups]);
    }

    /// <summary>Short words for the chart's category axis.</summary>
    public static string Label(FormatDeviation kind) => kind switch
    {
        FormatDeviation.Fenced => "fenced",
        FormatDeviation.ProseWrapped => "prose-wrapped",
        FormatDeviation.NotJson => "not JSON",
        FormatDeviation.MissingRequired => "missing field",
        FormatDeviation.WrongType => "wrong type",
        FormatDeviation.ExtraProperty => "extra field",
        FormatDeviation.EnumViolation => "not in enum",
        FormatDeviation.OtherSchemaViolation => "other schema",
        _ => Names.Camel(kind),
    };
}
