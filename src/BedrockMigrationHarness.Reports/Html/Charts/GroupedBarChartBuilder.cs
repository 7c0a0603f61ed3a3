using System.Collections.Immutable;
using System.Globalization;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>One group of bars: a category label and one value per arm (0..1 shares).</summary>
internal sealed record BarGroup(string Label, ImmutableArray<double> Shares, ImmutableArray<string> Tips);

/// <summary>Grouped bars of shares (0..100%): one group per category, one bar per arm.</summary>
internal static class GroupedBarChartBuilder
{
    /// <returns>The chart, or null when there is no group.</returns>
    public static SvgChart? Build(string id, string title, string description, string xTitle, ImmutableArray<ChartSeries> arms, ImmutableArray<BarGroup> groups)
    {
        if (groups.IsEmpty)
        {
            return null;
        }

        var canvas = new ChartCanvas();
        var y = LinearScale.Nice(0, 1, 5, ChartCanvas.PlotBottom, ChartCanvas.PlotTop);
        canvas.AddAxes(null, _ => "", xTitle, y, v => (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%", "share of answers");

        var band = (ChartCanvas.PlotRight - ChartCanvas.PlotLeft) / groups.Length;
        var barWidth = Math.Min(28, band * 0.8 / arms.Length);
        for (var g = 0; g < groups.Length; g++)
        {
            var center = ChartCanvas.PlotLeft + (band * (g + 0.5));
            var left = center - (barWidth * arms.Length / 2);
            for (var a = 0; a < arms.Length; a++)
            {
                var top = y.Map(groups[g].Shares[a]);
                canvas.AddBar(left + (a * barWidth) + 0.5, top, barWidth - 1, ChartCanvas.PlotBottom - top, "bar " + arms[a].Class, groups[g].Tips[a]);
            }

            canvas.AddText(center, ChartCanvas.PlotBottom + 16, groups[g].Label, "middle", "tick");
        }

        canvas.AddLegend(arms, LegendSwatch.Bar);
        return canvas.Build(id, title, description);
    }
}
