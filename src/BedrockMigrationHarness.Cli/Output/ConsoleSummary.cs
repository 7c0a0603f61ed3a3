using BedrockMigrationHarness.Analysis;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>The end of a run on the terminal: the gates table, the verdict line and its reasons.</summary>
internal static class ConsoleSummary
{
    public static void Write(IAnsiConsole console, RunAnalysis analysis)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Gates");
        table.AddColumns("Gate", "Severity", "Baseline", "Candidate", "Delta", "Interval", "State");
        foreach (var gate in analysis.Gates)
        {
            table.AddRow(
                Markup.Escape(gate.Name),
                gate.Spec.Severity == Suites.GateSeverity.Blocking ? "blocking" : "warning",
                Markup.Escape(NumberText.Value(gate.Baseline, gate.Unit)),
                Markup.Escape(NumberText.Value(gate.Candidate, gate.Unit)),
                Markup.Escape(NumberText.Delta(gate.Delta, gate.Unit)),
                Markup.Escape(NumberText.Interval(gate.DeltaInterval, gate.Unit)),
                $"[{StateColour(gate.State)}]{VerdictText.Of(gate.State)}[/]");
        }

        console.Write(table);
        var verdict = analysis.Verdict;
        console.MarkupLine($"Verdict: [bold {VerdictColour(verdict.Verdict)}]{VerdictText.Of(verdict.Verdict)}[/]");
        foreach (var reason in verdict.Reasons)
        {
            console.MarkupLineInterpolated($"  - {reason}");
        }
    }

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
