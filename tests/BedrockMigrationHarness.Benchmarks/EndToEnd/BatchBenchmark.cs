using System.Diagnostics;
using System.Globalization;
using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e batch [--cases C] [--samples S] [--bmh PATH]</c>: the measurement of docs/batch.md "Measured". Writes a suite of
/// C cases (the example's classification tickets, repeated under new row ids) × S samples × 2 arms with a <c>batch:</c>
/// block, and runs it as <c>dotnet bmh.dll run SUITE --emulator PROFILE</c> in its own process: the real engine, batch
/// client and in-process emulator with its S3 root in the run directory, the jobs' statuses scaled down to 0.1 s. Samples
/// that process's working set every 100 ms (peak, and by tenth of the run: flat or not), then reads the journal and
/// prices its tokens at batch prices (what the run reports) and at on-demand prices (the same calls made on demand).
/// </summary>
internal static class BatchBenchmark
{
    /// <summary>A model with batch prices in prompts/pricing.yaml, standing in for the candidate.</summary>
    private const string Candidate = "amazon.nova-pro-v1:0";

    public static async Task<int> RunAsync(string[] args)
    {
        int cases = BenchArgs.Int(args, "--cases", 1000);
        int samples = BenchArgs.Int(args, "--samples", 10);
        string bmh = BenchArgs.String(args, "--bmh", Path.Combine(BenchWorkload.RepositoryRoot, "src", "BedrockMigrationHarness.Cli", "bin", "Release", "net10.0", "bmh.dll"));
        string directory = Path.Combine(Path.GetTempPath(), "bmh-bench-batch-" + Guid.NewGuid().ToString("N"));
        try
        {
            string suite = WriteSuite(directory, cases, samples);
            string runDirectory = Path.Combine(directory, "run");
            var (wall, exitCode, workingSet) = await RunBmhAsync(bmh, suite, Path.Combine(directory, "profile.yaml"), runDirectory);
            if (exitCode is not (0 or 1))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bmh run exited {exitCode}; its output is in {Path.Combine(directory, "bmh.log")}"));
                return 3;
            }

            JournalContents journal = JournalReader.Read(Path.Combine(runDirectory, JournalWriter.FileName));
            PriceTable table = journal.Header.Pricing ?? throw new InvalidOperationException("The run's journal has no price table.");
            FinalTries records = new(journal.EffectiveRecords().Where(static r => r.Final).ToArray());
            double batchUsd = CostAnalyzer.RunSpend(table, records.Final, batch: true);
            double onDemandUsd = CostAnalyzer.RunSpend(table, records.Final, batch: false);
            long peak = workingSet.Max(static s => s.Bytes);
            string byTenth = string.Join(", ", Enumerable.Range(1, 10).Select(t =>
            {
                var upTo = workingSet.Where(s => s.Seconds <= wall.TotalSeconds * t / 10).ToArray();
                return string.Create(CultureInfo.InvariantCulture, $"{t * 10}%: {(upTo.Length == 0 ? 0 : upTo[^1].Bytes) / 1e6:F0}");
            }));

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                {cases:N0} cases × {samples} samples × 2 arms = {records.Final.Length:N0} attempts journaled ({records.Answered:N0} answered) in {journal.BatchJobs.Length} batch jobs ({string.Join(", ", journal.BatchJobs.Select(static j => j.Arm + " " + j.End?.State))}); bmh exit {exitCode}
                wall time of `bmh run` (process start to exit, reports written): {wall.TotalSeconds:F1} s
                working set of the bmh process (MB) at the end of each tenth of the run: {byTenth}; peak {peak / 1e6:F0} MB ({workingSet.Count} samples)
                input tokens {records.InputTokens:N0}, output tokens {records.OutputTokens:N0}
                cost at batch prices (the run's): ${batchUsd:F2}; the same calls on demand: ${onDemandUsd:F2} ({batchUsd / onDemandUsd:P0})
                """));
            return 0;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The suite, its schemas, a ticket table of <paramref name="cases"/> rows, the price table and a fast batch profile.</summary>
    private static string WriteSuite(string directory, int cases, int samples)
    {
        string example = Path.Combine(BenchWorkload.RepositoryRoot, "prompts", "examples", "support-tickets");
        Directory.CreateDirectory(Path.Combine(directory, "schemas"));
        foreach (string schema in Directory.GetFiles(Path.Combine(example, "schemas")))
        {
            File.Copy(schema, Path.Combine(directory, "schemas", Path.GetFileName(schema)));
        }

        File.Copy(Path.Combine(BenchWorkload.RepositoryRoot, "prompts", "pricing.yaml"), Path.Combine(directory, "pricing.yaml"));
        string[] rows = File.ReadAllLines(Path.Combine(example, "tickets.csv"))[1..];
        var table = new StringBuilder("row_id,ticket,expected_category,expected_priority\n");
        for (int i = 0; i < cases; i++)
        {
            string row = rows[i % rows.Length];
            table.Append(CultureInfo.InvariantCulture, $"{i + 1}{row[row.IndexOf(',', StringComparison.Ordinal)..]}\n");
        }

        File.WriteAllText(Path.Combine(directory, "tickets.csv"), table.ToString());
        File.WriteAllText(Path.Combine(directory, "profile.yaml"), string.Create(CultureInfo.InvariantCulture, $$"""
            seed: 1
            batch: { submitted_seconds: 0.1, validating_seconds: 0.1, scheduled_seconds: 0.1, records_per_second: 100000 }
            models:
              "{{BenchWorkload.Baseline}}":
                output_tokens: { mean: 120, sd: 25 }
              "{{Candidate}}":
                output_tokens: { mean: 156, sd: 35 }
            """));
        string suite = Path.Combine(directory, "suite.yaml");
        File.WriteAllText(suite, string.Create(CultureInfo.InvariantCulture, $$$"""
            name: batch-bench
            baseline: {{{BenchWorkload.Baseline}}}
            candidate: {{{Candidate}}}
            region: us-east-1
            samples: {{{samples}}}
            pricing: pricing.yaml
            inference: { max_tokens: 512, temperature: 0 }
            batch:
              s3: s3://bmh-bench/batch/
              role_arn: arn:aws:iam::123456789012:role/BedrockBatchInference
              poll_seconds: 1
            cases:
              - table: tickets.csv
                id: "ticket-{{ row_id }}"
                schema: schemas/classification.json
                prompt: |
                  Read the support ticket and classify it by category, priority and sentiment.
                  Answer with JSON matching this JSON Schema:
                  {{ schema }}

                  Ticket:
                  {{ ticket }}
                expect:
                  - pointer: /category
                    equals: "{{ expected_category }}"
                  - pointer: /priority
                    equals: "{{ expected_priority }}"
            """));
        return suite;
    }

    /// <summary>Runs bmh to its exit (output to bmh.log beside the suite), sampling its working set every 100 ms.</summary>
    private static async Task<(TimeSpan Wall, int ExitCode, List<(double Seconds, long Bytes)> WorkingSet)> RunBmhAsync(
        string bmh, string suite, string profile, string runDirectory)
    {
        string log = Path.Combine(Path.GetDirectoryName(suite)!, "bmh.log");
        long started = Stopwatch.GetTimestamp();
        using Process process = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", $"exec dotnet \"{bmh}\" run \"{suite}\" --emulator \"{profile}\" --out \"{runDirectory}\" > \"{log}\" 2>&1"]))!;
        var samples = new List<(double Seconds, long Bytes)>();
        while (!process.HasExited)
        {
            process.Refresh();
            try
            {
                samples.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, process.WorkingSet64));
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the read.
            }

            await Task.Delay(100);
        }

        await process.WaitForExitAsync();
        return (Stopwatch.GetElapsedTime(started), process.ExitCode, samples);
    }

    /// <summary>The final tries of a run and their sums.</summary>
    private sealed record FinalTries(AttemptRecord[] Final)
    {
        public int Answered => Final.Count(static r => r.Outcome == CallOutcome.Success);

        public long InputTokens => Final.Sum(static r => (long)(r.InputTokens ?? 0));

        public long OutputTokens => Final.Sum(static r => (long)(r.OutputTokens ?? 0));
    }
}
