using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports.Html.Charts;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports.Html.Charts;

[TestFixture]
public sealed class LookChartBuilderTests
{
    private static readonly ImmutableArray<LookSummary> Looks = ReportFixtures.WithAdaptive().Analysis.Adaptive!.Looks;

    private static double Coord(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    [Test]
    public void Build_IntervalsNarrowing_EachBarSpansItsIntervalOnTheScale()
    {
        var chart = LookChartBuilder.Build("c", GateKind.ComplianceDrop, Looks)!;

        var wide = chart.Bars.Where(b => b.Class.StartsWith("iv ", StringComparison.Ordinal)).Select(b => Coord(b.Height)).ToList();
        var thin = chart.Bars.Where(b => b.Class.StartsWith("iv-pass-level ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            // FAIL-level widths 26, 17 and 11 points: each bar shorter than the one before it.
            Assert.That(wide, Is.Ordered.Descending);
            Assert.That(wide[0] / wide[2], Is.EqualTo(26 / 11.0).Within(0.05));
            Assert.That(thin.Select(b => Coord(b.Width)), Is.All.LessThan(chart.Bars.Where(b => b.Class.StartsWith("iv ", StringComparison.Ordinal)).Min(b => Coord(b.Width))));
            Assert.That(chart.Bars.Single(b => b.Class == "zone-regression").Tip, Is.EqualTo("a regression: below the limit -1.0 pts"));
        });
    }

    [Test]
    public void Build_LooksCloseTogether_BarsDoNotTouch()
    {
        // 1.25× rounds from 40 to 100: 40, 50, 63, 79, 99 samples per case.
        var looks = ImmutableArray.CreateRange(new[] { 40, 50, 63, 79, 99 }.Select((n, i) => Looks[0] with { Index = i + 1, SamplesPerCase = n }));

        var bars = LookChartBuilder.Build("c", GateKind.ComplianceDrop, looks)!.Bars
            .Where(b => b.Class.StartsWith("iv ", StringComparison.Ordinal))
            .Select(b => (Left: Coord(b.X), Right: Coord(b.X) + Coord(b.Width)))
            .OrderBy(b => b.Left).ToList();

        Assert.That(bars.Zip(bars.Skip(1), (a, b) => b.Left - a.Right), Is.All.GreaterThan(0));
    }

    [Test]
    public void Build_GateWithoutDataAtAnyLook_IsNoChart()
    {
        var empty = Looks.Select(l => l with { Gates = [.. l.Gates.Select(g => g with { Estimate = null, FailInterval = null, PassInterval = null })] });

        Assert.That(LookChartBuilder.Build("c", GateKind.ComplianceDrop, [.. empty]), Is.Null);
    }

    [Test]
    public void Build_RateFloor_TicksInPercentAndRegressionBelow()
    {
        var floor = new LookGateSummary(GateKind.ComplianceFloor, "format compliance floor", "rate", LookGateState.Undecided, 0.97, 0.98, false,
            new Interval(0.93, 0.99), new Interval(0.95, 0.985));

        var chart = LookChartBuilder.Build("c", GateKind.ComplianceFloor, [Looks[0] with { Gates = [floor] }])!;

        var ticks = chart.Texts.Where(t => t.Class == "tick" && t.Anchor == "end").Select(t => t.Text).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ticks, Has.All.EndsWith("%").And.None.StartsWith("+"));
            Assert.That(chart.Texts.Select(t => t.Text), Does.Contain("limit 98.0%").And.Contain("candidate's rate"));
        });
    }
}
