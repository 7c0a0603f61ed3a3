using System.Collections.Immutable;

namespace BedrockMigrationHarness.Reports.Html.Charts;

// The geometry of a chart, every coordinate already an invariant string: the template turns it into SVG
// elements (with every value HTML-encoded), so no markup is ever built from strings in C#.

/// <summary>One chart, ready to render.</summary>
/// <param name="Id">The element id (for aria-labelledby).</param>
/// <param name="Title">The accessible title and the visible caption.</param>
/// <param name="Description">What the chart shows, for screen readers and as a caption note.</param>
internal sealed record SvgChart(
    string Id,
    string Title,
    string Description,
    string Width,
    string Height,
    ImmutableArray<SvgLine> Grid,
    ImmutableArray<SvgRect> Bars,
    ImmutableArray<SvgPolyline> Lines,
    ImmutableArray<SvgLine> Markers,
    ImmutableArray<SvgCircle> Dots,
    ImmutableArray<SvgText> Texts);

internal sealed record SvgLine(string X1, string Y1, string X2, string Y2, string Class);

/// <param name="Tip">Shown as the bar's tooltip (<c>&lt;title&gt;</c>).</param>
internal sealed record SvgRect(string X, string Y, string Width, string Height, string Class, string Tip);

internal sealed record SvgPolyline(string Points, string Class);

/// <param name="Tip">Shown as the dot's tooltip (<c>&lt;title&gt;</c>).</param>
internal sealed record SvgCircle(string Cx, string Cy, string R, string Class, string Tip);

/// <param name="Anchor">SVG text-anchor: start, middle or end.</param>
/// <param name="Rotate">Rotation in degrees around the text's position, "0" for none.</param>
internal sealed record SvgText(string X, string Y, string Text, string Anchor, string Class, string Rotate = "0");

/// <summary>One series of a chart: which arm, its legend label and its CSS class (colour and dash).</summary>
internal sealed record ChartSeries(string Label, string Class, ImmutableArray<double> Values);
