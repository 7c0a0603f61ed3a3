using System.Collections.Immutable;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis.Simulation;

/// <summary>
/// Measures a sample-size design by Monte Carlo (docs/statistics.md, "Adaptive sampling"): many synthetic runs of a
/// scenario, each run as the design says and analysed exactly as a real journal is. A fixed design draws its samples
/// once; an adaptive one draws the first round, looks (<see cref="AdaptiveAnalyzer.Look"/>), and while the look says
/// <see cref="LookStop.Continue"/> draws the samples up to the next round's size and looks again, then analyses the
/// journal with its looks. Run r draws from <see cref="SyntheticSuite.DrawSamples"/> with seed + r, so every design
/// sees the same answers for the samples it has in common, and totals are reproducible whatever the thread scheduling.
/// Every analysis uses the bootstrap resamples a real run's would (<see cref="RunAnalyzer.ResamplesFor"/>): the looks are
/// <see cref="AdaptiveAnalyzer.Look"/>'s own, and the final analysis must recompute them exactly.
/// </summary>
internal static class AdaptiveSimulation
{
    public static DesignOutcome Run(SimulationScenario scenario, SimulationDesign design, int runs, int seed)
    {
        var suite = new SyntheticSuite(scenario with { Samples = design.Samples });
        JournalHeader header = design.Adaptive is null ? suite.Header : suite.Header with { Suite = suite.Header.Suite with { Adaptive = design.Adaptive } };
        var checker = new ResponseChecker(header.Suite.Cases);
        var results = new DesignRun[runs];
        Parallel.For(0, runs, r => results[r] = design.Adaptive is null
            ? RunFixed(suite, header, seed + r, checker)
            : RunAdaptive(suite, header, seed + r));

        return new DesignOutcome(
            GateSimulation.Summarize(scenario, [.. results.Select(static r => r.Analysis)]),
            design,
            [.. results.Select(static r => r.SamplesPerCase)],
            [.. results.Select(static r => r.Calls)],
            results.Where(static r => r.Stop is not null)
                .GroupBy(static r => r.Stop!.Value)
                .ToImmutableSortedDictionary(static g => g.Key, static g => g.Count()));
    }

    private static DesignRun RunFixed(SyntheticSuite suite, JournalHeader header, int runSeed, ResponseChecker checker)
    {
        List<AttemptRecord> records = suite.DrawSamples(runSeed, 0, header.Suite.Samples);
        RunAnalysis analysis = RunAnalyzer.Analyze(header, records, SyntheticSuite.CompletedEnd, runSeed, RunAnalyzer.ResamplesFor(records.Count), checker).Analysis;
        return new DesignRun(analysis, header.Suite.Samples, records.Count, null);
    }

    private static DesignRun RunAdaptive(SyntheticSuite suite, JournalHeader header, int runSeed)
    {
        int samples = header.Suite.Samples;
        List<AttemptRecord> records = suite.DrawSamples(runSeed, 0, samples);
        var looks = ImmutableArray<LookRecord>.Empty;
        while (true)
        {
            // The synthetic clock: one minute per look after the run's start.
            LookRecord look = AdaptiveAnalyzer.Look(header, records, looks, samples, header.StartedAt.AddMinutes(looks.Length + 1));
            looks = looks.Add(look);
            if (look.Stop != LookStop.Continue)
            {
                break;
            }

            int next = look.NextSamplesPerCase ?? throw new InvalidOperationException($"Look {look.Index} said Continue without the next round's size.");
            records.AddRange(suite.DrawSamples(runSeed, samples, next));
            samples = next;
        }

        // What bmh report does with the journal: the same seed and resamples as the looks, so it recomputes them exactly.
        var journal = new JournalContents(header, [.. records], SyntheticSuite.CompletedEnd, 0, []) { Looks = looks };
        RunAnalysis analysis = RunAnalyzer.Analyze(journal).Analysis;
        return new DesignRun(analysis, samples, records.Count, looks[^1].Stop);
    }

    /// <summary>One simulated run under a design: its final analysis, the samples per case and calls it took, and (adaptive) why it stopped.</summary>
    private sealed record DesignRun(RunAnalysis Analysis, int SamplesPerCase, long Calls, LookStop? Stop);
}

/// <summary>How a scenario's runs are sized: a fixed number of samples per case, or adaptive from a first round.</summary>
/// <param name="Name">How the table names the design, e.g. "fixed 20 x 5" or "adaptive Pocock, max 100".</param>
/// <param name="Samples">Samples per case: all of them (fixed), or the first round's (adaptive).</param>
/// <param name="Adaptive">The adaptive settings; null for a fixed design.</param>
internal sealed record SimulationDesign(string Name, int Samples, AdaptiveSettings? Adaptive);

/// <summary>A scenario's runs under one design: the verdicts, and what the runs cost.</summary>
/// <param name="Verdicts">The final analyses' verdicts and gates, counted as for a fixed run.</param>
/// <param name="SamplesPerCase">Per run, the samples per case it ended with.</param>
/// <param name="Calls">Per run, the calls it made (both models, and the judge's when the scenario has one).</param>
/// <param name="Stops">For an adaptive design, the runs per reason they stopped; empty for a fixed one.</param>
internal sealed record DesignOutcome(
    SimulationOutcome Verdicts,
    SimulationDesign Design,
    ImmutableArray<int> SamplesPerCase,
    ImmutableArray<long> Calls,
    ImmutableSortedDictionary<LookStop, int> Stops)
{
    public double MeanSamplesPerCase => SamplesPerCase.Average();

    /// <summary>The 95th percentile of the runs' samples per case (Hyndman–Fan type 7, as every percentile here).</summary>
    public double P95SamplesPerCase
    {
        get
        {
            double[] sorted = [.. SamplesPerCase.Select(static s => (double)s).Order()];
            return Statistics.Percentiles.Type7(sorted, 0.95);
        }
    }

    public double MeanCalls => Calls.Average(static c => (double)c);
}
