using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Reports.Csv;
using BedrockMigrationHarness.Reports.Html;
using BedrockMigrationHarness.Reports.JUnit;
using BedrockMigrationHarness.Reports.Json;
using BedrockMigrationHarness.Reports.Markdown;

namespace BedrockMigrationHarness.Reports;

/// <summary>The outcome of one writer: the file written, or the error that stopped it.</summary>
/// <param name="FileName">The writer's file name.</param>
/// <param name="Path">The full path of the written file; null when the writer failed.</param>
/// <param name="Error">Why the writer failed; null when it succeeded.</param>
public sealed record ReportWriteResult(string FileName, string? Path, Exception? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Runs every report writer into one directory. Each file is written to a temporary file next to its
/// target and moved into place when complete, so a reader never sees half a report. A writer that throws
/// is recorded in its <see cref="ReportWriteResult"/> and the others still run (as BenchmarkDotNet's
/// <c>CompositeExporter</c> and Serilog's safe aggregate sink do): one broken report must not cost the others.
/// </summary>
public sealed class ReportSet(ImmutableArray<IReportWriter> writers)
{
    /// <summary>Every report: report.html, attempts.csv, summary.json, junit.xml, summary.md.</summary>
    public static ReportSet Default { get; } = new(
    [
        new HtmlReportWriter(),
        new AttemptsCsvWriter(),
        new SummaryJsonWriter(),
        new JUnitXmlWriter(),
        new SummaryMarkdownWriter(),
    ]);

    public ImmutableArray<IReportWriter> Writers { get; } = writers;

    /// <summary>
    /// Writes every report into <paramref name="directory"/> (created when missing), replacing files of the same name.
    /// Never throws for a failing writer; throws only when the directory cannot be created.
    /// </summary>
    /// <returns>One result per writer, in writer order.</returns>
    public ImmutableArray<ReportWriteResult> WriteAll(RunComparison run, string directory)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(directory);
        var results = ImmutableArray.CreateBuilder<ReportWriteResult>(Writers.Length);
        foreach (var writer in Writers)
        {
            results.Add(WriteOne(writer, run, directory));
        }

        return results.MoveToImmutable();
    }

    private static ReportWriteResult WriteOne(IReportWriter writer, RunComparison run, string directory)
    {
        var target = Path.Combine(directory, writer.FileName);
        var temp = Path.Combine(directory, $".{writer.FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                writer.Write(run, stream);
            }

            File.Move(temp, target, overwrite: true);
            return new ReportWriteResult(writer.FileName, target, null);
        }
#pragma warning disable CA1031 // A failing writer must not stop the others; its exception is returned to the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            TryDelete(temp);
            return new ReportWriteResult(writer.FileName, null, ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .tmp file is harmless and named so nobody mistakes it for a report.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
