using BedrockMigrationHarness.Reports.Html.Charts;

namespace BedrockMigrationHarness.Tests.Reports.Html.Charts;

[TestFixture]
public sealed class HistogramChartBuilderTests
{
    [Test]
    public void Build_Legend_UsesBarSwatchesWithTheBarsClasses()
    {
        var chart = HistogramChartBuilder.Build("chart-tokens", "Output tokens", "bins", "output tokens", "tokens",
        [
            new ChartSeries("baseline", ChartSet.BaselineClass, [100, 120, 120, 140]),
            new ChartSeries("candidate", ChartSet.CandidateClass, [130, 150, 170, 170]),
        ])!;

        var swatches = chart.Bars.Where(b => b.Class.Contains("legend-bar", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(swatches.Select(s => s.Class), Is.EquivalentTo(new[] { "bar legend-bar " + ChartSet.BaselineClass, "bar legend-bar " + ChartSet.CandidateClass }),
                "each swatch is a bar of its arm: same fill, pattern and outline as the arm's bars");
            Assert.That(chart.Markers.Where(m => m.Class.StartsWith("legend", StringComparison.Ordinal)), Is.Empty, "no line swatch for bars");
        });
    }
}
