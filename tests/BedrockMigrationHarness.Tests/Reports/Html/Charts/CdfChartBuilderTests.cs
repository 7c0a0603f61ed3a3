using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Reports.Html.Charts;

namespace BedrockMigrationHarness.Tests.Reports.Html.Charts;

[TestFixture]
public sealed class CdfChartBuilderTests
{
    /// <summary>The support-tickets example's latencies: p50 644 and 614 ms, p99 1397 and 1588 ms, on a 0–3000 ms axis.</summary>
    private static SvgChart ExampleChart(double baselineP50 = 644, double candidateP50 = 614)
    {
        ImmutableArray<double> Values(double low, double high) => [.. Enumerable.Range(0, 100).Select(i => low + ((high - low) * i / 99.0))];
        return CdfChartBuilder.Build("chart-latency", "Latency", "CDF", "client latency (ms)",
        [
            new CdfSeries(new ChartSeries("baseline", ChartSet.BaselineClass, Values(250, 2900)), baselineP50, 1397),
            new CdfSeries(new ChartSeries("candidate", ChartSet.CandidateClass, Values(100, 2950)), candidateP50, 1588),
        ])!;
    }

    private static double Coord(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static List<SvgText> PercentileLabels(SvgChart chart) => [.. chart.Texts.Where(t => t.Class.StartsWith("marker-text", StringComparison.Ordinal))];

    [TestCase(644, 614, TestName = "Build_TwoArmsP50ThirtyMillisecondsApart_LabelsDoNotOverlap")]
    [TestCase(620, 620, TestName = "Build_TwoArmsSameP50_LabelsDoNotOverlap")]
    public void Build_CloseP50s_LabelsDoNotOverlap(double baselineP50, double candidateP50)
    {
        var labels = PercentileLabels(ExampleChart(baselineP50, candidateP50));

        Assert.That(labels, Has.Count.EqualTo(4));
        var boxes = labels.Select(l => (Left: Coord(l.X) - (ChartCanvas.TextWidth(l.Text) / 2), Right: Coord(l.X) + (ChartCanvas.TextWidth(l.Text) / 2)))
            .OrderBy(b => b.Left).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(labels.Select(l => l.Anchor), Is.All.EqualTo("middle"), "the boxes below assume centred labels");
            for (var i = 1; i < boxes.Count; i++)
            {
                Assert.That(boxes[i].Left, Is.GreaterThanOrEqualTo(boxes[i - 1].Right), $"label {i} overlaps label {i - 1}");
            }

            Assert.That(boxes[^1].Right, Is.LessThanOrEqualTo(ChartCanvas.Width), "the last label stays inside the chart");
        });
    }

    [Test]
    public void Build_PercentileLabels_StandAboveThePlotWhereNoCurveIsDrawn()
    {
        var chart = ExampleChart();

        var curveTop = chart.Lines.SelectMany(l => l.Points.Split(' ').Where((_, i) => i % 2 == 1)).Select(Coord).Min();

        Assert.Multiple(() =>
        {
            Assert.That(curveTop, Is.EqualTo(ChartCanvas.PlotTop).Within(0.01), "the curves reach 100% at the plot's top");
            // A label's glyphs sit above its baseline: a baseline above the plot's top keeps the text off every curve.
            Assert.That(PercentileLabels(chart).Select(l => Coord(l.Y)), Is.All.LessThan(ChartCanvas.PlotTop - 6));
            Assert.That(chart.Markers.Where(m => m.Class.StartsWith("marker ", StringComparison.Ordinal)).Select(m => Math.Min(Coord(m.Y1), Coord(m.Y2))),
                Is.All.GreaterThan(ChartCanvas.LabelBaseline), "no percentile line crosses the label row");
        });
    }

    [Test]
    public void Build_Legend_DrawsCurvesAsStrokes()
    {
        var chart = ExampleChart();

        Assert.Multiple(() =>
        {
            Assert.That(chart.Markers.Count(m => m.Class.StartsWith("legend ", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(chart.Bars, Is.Empty);
        });
    }
}
