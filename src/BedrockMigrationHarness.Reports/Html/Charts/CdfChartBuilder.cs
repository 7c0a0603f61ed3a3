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

        var labels = new List<(double X, string Text, string Class)>();
        foreach (var arm in arms.Where(a => !a.Series.Values.IsEmpty))
        {
            var sorted = arm.Series.Values.Sort();
            canvas.AddLine(Curve(sorted).Select(p => (x.Map(p.Value), y.Map(p.Fraction))), "line " + arm.Series.Class);
            foreach (var (value, label) in new[] { (arm.P50, "p50"), (arm.P99, "p99") })
            {
                if (value is { } v)
                {
                    labels.Add((x.Map(v), label, arm.Series.Class));
                }
            }
        }

        AddPercentiles(canvas, labels);
        canvas.AddLegend(arms.Select(a => a.Series), LegendSwatch.Line);
        return canvas.Build(id, title, description);
    }

    /// <summary>
    /// Each percentile: a dashed line down the plot, and its label on the row above the plot, where no curve reaches.
    /// Labels that would overlap (two arms' p50 a few milliseconds apart) move sideways, each tied to its line by a leader.
    /// </summary>
    private static void AddPercentiles(ChartCanvas canvas, List<(double X, string Text, string Class)> labels)
    {
        var centres = LabelRow.Place([.. labels.Select(l => (l.X, ChartCanvas.TextWidth(l.Text)))], ChartCanvas.PlotLeft, ChartCanvas.Width - 2);
        for (var i = 0; i < labels.Count; i++)
        {
            var (px, text, cssClass) = labels[i];
            canvas.AddMarker(px, ChartCanvas.PlotTop, px, ChartCanvas.PlotBottom, "marker " + cssClass);
            canvas.AddMarker(centres[i], ChartCanvas.LabelBaseline + 3, px, ChartCanvas.PlotTop, "marker leader " + cssClass);
            canvas.AddText(centres[i], ChartCanvas.LabelBaseline, text, "middle", "marker-text " + cssClass);
        }
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
