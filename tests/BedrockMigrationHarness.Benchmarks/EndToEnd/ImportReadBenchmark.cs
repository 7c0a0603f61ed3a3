using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using BedrockMigrationHarness.Import;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e import-read [--mb N]</c>: writes a log set of N MiB of NDJSON records (uncompressed; gzip objects of 64 MiB
/// each, in Bedrock's hour-folder layout) to a temp folder, reads it with <see cref="InvocationLogReader"/>, and prints
/// the records, the time, and the process's peak working set and managed heap: memory must stay flat however big the set.
/// </summary>
internal static class ImportReadBenchmark
{
    private const string Record =
        """{"schemaType":"ModelInvocationLog","schemaVersion":"1.0","timestamp":"2025-03-11T00:40:15Z","accountId":"111122223333","region":"us-east-1","requestId":"REQ","operation":"Converse","modelId":"anthropic.claude-3-haiku-20240307-v1:0","requestMetadata":{"team":"orders"},"input":{"inputContentType":"application/json","inputBodyJson":{"system":[{"text":"You are the order assistant of Example Shop. Answer briefly and politely."}],"messages":[{"role":"user","content":[{"text":"Where is order NUM? It was due yesterday and the tracking page shows nothing since Monday."}]}],"inferenceConfig":{"maxTokens":400,"temperature":0.2}},"inputTokenCount":310},"output":{"outputContentType":"application/json","outputBodyJson":{"output":{"message":{"role":"assistant","content":[{"text":"Order NUM has shipped with UPS and should arrive tomorrow; the tracking page updates within a day."}]}},"stopReason":"end_turn","metrics":{"latencyMs":845},"usage":{"inputTokens":310,"outputTokens":12,"totalTokens":322}},"outputTokenCount":12}}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var megabytes = args is ["--mb", var mb] ? int.Parse(mb, CultureInfo.InvariantCulture) : 1024;
        var root = Path.Combine(Path.GetTempPath(), "bmh-import-read-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = Generate(root, (long)megabytes * 1024 * 1024);
            Console.WriteLine($"log set: {written.Records:N0} records, {written.Bytes / (1024.0 * 1024):F0} MiB NDJSON, {written.Stored / (1024.0 * 1024):F1} MiB gzip in {written.Objects} objects");
            GC.Collect();
            var started = Stopwatch.GetTimestamp();
            long kept = 0, dropped = 0, peakHeap = 0;
            await foreach (var entry in new InvocationLogReader(null).ReadAsync([root], new LogReadOptions(null, null), null, CancellationToken.None))
            {
                if (entry is LogEntry.Kept)
                {
                    kept++;
                }
                else
                {
                    dropped++;
                }

                if ((kept + dropped) % 50_000 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            using var process = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"read: {kept:N0} kept, {dropped:N0} dropped in {elapsed.TotalSeconds:F1} s ({(kept + dropped) / elapsed.TotalSeconds:N0} records/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory: peak working set {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB, largest managed heap sampled {peakHeap / (1024.0 * 1024):F0} MiB"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (long Records, long Bytes, long Stored, int Objects) Generate(string root, long bytes)
    {
        const long PerObject = 64L * 1024 * 1024;
        long records = 0, total = 0, stored = 0;
        var objects = 0;
        while (total < bytes)
        {
            var folder = Path.Combine(root, "AWSLogs", "111122223333", "BedrockModelInvocationLogs", "us-east-1", "2025", "03", "11",
                (objects % 24).ToString("00", CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"part-{objects:D5}.json.gz");
            using (var file = File.Create(path))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            {
                long inObject = 0;
                while (inObject < PerObject && total < bytes)
                {
                    var line = Encoding.UTF8.GetBytes(Record
                        .Replace("REQ", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                        .Replace("NUM", records.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal) + "\n");
                    gzip.Write(line);
                    inObject += line.Length;
                    total += line.Length;
                    records++;
                }
            }

            stored += new FileInfo(path).Length;
            objects++;
        }

        return (records, total, stored, objects);
    }
}
