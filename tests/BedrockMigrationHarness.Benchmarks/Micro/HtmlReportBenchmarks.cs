using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Benchmarks.EndToEnd;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports.Html;
using BenchmarkDotNet.Attributes;

namespace BedrockMigrationHarness.Benchmarks.Micro;

/// <summary>Rendering report.html (view model + Scriban template) for a mid-size run: 100 cases × 10 samples × 2 arms.</summary>
[MemoryDiagnoser]
public class HtmlReportBenchmarks
{
    private readonly HtmlReportWriter _writer = new();
    private ReportData _data = null!;

    [GlobalSetup]
    public void Setup()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bmh-html-bench-" + Guid.NewGuid().ToString("N"));
        JournalGenerator.WriteAsync(100, 10, directory).GetAwaiter().GetResult();
        JournalContents journal = JournalReader.Read(Path.Combine(directory, JournalWriter.FileName));
        _data = RunAnalyzer.Analyze(journal.Header, journal.EffectiveRecords(), journal.End);
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public long Render_100x10()
    {
        using var output = new MemoryStream();
        _writer.Write(ComparisonAnalyzer.Compare([_data], requireAll: false, _data.Analysis.Cost?.RunSpend), output);
        return output.Length;
    }
}
