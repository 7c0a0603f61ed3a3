using System.Collections.Immutable;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis.Simulation;

/// <summary>
/// Measures the verdict's error rates by Monte Carlo: many synthetic runs of a scenario, each analysed exactly as a
/// real journal is, counted by verdict. Run r draws with seed + r and bootstraps with seed + r, so totals are
/// reproducible whatever the thread scheduling.
/// </summary>
internal static class GateSimulation
{
    public static SimulationOutcome Run(SimulationScenario scenario, int runs, int seed, int bootstrapResamples)
    {
        var suite = new SyntheticSuite(scenario);
        var checker = new ResponseChecker(suite.Header.Suite.Cases);
        var analyses = new RunAnalysis[runs];
        Parallel.For(0, runs, r =>
        {
            var records = suite.Draw(new Random(seed + r));
            analyses[r] = RunAnalyzer.Analyze(suite.Header, records, SyntheticSuite.CompletedEnd, seed + r, bootstrapResamples, checker).Analysis;
        });

        return Summarize(scenario, analyses);
    }

    /// <summary>The verdicts, gate states and flags of a scenario's analysed runs, counted.</summary>
    public static SimulationOutcome Summarize(SimulationScenario scenario, RunAnalysis[] analyses)
    {
        return new SimulationOutcome(scenario, analyses.Length,
            analyses.Count(static a => a.Verdict.Verdict == Verdict.Go),
            analyses.Count(static a => a.Verdict.Verdict == Verdict.GoWithWarnings),
            analyses.Count(static a => a.Verdict.Verdict == Verdict.Inconclusive),
            analyses.Count(static a => a.Verdict.Verdict == Verdict.NoGo),
            CountGates(analyses, GateState.Fail),
            CountGates(analyses, GateState.Inconclusive),
            analyses.Sum(static a => a.Cases.Count(static c => !c.Regressions.IsEmpty)),
            analyses.Sum(static a => a.Cases.Count(static c => c.Regressions.Any(IsLatencyFlag))))
        {
            Judge = scenario.Judge is null ? null : JudgeMeansOf(analyses),
        };
    }

    /// <summary>The judge's figures averaged over the runs that judged at least one pair.</summary>
    private static JudgeMeans JudgeMeansOf(RunAnalysis[] analyses)
    {
        JudgeSummary[] judged = [.. analyses.Select(static a => a.Judge).OfType<JudgeSummary>().Where(static j => j.Judged > 0)];
        return judged.Length == 0
            ? new JudgeMeans(double.NaN, double.NaN, double.NaN)
            : new JudgeMeans(
                judged.Average(static j => (double)(j.Losses - j.Wins) / j.Judged),
                judged.Average(static j => j.PositionBias!.Value),
                judged.Average(static j => j.Agreement!.Value));
    }

    /// <summary>A per-case flag on the p50 latency (CaseComparer words them "p50 latency ...").</summary>
    private static bool IsLatencyFlag(string regression) => regression.StartsWith("p50 latency", StringComparison.Ordinal);

    private static ImmutableSortedDictionary<GateKind, int> CountGates(RunAnalysis[] analyses, GateState state)
    {
        var counts = new SortedDictionary<GateKind, int>();
        foreach (RunAnalysis analysis in analyses)
        {
            foreach (GateResult gate in analysis.Gates)
            {
                if (gate.State == state)
                {
                    counts[gate.Spec.Kind] = counts.GetValueOrDefault(gate.Spec.Kind) + 1;
                }
            }
        }

        return counts.ToImmutableSortedDictionary();
    }
}
