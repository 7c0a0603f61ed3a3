using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// Journal → analysis → every report file → the terminal summary. Shared by `bmh run` (after the run)
/// and `bmh report DIR` (from the journal alone, calling no model).
/// </summary>
internal sealed class ReportPipeline(CliEnvironment env)
{
    /// <summary>
    /// Returns the run's exit code (<see cref="RunComparison.ExitCode"/>: one candidate's <see cref="VerdictResult.ExitCode"/>, 3 for a
    /// run that did not complete; with several candidates, see <see cref="ComparisonAnalyzer.ExitCodeOf"/>), 2 when the
    /// journal cannot be read, or 3 when a report file could not be written (a read-only directory, a full disk): a
    /// verdict nobody can read is not a result.
    /// </summary>
    /// <param name="requireAll"><c>--require-all</c>: with several candidates, every one must pass for exit code 0.</param>
    public async Task<int> WriteAsync(string directory, bool requireAll = false)
    {
        JournalContents journal;
        try
        {
            journal = JournalReader.Read(Path.Combine(directory, JournalWriter.FileName));
        }
        catch (JournalFormatException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }

        foreach (var warning in journal.Warnings)
        {
            await env.Error.WriteLineAsync(warning);
        }

        var comparison = ComparisonAnalyzer.Analyze(journal, requireAll);
        var data = comparison.First;
        var results = ReportSet.Default.WriteAll(comparison, directory);
        if (comparison.Several)
        {
            ConsoleSummary.WriteComparison(env.Out, comparison);
        }
        else
        {
            ConsoleSummary.Write(env.Out, data.Analysis);
        }

        if (data.Header.Suite.Batch is not null)
        {
            env.Out.MarkupLineInterpolated($"[yellow]Batch inference:[/] {Reports.Formatting.BatchText.LatencyNotMeasured}");
            foreach (var job in Reports.Formatting.BatchText.Jobs(data.BatchJobs))
            {
                env.Out.MarkupLineInterpolated($"  {job}");
            }
        }
        foreach (var result in results)
        {
            if (result.Error is not null)
            {
                await env.Error.WriteLineAsync($"{result.FileName}: not written: {result.Error.Message}");
            }
        }

        var html = Path.Combine(directory, "report.html");
        if (results.Any(r => r.Succeeded && r.FileName == "report.html"))
        {
            env.Out.MarkupLineInterpolated($"Report: [link]{env.Display(html)}[/]");
        }
        if (data.Analysis.Run.Status != RunStatus.Completed)
        {
            env.Out.MarkupLineInterpolated($"[yellow]The run is incomplete ({data.Analysis.Run.Status}); the report covers what finished.[/]");
        }

        return results.Any(r => !r.Succeeded) ? ExitCodes.CouldNotComplete : comparison.ExitCode;
    }
}
