using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Reports.Html.Charts;

/// <summary>
/// One blocking gate of an adaptive run over its looks: at each look's samples per case, a bar for the interval at the
/// look's FAIL level, a thinner bar inside it for the interval at its PASS level, a dot at the estimate; a dashed line at
/// the limit, the regression side shaded. The bars narrow look by look until one lies wholly on a side of the limit.
/// </summary>
internal static class LookChartBuilder
{
    /// <summary>The widest a look's bar is drawn; looks close together get narrower bars, so no two touch.</summary>
    private const double MaxBarWidth = 16;

    /// <returns>The chart, or null when the gate has no interval and no estimate at any look.</returns>
    public static SvgChart? Build(string id, GateKind kind, ImmutableArray<LookSummary> looks)
    {
        var points = looks
            .Select(l => (Look: l, Gate: l.Gates.FirstOrDefault(g => g.Kind == kind)))
            .Where(p => p.Gate is not null)
            .Select(p => (p.Look, Gate: p.Gate!))
            .ToList();
        var values = points.SelectMany(p => Values(p.Gate)).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        var gate = points[^1].Gate;
        var scale = GateScales.Of(kind);
        var canvas = new ChartCanvas();
        // Room right of the last look, so its bar stands inside the plot.
        var x = LinearScale.Nice(0, points.Max(p => p.Look.SamplesPerCase) * 1.08, 6, ChartCanvas.PlotLeft, ChartCanvas.PlotRight);
        var y = LinearScale.Nice(values.Append(gate.Limit).Min(), values.Append(gate.Limit).Max(), 5, ChartCanvas.PlotBottom, ChartCanvas.PlotTop);
        canvas.AddAxes(x, Num.Plain, "samples per case", y, v => Tick(scale, v), AxisTitle(scale));

        // The regression side first, so every mark is drawn over it.
        var limit = y.Map(gate.Limit);
        var (zoneTop, zoneBottom) = gate.HigherIsWorse ? (ChartCanvas.PlotTop, limit) : (limit, ChartCanvas.PlotBottom);
        canvas.AddBar(ChartCanvas.PlotLeft, zoneTop, ChartCanvas.PlotRight - ChartCanvas.PlotLeft, zoneBottom - zoneTop, "zone-regression",
            $"a regression: {(gate.HigherIsWorse ? "above" : "below")} the limit {GateFormat.Estimate(kind, gate.Limit)}");

        var width = BarWidth([.. points.Select(p => x.Map(p.Look.SamplesPerCase))]);
        var estimates = new List<(double X, double Y)>();
        foreach (var (look, g) in points)
        {
            var px = x.Map(look.SamplesPerCase);
            var state = StateClass(g.State);
            var tip = Tip(kind, look, g);
            if (g.FailInterval is { } fail)
            {
                canvas.AddBar(px - (width / 2), y.Map(fail.Upper), width, y.Map(fail.Lower) - y.Map(fail.Upper), "iv " + state, tip);
            }

            if (g.PassInterval is { } pass)
            {
                canvas.AddBar(px - (width / 6), y.Map(pass.Upper), width / 3, y.Map(pass.Lower) - y.Map(pass.Upper), "iv-pass-level " + state, tip);
            }

            if (g.Estimate is { } estimate)
            {
                estimates.Add((px, y.Map(estimate)));
                canvas.AddDot(px, y.Map(estimate), 3.5, "est", tip);
            }
        }

        if (estimates.Count > 1)
        {
            canvas.AddLine(estimates, "est-line");
        }

        // The limit's label stands in the legend row, top left, where no bar can reach it.
        canvas.AddMarker(ChartCanvas.PlotLeft, limit, ChartCanvas.PlotRight, limit, "limit");
        canvas.AddMarker(ChartCanvas.PlotLeft, 14, ChartCanvas.PlotLeft + 16, 14, "limit");
        canvas.AddText(ChartCanvas.PlotLeft + 20, 18, "limit " + GateFormat.Estimate(kind, gate.Limit), "start", "legend-text");
        canvas.AddLegend(
            Enum.GetValues<LookGateState>()
                .Where(s => points.Any(p => p.Gate.State == s))
                .Select(s => new ChartSeries(AdaptiveText.State(s).ToLowerInvariant(), StateClass(s), [])),
            LegendSwatch.Bar);
        return canvas.Build(
            id,
            $"{gate.Name}, look by look",
            $"Per look: wide bar, the interval at its FAIL level; thin bar, at its PASS level; dot, the estimate. Dashed line: the limit " +
            $"({GateFormat.Estimate(kind, gate.Limit)}); shaded: a regression. FAIL when a wide bar lies wholly in the shade, PASS when a thin bar lies wholly outside it.");
    }

    /// <summary>The CSS class of a state's bars and legend swatch.</summary>
    public static string StateClass(LookGateState state) => state switch
    {
        LookGateState.Pass => "iv-pass",
        LookGateState.Fail => "iv-fail",
        _ => "iv-undecided",
    };

    private static IEnumerable<double> Values(LookGateSummary gate)
    {
        foreach (var interval in new[] { gate.FailInterval, gate.PassInterval })
        {
            if (interval is { } i)
            {
                yield return i.Lower;
                yield return i.Upper;
            }
        }

        if (gate.Estimate is { } e)
        {
            yield return e;
        }
    }

    /// <summary>At most <see cref="MaxBarWidth"/>, and at most 60% of the closest two looks' distance.</summary>
    private static double BarWidth(ImmutableArray<double> xs)
    {
        var sorted = xs.Distinct().Order().ToList();
        var gap = sorted.Zip(sorted.Skip(1), static (a, b) => b - a).DefaultIfEmpty(double.MaxValue).Min();
        return Math.Max(3, Math.Min(MaxBarWidth, gap * 0.6));
    }

    private static string Tip(GateKind kind, LookSummary look, LookGateSummary gate) =>
        $"look {Num.Int(look.Index)}, {Num.Count(look.SamplesPerCase, "sample", "samples")} per case: {AdaptiveText.State(gate.State)}; " +
        $"estimate {GateFormat.Estimate(kind, gate.Estimate)}; {AdaptiveText.Level(look.FailLevel)} interval {GateFormat.Interval(kind, gate.FailInterval)}; " +
        $"{AdaptiveText.Level(look.PassLevel)} interval {GateFormat.Interval(kind, gate.PassInterval)}";

    /// <summary>
    /// Tick labels in the gate's unit: "98%" for rates, "+20%" for relative changes, "-2" for differences of rates (the
    /// axis title says "pts": a unit on every tick would run into it).
    /// </summary>
    private static string Tick(GateScale scale, double value)
    {
        var hundred = value * 100;
        var sign = scale != GateScale.Rate && hundred > 0 ? "+" : "";
        return sign + Num.Decimal(hundred, "0.##") + (scale == GateScale.Points ? "" : "%");
    }

    private static string AxisTitle(GateScale scale) => scale switch
    {
        GateScale.Rate => "candidate's rate",
        GateScale.Points => "candidate − baseline (pts)",
        _ => "change vs baseline",
    };
}
