using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>A histogram per arm on shared bins: each bin holds one bar per arm, side by side.</summary>
internal static class HistogramChartBuilder
{
    private const int TargetBins = 14;

    /// <returns>The chart, or null when no arm has a value.</returns>
    public static SvgChart? Build(string id, string title, string description, string xTitle, string unit, ImmutableArray<ChartSeries> arms)
    {
        var all = arms.SelectMany(a => a.Values).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var binWidth = LinearScale.NiceStep((all.Max() - all.Min()) / TargetBins);
        var start = Math.Floor(all.Min() / binWidth) * binWidth;
        var binCount = Math.Max(1, (int)Math.Floor((all.Max() - start) / binWidth) + 1);
        var counts = arms.Select(a => Count(a.Values, start, binWidth, binCount)).ToList();

        var canvas = new ChartCanvas();
        var x = LinearScale.Nice(start, start + (binCount * binWidth), 7, ChartCanvas.PlotLeft, ChartCanvas.PlotRight);
        // A top of at least 4 with 5 ticks keeps the tick step at 1 or more: counts get whole-number labels.
        var y = LinearScale.Nice(0, Math.Max(4, counts.Max(c => c.Max())), 5, ChartCanvas.PlotBottom, ChartCanvas.PlotTop);
        canvas.AddAxes(x, Num.Plain, xTitle, y, Num.Plain, "answers");

        var slot = (x.Map(start + binWidth) - x.Map(start)) / arms.Length;
        for (var a = 0; a < arms.Length; a++)
        {
            for (var b = 0; b < binCount; b++)
            {
                var n = counts[a][b];
                if (n == 0)
                {
                    continue;
                }

                var from = start + (b * binWidth);
                var px = x.Map(from) + (a * slot);
                var top = y.Map(n);
                var tip = string.Create(CultureInfo.InvariantCulture,
                    $"{arms[a].Label}: {n} answers with {Num.Plain(from)}–{Num.Plain(from + binWidth)} {unit}");
                canvas.AddBar(px + 0.5, top, slot - 1, ChartCanvas.PlotBottom - top, "bar " + arms[a].Class, tip);
            }
        }

        canvas.AddLegend(arms, LegendSwatch.Bar);
        return canvas.Build(id, title, description);
    }

    private static int[] Count(ImmutableArray<double> values, double start, double width, int bins)
    {
        var counts = new int[bins];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)Math.Floor((v - start) / width), 0, bins - 1)]++;
        }

        return counts;
    }
}
