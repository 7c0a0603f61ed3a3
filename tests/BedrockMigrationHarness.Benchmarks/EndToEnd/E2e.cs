namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release --project tests/BedrockMigrationHarness.Benchmarks -- e2e ENTRY [options]</c>: the end-to-end
/// measurements of docs/performance.md, each printing its figures and the machine they ran on.
/// </summary>
internal static class E2e
{
    private const string Usage = """
        e2e overhead [--samples S]                     target 1: recorded latency − injected 50 ms at c=1 and c=32; queueing; retries
        e2e throughput [--attempts N] [--concurrency C] [--bmh PATH]
                                                       target 2: attempts/s against `bmh emulate` (0 ms) in its own process; harness CPU per attempt; heap over the run
        e2e journal --cases C --samples S --out DIR    generate a C × S × 2 journal (realistic answers) for `bmh report DIR`
        e2e report-stages DIR                          time `bmh report` stage by stage (read, analyse, each writer)
        e2e import-read [--mb N]                       read an N MiB (default 1024) generated invocation-log set; peak memory
        e2e batch [--cases C] [--samples S] [--bmh PATH]
                                                       a C × S × 2 (default 1,000 × 10 × 2) batch run on the emulator: wall time, working set, batch vs on-demand cost
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        Console.WriteLine(MachineState.Describe());
        return args switch
        {
            ["overhead", .. var rest] => await OverheadBenchmark.RunAsync(rest),
            ["throughput", .. var rest] => await ThroughputBenchmark.RunAsync(rest),
            ["journal", .. var rest] => await JournalGenerator.RunAsync(rest),
            ["report-stages", .. var rest] => await ReportProfile.RunAsync(rest),
            ["import-read", .. var rest] => await ImportReadBenchmark.RunAsync(rest),
            ["batch", .. var rest] => await BatchBenchmark.RunAsync(rest),
            _ => Fail(),
        };
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
