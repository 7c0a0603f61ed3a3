using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Reports.Html.Charts;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>The "Adaptive sampling" section of report.html, formatted invariant; nothing for a fixed-size run.</summary>
internal static class AdaptiveViewBuilder
{
    public static AdaptiveView Build(AdaptiveSummary? adaptive, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (adaptive is null)
        {
            return AdaptiveView.None;
        }

        // The blocking gates, in suite order, as the first look that has them lists them.
        var gates = adaptive.Looks.SelectMany(l => l.Gates).DistinctBy(g => g.Kind).ToList();
        var rows = adaptive.Looks.Select((look, i) => Row(look, i == 0 ? null : adaptive.Looks[i - 1], gates, adaptive)).ToImmutableArray();
        var charts = gates
            .Select(g => LookChartBuilder.Build("chart-look-" + Names.Camel(g.Kind), g.Kind, adaptive.Looks))
            .OfType<SvgChart>()
            .ToImmutableArray();
        var summary = AdaptiveText.Summary(adaptive);
        return new AdaptiveView(
            true,
            summary,
            char.ToUpperInvariant(summary[0]) + summary[1..] + ".",
            adaptive.StopReason,
            AdaptiveText.Design(adaptive.Settings, RunText.Confidence(run)),
            [.. gates.Select(g => g.Name)],
            rows,
            charts);
    }

    private static LookRowView Row(LookSummary look, LookSummary? previous, List<LookGateSummary> gates, AdaptiveSummary adaptive)
    {
        // The round's spend beside the run's: "$0.0502 (+$0.0251)"; the run's alone when the look before had no spend.
        var spend = look.SpendUsd is { } total
            ? Num.Usd(total) + (previous is null || previous.SpendUsd is not null ? $" (+{Num.Usd(total - (previous?.SpendUsd ?? 0))})" : "")
            : Num.Missing;
        return new LookRowView(
            Num.Int(look.Index),
            Num.Int(look.SamplesPerCase),
            Num.Percent(look.Fraction),
            AdaptiveText.Levels(look),
            Num.Count(look.ModelCalls),
            spend,
            [.. gates.Select(g => Cell(look.Gates.FirstOrDefault(x => x.Kind == g.Kind)))],
            AdaptiveText.After(look, adaptive.Settings));
    }

    private static LookGateCellView Cell(LookGateSummary? gate) =>
        gate is null
            ? new LookGateCellView("", "none", Num.Missing)
            : new LookGateCellView(
                AdaptiveText.State(gate.State),
                gate.State switch
                {
                    LookGateState.Pass => "pass",
                    LookGateState.Fail => "fail",
                    _ => "inconclusive",
                },
                GateFormat.Estimate(gate.Kind, gate.Estimate));
}
