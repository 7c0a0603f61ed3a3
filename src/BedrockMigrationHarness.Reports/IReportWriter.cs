using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Reports;

/// <summary>Writes one report file from the run's data. One implementation per file.</summary>
public interface IReportWriter
{
    /// <summary>The file name the report is written to inside the output directory, e.g. <c>report.html</c>.</summary>
    string FileName { get; }

    /// <summary>Writes the whole report to <paramref name="output"/>, which stays open.</summary>
    void Write(ReportData data, Stream output);
}
