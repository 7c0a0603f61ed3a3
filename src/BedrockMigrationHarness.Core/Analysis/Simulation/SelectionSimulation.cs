using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis.Simulation;

/// <summary>
/// What choosing the best of several candidates by their estimates does (docs/statistics.md, "Choosing among several
/// candidates"): <paramref name="Runs"/> synthetic runs of one baseline and <paramref name="Candidates"/> candidates that are
/// the same in truth, each candidate judged against the shared baseline exactly as a one-candidate run is; the "best" is the
/// one with the highest correctness estimate, as a person reading the comparison table would pick it.
/// </summary>
/// <param name="TrueCorrectness">Every candidate's true correctness (the share of its answers meeting their case's expectations).</param>
/// <param name="PickedOptimism">The picked candidate's correctness estimate minus its truth, mean over the runs (points as a fraction: 0.02 = 2 points).</param>
/// <param name="PickedOptimismP95">The same, its 95th percentile.</param>
/// <param name="SingleOptimism">The first candidate's (chosen before the run) estimate minus its truth, mean.</param>
/// <param name="PickedCoverage">Share of runs whose picked candidate's correctness interval holds the truth.</param>
/// <param name="SingleCoverage">The same for the first candidate.</param>
/// <param name="AnyMayGo">Share of runs in which at least one candidate is GO or GO WITH WARNINGS.</param>
/// <param name="SingleMayGo">Share of runs in which the first candidate is.</param>
/// <param name="PickedMayGo">Share of runs in which the picked candidate is.</param>
internal sealed record SelectionOutcome(
    SimulationScenario Scenario,
    int Candidates,
    int Runs,
    double TrueCorrectness,
    double PickedOptimism,
    double PickedOptimismP95,
    double SingleOptimism,
    double PickedCoverage,
    double SingleCoverage,
    double AnyMayGo,
    double SingleMayGo,
    double PickedMayGo);

/// <summary>Draws and analyses the runs of <see cref="SelectionOutcome"/>. Run r's candidate k draws with its own seed, so totals are reproducible.</summary>
internal static class SelectionSimulation
{
    /// <summary>
    /// <paramref name="runs"/> runs of <paramref name="scenario"/> (it needs <see cref="SimulationScenario.Correctness"/>), each with
    /// <paramref name="candidates"/> candidates identical in truth (the scenario's candidate) sharing one baseline.
    /// </summary>
    public static SelectionOutcome Run(SimulationScenario scenario, int candidates, int runs, int seed, int bootstrapResamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(candidates, 1);
        double truth = (scenario.Correctness ?? throw new ArgumentException("The scenario needs a correctness.", nameof(scenario))) - scenario.CorrectnessDrop;
        var suite = new SyntheticSuite(scenario);
        var checker = new ResponseChecker(suite.Header.Suite.Cases);
        var picked = new RunAnalysis[runs];
        var single = new RunAnalysis[runs];
        var anyMayGo = new bool[runs];
        Parallel.For(0, runs, r =>
        {
            // One draw per candidate; the baseline's records are the first draw's, shared by every candidate's comparison.
            var draws = Enumerable.Range(0, candidates).Select(k => suite.Draw(new Random(seed + (r * candidates) + k))).ToArray();
            var baseline = draws[0].Where(static a => a.Arm == Arm.Baseline).ToList();
            var analyses = draws.Select(d => RunAnalyzer.Analyze(suite.Header, [.. baseline, .. d.Where(static a => a.Arm == Arm.Candidate)],
                SyntheticSuite.CompletedEnd, seed + r, bootstrapResamples, checker).Analysis).ToArray();
            single[r] = analyses[0];
            picked[r] = analyses.MaxBy(static a => a.Candidate.CorrectnessRate!.Value)!;
            anyMayGo[r] = analyses.Any(MayGo);
        });

        double[] optimism = [.. picked.Select(a => a.Candidate.CorrectnessRate!.Value - truth).Order()];
        return new SelectionOutcome(scenario, candidates, runs, truth,
            optimism.Average(),
            optimism[Math.Min(optimism.Length - 1, (int)Math.Ceiling(0.95 * optimism.Length) - 1)],
            single.Average(a => a.Candidate.CorrectnessRate!.Value - truth),
            Share(picked, a => Covers(a, truth)),
            Share(single, a => Covers(a, truth)),
            anyMayGo.Count(static g => g) / (double)runs,
            Share(single, MayGo),
            Share(picked, MayGo));
    }

    private static bool MayGo(RunAnalysis analysis) => analysis.Verdict.Verdict is Verdict.Go or Verdict.GoWithWarnings;

    private static bool Covers(RunAnalysis analysis, double truth) =>
        analysis.Candidate.CorrectnessRate!.Interval is { } interval && interval.Lower <= truth && truth <= interval.Upper;

    private static double Share(RunAnalysis[] analyses, Func<RunAnalysis, bool> predicate) => analyses.Count(predicate) / (double)analyses.Length;
}
