using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Reports;

/// <summary>Writes one report file from the run's data. One implementation per file.</summary>
public interface IReportWriter
{
    /// <summary>The file name the report is written to inside the output directory, e.g. <c>report.html</c>.</summary>
    string FileName { get; }

    /// <summary>
    /// Writes the whole report of <paramref name="run"/> to <paramref name="output"/>, which stays open: a one-candidate run's as
    /// ever, a run of several candidates (<see cref="RunComparison.Several"/>) with every candidate's comparison.
    /// </summary>
    void Write(RunComparison run, Stream output);
}
