using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>One arm of a CDF chart: its values and the percentiles the analysis computed for it.</summary>
internal sealed record CdfSeries(ChartSeries Series, double? P50, double? P99);

/// <summary>
/// An empirical cumulative distribution per arm, overlaid, with p50 and p99 marked. Each curve is drawn
/// from at most <see cref="MaxPoints"/> points (evenly spaced ranks), so a 20,000-answer run stays small.
/// </summary>
internal static class CdfChartBuilder
{
    public const int MaxPoints = 200;

    /// <returns>The chart, or null when no arm has a value.</returns>
    public static SvgChart? Build(string id, string title, string description, string xTitle, ImmutableArray<CdfSeries> arms)
    {
        var all = arms.SelectMany(a => a.Series.Values).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var canvas = new ChartCanvas();
        var x = LinearScale.Nice(Math.Min(0, all.Min()), all.Max(), 7, ChartCanvas.PlotLeft, ChartCanvas.PlotRight);
        var y = LinearScale.Nice(0, 1, 5, ChartCanvas.PlotBottom, ChartCanvas.PlotTop);
        canvas.AddAxes(x, Num.Plain, xTitle, y, v => (v * 100).ToString("0", CultureInfo.InvariantCulture) + "%", "answers at or below");

        var row = 0;
        foreach (var arm in arms.Where(a => !a.Series.Values.IsEmpty))
        {
            var sorted = arm.Series.Values.Sort();
            canvas.AddLine(Curve(sorted).Select(p => (x.Map(p.Value), y.Map(p.Fraction))), "line " + arm.Series.Class);
            AddPercentile(canvas, x, arm, arm.P50, "p50", row);
            AddPercentile(canvas, x, arm, arm.P99, "p99", row);
            row++;
        }

        canvas.AddLegend(arms.Select(a => a.Series));
        return canvas.Build(id, title, description);
    }

    private static void AddPercentile(ChartCanvas canvas, LinearScale x, CdfSeries arm, double? value, string label, int row)
    {
        if (value is not { } v)
        {
            return;
        }

        var px = x.Map(v);
        canvas.AddMarker(px, ChartCanvas.PlotTop + 8, px, ChartCanvas.PlotBottom, "marker " + arm.Series.Class);
        canvas.AddText(px + 3, ChartCanvas.PlotTop + 8 + (row * 11), label, "start", "marker-text " + arm.Series.Class);
    }

    /// <summary>The step curve: at each drawn rank r, a riser from (v[r], r/n) to (v[r], (r + 1)/n).</summary>
    private static IEnumerable<(double Value, double Fraction)> Curve(ImmutableArray<double> sorted)
    {
        var n = sorted.Length;
        var points = Math.Min(n, MaxPoints);
        var previous = -1;
        for (var j = 0; j < points; j++)
        {
            var rank = points == 1 ? 0 : (int)Math.Round(j * (n - 1) / (double)(points - 1));
            if (rank == previous)
            {
                continue;
            }

            previous = rank;
            yield return (sorted[rank], rank / (double)n);
            yield return (sorted[rank], (rank + 1) / (double)n);
        }
    }
}
