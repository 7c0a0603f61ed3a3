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

    /// <summary>
    /// Several candidates: the comparison table (best first), each candidate's verdict and reasons, and what the run says
    /// with its exit code. Every candidate's full gates are in report.html and summary.md.
    /// </summary>
    public static void WriteComparison(IAnsiConsole console, RunComparison run)
    {
        // The number and the lifecycle are left to the lines under the table, and the cost change is its percentage (the
        // dollars are under the table too), so the table fits 132 columns (cron mail, CI logs) without wrapping a cell.
        var table = new Table().Border(TableBorder.Rounded).Title(ComparisonText.Title + ", best first");
        int[] columns = [1, 2, 3, 4, 5, 6, 7, 8];
        foreach (var i in columns)
        {
            table.AddColumn(i == 1 ? "# " + ComparisonText.Headers[i] : ComparisonText.Headers[i], c => (ComparisonText.IsNumeric(i) ? c.RightAligned() : c).NoWrap());
        }

        foreach (var index in run.Ranking)
        {
            var cells = ComparisonText.Cells(run, index);
            var cost = run.Candidates[index].Analysis.Cost;
            table.AddRow([.. columns.Select(i => i switch
            {
                2 => new Markup($"[{VerdictColour(run.Candidates[index].Analysis.Verdict.Verdict)}]{Markup.Escape(cells[i])}[/]"),
                1 => new Text($"{cells[0]} {cells[1]}"),
                8 => new Text(cost is null ? cells[i] : Num.SignedPercent(cost.MonthlyChange.Value)),
                _ => (Spectre.Console.Rendering.IRenderable)new Text(cells[i]),
            })]);
        }

        var baselineCells = ComparisonText.BaselineCells(run);
        table.AddRow([.. columns.Select(i => (Spectre.Console.Rendering.IRenderable)new Markup($"[grey]{Markup.Escape(i == 1 ? "  " + baselineCells[i] : baselineCells[i])}[/]"))]);
        console.Write(table);
        foreach (var index in run.Ranking)
        {
            var analysis = run.Candidates[index].Analysis;
            var verdict = analysis.Verdict;
            console.MarkupLine($"{Markup.Escape(ComparisonText.Label(index))} ({Markup.Escape(analysis.Candidate.ModelId)}): [bold {VerdictColour(verdict.Verdict)}]{VerdictText.Of(verdict.Verdict)}[/]"
                + Markup.Escape((analysis.Cost is { } cost ? $" · monthly {Num.Usd(cost.Baseline.Monthly.Value)} → {Num.Usd(cost.Candidate.Monthly.Value)}" : "")
                    + (analysis.Lifecycle is { } lifecycle ? $" · lifecycle: {LifecycleText.Of(lifecycle.Candidate)}" : "")));
            foreach (var reason in verdict.Reasons)
            {
                console.MarkupLineInterpolated($"  - {reason}");
            }
        }

        if (run.Candidates[0].Analysis.Lifecycle is { } baseline)
        {
            console.MarkupLineInterpolated($"Baseline deadline: {LifecycleText.Deadline(baseline.Baseline)}");
        }

        if (run.RunSpend is { } spend)
        {
            console.MarkupLineInterpolated($"This run cost {Num.Usd(spend)} over every arm (each call counted once; the judge's calls apart).");
        }

        console.MarkupLineInterpolated($"[grey]{ComparisonText.SelectionCaveat(run.Candidates.Length)}[/]");
        console.MarkupLineInterpolated($"[bold]{ComparisonText.Outcome(run)}[/]");
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
