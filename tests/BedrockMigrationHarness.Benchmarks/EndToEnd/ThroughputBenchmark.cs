using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e throughput [--attempts N] [--concurrency C] [--bmh PATH]</c>: targets 2 and 3 (flat memory). Starts
/// <c>dotnet bmh.dll emulate</c> with zero latency in its own process (output to /dev/null), then runs N attempts of the
/// example suite at concurrency C (default 64) through the real client (SigV4), runner and journal, checking every
/// answer as it settles. Prints attempts/s, the CPU time and allocations of this process per attempt (the harness's own
/// cost, whatever the emulator takes of the shared cores), the emulator's CPU per attempt, and the managed heap after a
/// full collection at every tenth of the run.
/// </summary>
internal static class ThroughputBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int attempts = BenchArgs.Int(args, "--attempts", 40_000);
        int concurrency = BenchArgs.Int(args, "--concurrency", 64);
        string bmh = BenchArgs.String(args, "--bmh", Path.Combine(BenchWorkload.RepositoryRoot, "src", "BedrockMigrationHarness.Cli", "bin", "Release", "net10.0", "bmh.dll"));
        string profile = Path.Combine(Path.GetTempPath(), "bmh-bench-zero.yaml");
        await File.WriteAllTextAsync(profile, ZeroLatencyProfile());
        int port = FreePort();
        using Process emulator = Process.Start(new ProcessStartInfo("/bin/sh",
            ["-c", string.Create(CultureInfo.InvariantCulture, $"exec dotnet \"{bmh}\" emulate --port {port} --profile \"{profile}\" > /dev/null 2>&1")]))!;
        try
        {
            await WaitForPortAsync(port);
            var endpoint = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
            using BedrockRuntimeClient client = BedrockClientFactory.CreateRuntime(
                BedrockClientOptions.ForEmulator(endpoint, "AKIDBENCH", "bench-secret") with { MaxConnections = concurrency });
            int cases = BenchWorkload.Example.Cases.Length;

            // Warm-up: JIT (tiered up), connections, the emulator's paths.
            await BenchRun.RunAsync(BenchWorkload.Suite(cases, 100, concurrency), client, RetrySettings.Default);

            var heap = new List<string>();
            int tenth = attempts / 10;
            void Sample(int settled)
            {
                if (settled % tenth == 0)
                {
                    GC.Collect();
                    lock (heap)
                    {
                        heap.Add(string.Create(CultureInfo.InvariantCulture, $"{settled / tenth * 10}%: {GC.GetTotalMemory(false) / 1e6:F1} MB"));
                    }
                }
            }

            int samples = Math.Max(1, attempts / (cases * 2));
            Process self = Process.GetCurrentProcess();
            emulator.Refresh();
            TimeSpan emulatorCpu = emulator.TotalProcessorTime;
            TimeSpan cpu = self.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            BenchRun.Result run = await BenchRun.RunAsync(BenchWorkload.Suite(cases, samples, concurrency), client, RetrySettings.Default, Sample, keep: false);
            self.Refresh();
            emulator.Refresh();
            double harnessCpuUs = (self.TotalProcessorTime - cpu).TotalMicroseconds / run.Latencies.Length;
            double emulatorCpuUs = (emulator.TotalProcessorTime - emulatorCpu).TotalMicroseconds / run.Latencies.Length;
            double allocatedKb = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / run.Latencies.Length;
            int answered = run.Journal.Count(static r => r is { Final: true, Outcome: CallOutcome.Success });

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"""
                {run.Latencies.Length:N0} attempts at concurrency {concurrency} in {run.Wall.TotalSeconds:F2} s: {run.Latencies.Length / run.Wall.TotalSeconds:N0} attempts/s ({answered:N0} answered, {run.Compliant:N0} format-compliant, {run.Journal.Count:N0} journal lines)
                harness (this process): {harnessCpuUs:F0} µs CPU and {allocatedKb:F1} KB allocated per attempt → {Environment.ProcessorCount * 1e6 / harnessCpuUs:N0} attempts/s if it had all {Environment.ProcessorCount} cores, {1e6 / harnessCpuUs:N0}/s on one
                emulator (own process): {emulatorCpuUs:F0} µs CPU per attempt
                recorded latency (0 ms injected, emulator competing for the cores): {Distribution.Of(run.Latencies)}
                managed heap after a full GC, by share of the run settled: {string.Join(", ", heap)}
                peak working set of this process: {self.PeakWorkingSet64 / 1e6:F0} MB
                """));
            return 0;
        }
        finally
        {
            emulator.Kill();
            await emulator.WaitForExitAsync();
            File.Delete(profile);
        }
    }

    private static string ZeroLatencyProfile() => string.Create(CultureInfo.InvariantCulture, $$"""
        seed: 1
        models:
          "{{BenchWorkload.Baseline}}":
            latency: { fixed_ms: 0 }
          "{{BenchWorkload.Candidate}}":
            latency: { fixed_ms: 0 }
        """);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"bmh emulate did not listen on port {port} within 30 s."));
    }
}
