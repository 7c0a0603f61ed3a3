using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>The end of a run on the terminal: the gates table, the verdict line and its reasons.</summary>
internal static class ConsoleSummary
{
    public static void Write(IAnsiConsole console, RunAnalysis analysis)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Gates");
        // Every column keeps its cell on one line: a wrapped cell would read as a row of its own.
        table.AddColumn("Gate", c => c.NoWrap());
        table.AddColumn("Baseline", c => c.RightAligned().NoWrap());
        table.AddColumn("Candidate", c => c.RightAligned().NoWrap());
        table.AddColumn("Change (interval)", c => c.RightAligned().NoWrap());
        table.AddColumn("Allowed", c => c.NoWrap());
        table.AddColumn("State", c => c.NoWrap());
        foreach (var gate in analysis.Gates)
        {
            var change = gate.Delta is null ? GateFormat.Interval(gate) : $"{GateFormat.Delta(gate)} {GateFormat.Interval(gate)}";
            table.AddRow(
                new Markup($"{Markup.Escape(gate.Name)}{(IsWarning(gate) ? " [grey]*[/]" : "")}"),
                new Text(GateFormat.Baseline(gate)),
                new Text(GateFormat.Candidate(gate)),
                new Text(change),
                new Text(GateFormat.Margin(gate.Spec)),
                new Markup($"[{StateColour(gate.State)}]{VerdictText.Of(gate.State)}[/]"));
        }

        console.Write(table);
        if (analysis.Gates.Any(IsWarning))
        {
            console.MarkupLine("[grey]* a warning gate: when it does not pass, the verdict is GO WITH WARNINGS at worst[/]");
        }

        console.MarkupLineInterpolated($"Answers (baseline → candidate): {RunText.Qualities(analysis)}");
        console.MarkupLineInterpolated($"Tokens, every call summed (baseline → candidate): {RunText.TokenTotals(analysis)}");
        if (analysis.Judge is { } judge)
        {
            console.MarkupLineInterpolated($"{JudgeText.Title}: {JudgeText.Line(judge)}");
        }

        if (analysis.Adaptive is { } adaptive)
        {
            console.MarkupLineInterpolated($"{AdaptiveText.Title}: {AdaptiveText.Summary(adaptive)}");
        }

        if (analysis.Requests.Any)
        {
            console.MarkupLineInterpolated($"{RequestText.DifferencesTitle}:");
            foreach (var line in RequestText.DescribeAll(analysis.Requests))
            {
                console.MarkupLineInterpolated($"  - {line}");
            }
        }

        foreach (var finding in analysis.Compatibility)
        {
            console.MarkupLineInterpolated($"[yellow]Request-compatibility finding:[/] {RequestText.Finding(finding)}");
        }
        if (analysis.Lifecycle is { } lifecycle)
        {
            console.MarkupLineInterpolated($"Baseline deadline: {LifecycleText.Deadline(lifecycle.Baseline)}; candidate: {LifecycleText.Of(lifecycle.Candidate)}");
        }

        if (analysis.Cost is { } cost)
        {
            console.MarkupLineInterpolated(
                $"Monthly cost at {Num.Count(cost.RequestsPerMonth)} requests: {Num.Usd(cost.Baseline.Monthly.Value)} → {Num.Usd(cost.Candidate.Monthly.Value)}, {CostText.MonthlyDelta(cost, RunText.Confidence(analysis.Run))}");
            console.MarkupLineInterpolated($"This run cost {CostText.RunSpend(cost, analysis.Judge)} (measured tokens, {CostText.Provenance(cost)}).");
        }

        if (analysis.Reference is { } reference)
        {
            console.MarkupLineInterpolated($"{ReferenceText.Title(reference)}: {ReferenceText.Line(reference, RunText.Confidence(analysis.Run))}");
        }

        var verdict = analysis.Verdict;
        console.MarkupLine($"Verdict: [bold {VerdictColour(verdict.Verdict)}]{VerdictText.Of(verdict.Verdict)}[/]");
        foreach (var reason in verdict.Reasons)
        {
            console.MarkupLineInterpolated($"  - {reason}");
        }
    }

    private static bool IsWarning(GateResult gate) => gate.Spec.Severity == Suites.GateSeverity.Warning;

    private static string StateColour(GateState state) => state switch
    {
        GateState.Pass => "green",
        GateState.Fail => "red",
        _ => "yellow",
    };

    private static string VerdictColour(Verdict verdict) => verdict switch
    {
        Verdict.Go => "green",
        Verdict.GoWithWarnings => "yellow",
        Verdict.NoGo => "red",
        _ => "blue",
    };
}
