using System.Collections.Immutable;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Import.Reporting;

/// <summary>The import report in a few console lines.</summary>
internal static class ImportConsoleSummary
{
    public static ImmutableArray<string> Lines(ImportReport report)
    {
        var lines = ImmutableArray.CreateBuilder<string>();
        lines.Add($"Read {Num.Count(report.RecordsRead, "record", "records")} from {Num.Count(report.Read?.ObjectsRead ?? 0, "file or object", "files or objects")}: " +
                  $"{Num.Count(report.CasesWritten, "case", "cases")} written, {Num.Count(report.Dropped)} dropped.");
        if (report.Drops.Length > 0)
        {
            lines.Add("Dropped: " + string.Join(", ", report.Drops.Select(d => $"{d.Reason} {Num.Count(d.Count)}")) + ".");
        }

        if (report.Suite is { } suite)
        {
            lines.Add(suite.Baseline == suite.Candidate
                ? $"Baseline and candidate: {suite.Baseline}. Set `candidate:` in suite.yaml (or import with --candidate) to the model you migrate to."
                : $"Baseline {suite.Baseline}, candidate {suite.Candidate}.");
        }

        if (report.Redaction is { } redaction)
        {
            lines.Add(redaction.Count == 0
                ? "Redacted: nothing found to replace."
                : "Redacted: " + string.Join(", ", redaction.Select(r => $"{r.Key} {Num.Count(r.Value)}")) + ".");
        }
        else if (report.Suite is not null)
        {
            lines.Add("Warning: the suite holds production text, not redacted. Suites and reports get shared: import again with --redact before sharing.");
        }

        return lines.ToImmutable();
    }
}
