using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Reports;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>Runs one writer into memory and returns its output as text.</summary>
internal static class ReportRendering
{
    public static string Render(IReportWriter writer, ReportData data) => Render(writer, Single(data));

    /// <summary>A one-candidate run's comparison, as the report pipeline builds it.</summary>
    public static RunComparison Single(ReportData data) => ComparisonAnalyzer.Compare([data], requireAll: false, data.Analysis.Cost?.RunSpend);

    public static string Render(IReportWriter writer, RunComparison run)
    {
        using var stream = new MemoryStream();
        writer.Write(run, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IReportWriter Writer(string fileName) =>
        ReportSet.Default.Writers.Single(w => w.FileName == fileName);
}
