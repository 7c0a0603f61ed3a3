using System.Diagnostics;
using System.Globalization;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Http;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e overhead [--samples S]</c>: target 1. The in-process emulator answers after exactly 50 ms; the harness (real
/// client, SigV4, runner, journal, checks) records its client latency; recorded − 50 ms is the measurement overhead,
/// at concurrency 1 and 32. Then two runs that show what the recorded latency leaves out: a concurrency bound far
/// below the offered load (queueing), and a profile that throttles 30% of calls (retries and their backoff).
/// The emulator waits with <see cref="PreciseDelay"/>; its own lateness (and a bare <c>Task.Delay</c>'s, which it replaced)
/// is printed beside each figure. Recorded − configured counts that lateness against the harness: the figure is conservative.
/// </summary>
internal static class OverheadBenchmark
{
    private const double InjectedMs = 50;

    public static async Task<int> RunAsync(string[] args)
    {
        int samples = BenchArgs.Int(args, "--samples", 25);
        await using EmulatorServer emulator = await EmulatorServer.StartAsync(new EmulatorOptions(BenchWorkload.Profile(InjectedMs)));
        using BedrockRuntimeClient client = Client(emulator);

        // Warm-up: JIT, connection pool, emulator paths.
        await BenchRun.RunAsync(BenchWorkload.Suite(20, 2, 32), client, RetrySettings.Default);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Recorded client latency − {InjectedMs} ms injected (successful answers):"));
        foreach (int concurrency in new[] { 1, 32 })
        {
            BenchRun.Result run = await BenchRun.RunAsync(BenchWorkload.Suite(20, concurrency == 1 ? samples : samples * 4, concurrency), client, RetrySettings.Default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  c={concurrency,-3} overhead   {Overhead(run)}"));
            (Distribution precise, double preciseCpuUs) = await Lateness(concurrency, 400, static () => PreciseDelay.UntilAsync(TimeProvider.System.GetTimestamp(), InjectedMs, TimeProvider.System, CancellationToken.None).AsTask());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        the emulator's PreciseDelay({InjectedMs}) lateness alone, same concurrency: {precise}  CPU {preciseCpuUs:F0} µs per wait"));
            (Distribution timer, double timerCpuUs) = await Lateness(concurrency, 400, static () => Task.Delay(TimeSpan.FromMilliseconds(InjectedMs)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        a bare Task.Delay({InjectedMs}) lateness, for comparison:      {timer}  CPU {timerCpuUs:F0} µs per wait"));
        }

        // The same round trip with nothing injected: client + loopback HTTP + Kestrel + the emulator's own work, no timer.
        await using EmulatorServer instant = await EmulatorServer.StartAsync(new EmulatorOptions(BenchWorkload.Profile(0)));
        using BedrockRuntimeClient instantClient = Client(instant);
        await BenchRun.RunAsync(BenchWorkload.Suite(20, 2, 32), instantClient, RetrySettings.Default);
        Console.WriteLine("Recorded client latency with 0 ms injected (the whole round trip; no timer involved):");
        foreach (int concurrency in new[] { 1, 32 })
        {
            BenchRun.Result run = await BenchRun.RunAsync(BenchWorkload.Suite(20, concurrency == 1 ? samples : samples * 4, concurrency), instantClient, RetrySettings.Default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  c={concurrency,-3} round trip {Distribution.Of(run.Settled.Select(static s => s.Record.ClientLatencyMs))}"));
        }

        // Queueing: 4 in flight, 400 attempts offered at once (wall ≈ 400 × 50 ms / 4 = 5 s).
        BenchRun.Result queued = await BenchRun.RunAsync(BenchWorkload.Suite(20, 10, 4), client, RetrySettings.Default);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Queueing: concurrency 4, {queued.Settled.Count} attempts offered at once, wall {queued.Wall.TotalSeconds:F1} s"));
        Console.WriteLine($"  recorded latency              {Distribution.Of(queued.Settled.Select(static s => s.Record.ClientLatencyMs))}");
        Console.WriteLine($"  time from run start to settle {Distribution.Of(queued.Settled.Select(static s => s.SettledAtMs))}");

        // Retries: 30% throttled, retried after full-jitter backoff (base 100 ms, cap 2 s).
        await using EmulatorServer throttling = await EmulatorServer.StartAsync(new EmulatorOptions(BenchWorkload.Profile(InjectedMs, throttle: 0.3)));
        using BedrockRuntimeClient throttled = Client(throttling);
        var retry = new RetrySettings(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));
        BenchRun.Result retried = await BenchRun.RunAsync(BenchWorkload.Suite(20, 10, 8), throttled, retry);
        var byAttempt = retried.Journal.GroupBy(static r => (r.CaseId, r.Arm, r.Sample)).Where(static g => g.Count() > 1).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Retries: throttle 30%, {retried.Journal.Count(static r => r.Outcome == CallOutcome.Throttled)} throttled tries journalled separately, {byAttempt.Count} attempts needed more than one try"));
        Console.WriteLine($"  recorded latency of the final (successful) try of those attempts {Distribution.Of(byAttempt.Select(static g => g.Single(static r => r.Final).ClientLatencyMs))}");
        Console.WriteLine($"  first try start → final try start (throttled tries + backoff)  {Distribution.Of(byAttempt.Select(static g => (g.Single(static r => r.Final).StartedAt - g.Min(static r => r.StartedAt)).TotalMilliseconds))}");
        return 0;
    }

    private static BedrockRuntimeClient Client(EmulatorServer emulator) =>
        BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForEmulator(emulator.BaseAddress, "AKIDBENCH", "bench-secret") with { MaxConnections = 64 });

    private static Distribution Overhead(BenchRun.Result run) =>
        Distribution.Of(run.Settled.Where(static s => s.Record.Outcome == CallOutcome.Success).Select(static s => s.Record.ClientLatencyMs - InjectedMs));

    /// <summary>
    /// How much later than <see cref="InjectedMs"/> <paramref name="wait"/> completes, with <paramref name="parallel"/>
    /// waits in flight, and the CPU this process spent per wait meanwhile.
    /// </summary>
    private static async Task<(Distribution Lateness, double CpuUsPerWait)> Lateness(int parallel, int total, Func<Task> wait)
    {
        var lateness = new double[total];
        using Process self = Process.GetCurrentProcess();
        TimeSpan cpu = self.TotalProcessorTime;
        int next = -1;
        async Task Loop()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                long start = Stopwatch.GetTimestamp();
                await wait();
                lateness[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds - InjectedMs;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(Loop)));
        self.Refresh();
        return (Distribution.Of(lateness), (self.TotalProcessorTime - cpu).TotalMicroseconds / total);
    }
}
