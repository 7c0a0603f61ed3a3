using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Reports;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>Runs one writer into memory and returns its output as text.</summary>
internal static class ReportRendering
{
    public static string Render(IReportWriter writer, ReportData data)
    {
        using var stream = new MemoryStream();
        writer.Write(data, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static IReportWriter Writer(string fileName) =>
        ReportSet.Default.Writers.Single(w => w.FileName == fileName);
}
