using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>
/// The shared frame of every chart: plot area, axes with ticks and titles, and a legend. Chart builders
/// add their marks in data coordinates through the scales and call <see cref="Build"/>.
/// </summary>
internal sealed class ChartCanvas
{
    public const double Width = 600;
    public const double Height = 270;
    private const double Left = 58;
    private const double Right = 22;
    /// <summary>Room above the plot for the legend (y 14) and a row of labels (<see cref="LabelBaseline"/>) over the curves' top.</summary>
    private const double Top = 48;
    private const double Bottom = 46;

    private readonly ImmutableArray<SvgLine>.Builder grid = ImmutableArray.CreateBuilder<SvgLine>();
    private readonly ImmutableArray<SvgRect>.Builder bars = ImmutableArray.CreateBuilder<SvgRect>();
    private readonly ImmutableArray<SvgPolyline>.Builder lines = ImmutableArray.CreateBuilder<SvgPolyline>();
    private readonly ImmutableArray<SvgLine>.Builder markers = ImmutableArray.CreateBuilder<SvgLine>();
    private readonly ImmutableArray<SvgCircle>.Builder dots = ImmutableArray.CreateBuilder<SvgCircle>();
    private readonly ImmutableArray<SvgText>.Builder texts = ImmutableArray.CreateBuilder<SvgText>();

    public static double PlotLeft => Left;

    public static double PlotRight => Width - Right;

    public static double PlotTop => Top;

    public static double PlotBottom => Height - Bottom;

    /// <summary>The baseline of the row of labels between the legend and the plot: nothing plotted reaches it.</summary>
    public static double LabelBaseline => PlotTop - 11;

    /// <summary>
    /// A generous width of <paramref name="text"/> in the charts' units: 0.62 em per character at the largest font
    /// size the report gives legend and label text (15, in a row of three charts), so texts spaced by it do not touch.
    /// </summary>
    public static double TextWidth(string text) => text.Length * 15 * 0.62;

    /// <summary>Horizontal grid lines and labels for the y ticks, tick labels on x, both axis titles.</summary>
    public void AddAxes(LinearScale? x, Func<double, string> xLabel, string xTitle, LinearScale y, Func<double, string> yLabel, string yTitle)
    {
        foreach (var t in y.Ticks)
        {
            var py = y.Map(t);
            grid.Add(new SvgLine(Num(PlotLeft), Num(py), Num(PlotRight), Num(py), "grid"));
            texts.Add(new SvgText(Num(PlotLeft - 6), Num(py + 4), yLabel(t), "end", "tick"));
        }

        if (x is not null)
        {
            foreach (var t in x.Ticks)
            {
                var px = x.Map(t);
                grid.Add(new SvgLine(Num(px), Num(PlotBottom), Num(px), Num(PlotBottom + 4), "axis"));
                texts.Add(new SvgText(Num(px), Num(PlotBottom + 16), xLabel(t), "middle", "tick"));
            }
        }

        grid.Add(new SvgLine(Num(PlotLeft), Num(PlotBottom), Num(PlotRight), Num(PlotBottom), "axis"));
        grid.Add(new SvgLine(Num(PlotLeft), Num(PlotTop), Num(PlotLeft), Num(PlotBottom), "axis"));
        texts.Add(new SvgText(Num((PlotLeft + PlotRight) / 2), Num(Height - 8), xTitle, "middle", "axis-title"));
        texts.Add(new SvgText(Num(14), Num((PlotTop + PlotBottom) / 2), yTitle, "middle", "axis-title", "-90"));
    }

    /// <summary>
    /// A legend in the top-right corner: a swatch per series and its label. The swatch is drawn as the series is: a
    /// stroke for curves, a small bar (with the bar's fill, pattern and outline) for bar charts.
    /// </summary>
    public void AddLegend(IEnumerable<ChartSeries> series, LegendSwatch swatch)
    {
        var x = PlotRight;
        foreach (var s in series.Reverse())
        {
            var width = 20 + TextWidth(s.Label);
            x -= width;
            if (swatch == LegendSwatch.Bar)
            {
                bars.Add(new SvgRect(Num(x + 2), Num(8), Num(12), Num(11), "bar legend-bar " + s.Class, s.Label));
            }
            else
            {
                markers.Add(new SvgLine(Num(x), Num(14), Num(x + 16), Num(14), "legend " + s.Class));
            }

            texts.Add(new SvgText(Num(x + 20), Num(18), s.Label, "start", "legend-text"));
            x -= 10;
        }
    }

    public void AddBar(double x, double y, double width, double height, string cssClass, string tip) =>
        bars.Add(new SvgRect(Num(x), Num(y), Num(Math.Max(0, width)), Num(Math.Max(0, height)), cssClass, tip));

    public void AddLine(IEnumerable<(double X, double Y)> points, string cssClass) =>
        lines.Add(new SvgPolyline(string.Join(' ', points.Select(p => Num(p.X) + " " + Num(p.Y))), cssClass));

    public void AddMarker(double x1, double y1, double x2, double y2, string cssClass) =>
        markers.Add(new SvgLine(Num(x1), Num(y1), Num(x2), Num(y2), cssClass));

    public void AddDot(double x, double y, double radius, string cssClass, string tip) =>
        dots.Add(new SvgCircle(Num(x), Num(y), Num(radius), cssClass, tip));

    public void AddText(double x, double y, string text, string anchor, string cssClass) =>
        texts.Add(new SvgText(Num(x), Num(y), text, anchor, cssClass));

    public SvgChart Build(string id, string title, string description) => new(
        id, title, description, Num(Width), Num(Height),
        grid.ToImmutable(), bars.ToImmutable(), lines.ToImmutable(), markers.ToImmutable(), dots.ToImmutable(), texts.ToImmutable());

    private static string Num(double value) => BedrockMigrationHarness.Formatting.Num.Coord(value);
}

/// <summary>How a legend draws a series' swatch: as the chart draws the series.</summary>
internal enum LegendSwatch
{
    Line,
    Bar,
}
