using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e report-stages DIR</c>: what <c>bmh report DIR</c> does, stage by stage (read, analyse, each writer), with
/// wall time, CPU time and allocations of each, so the slow stage is found before anything is optimised.
/// Writes the reports into DIR/stages so the run's own reports stay as they are.
/// </summary>
internal static class ReportProfile
{
    public static Task<int> RunAsync(string[] args)
    {
        string directory = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
        var stages = new StageClock(Console.Out);
        JournalContents journal = stages.Time("read journal", () => JournalReader.Read(Path.Combine(directory, JournalWriter.FileName)));
        var records = stages.Time("effective records", journal.EffectiveRecords);
        stages.Time("  of which: checks alone", () => CheckAll(journal.Header.Suite, records));
        ReportData data = stages.Time("analyse (checks + statistics)", () => RunAnalyzer.Analyze(journal.Header, records, journal.End));
        RunComparison run = ComparisonAnalyzer.Compare([data], requireAll: false, data.Analysis.Cost?.RunSpend);
        string output = Path.Combine(directory, "stages");
        Directory.CreateDirectory(output);
        foreach (IReportWriter writer in ReportSet.Default.Writers)
        {
            stages.Time("write " + writer.FileName, () =>
            {
                using var stream = File.Create(Path.Combine(output, writer.FileName));
                writer.Write(run, stream);
                return stream.Length;
            });
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total {stages.Total.TotalSeconds:F2} s; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB; {journal.Records.Length:N0} records"));
        return Task.FromResult(0);
    }

    /// <summary>Every final answer through one <see cref="ResponseChecker"/>, in parallel as the analysis does.</summary>
    private static int CheckAll(SuiteDefinition suite, ImmutableArray<AttemptRecord> records)
    {
        var checker = new ResponseChecker(suite.Cases);
        var cases = suite.Cases.ToDictionary(static c => c.Id, StringComparer.Ordinal);
        int compliant = 0;
        Parallel.ForEach(records, record =>
        {
            if (record is { Final: true, Outcome: CallOutcome.Success } && checker.Check(cases[record.CaseId], record.Text).FormatCompliant)
            {
                Interlocked.Increment(ref compliant);
            }
        });
        return compliant;
    }

    /// <summary>Times stages one after another: wall, process CPU and allocated bytes of each.</summary>
    private sealed class StageClock(TextWriter output)
    {
        public TimeSpan Total { get; private set; }

        public T Time<T>(string name, Func<T> stage)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes();
            long start = Stopwatch.GetTimestamp();
            T result = stage();
            TimeSpan wall = Stopwatch.GetElapsedTime(start);
            process.Refresh();
            Total += wall;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-32} wall {wall.TotalSeconds,7:F2} s  cpu {(process.TotalProcessorTime - cpu).TotalSeconds,7:F2} s  alloc {(GC.GetTotalAllocatedBytes() - allocated) / 1e6,9:F0} MB"));
            return result;
        }
    }
}
