using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis.Simulation;

/// <summary>
/// A known truth to draw synthetic A/B runs from. The baseline's per-case truths are fixed by the simulation
/// (see <see cref="SyntheticSuite"/>); the candidate is the baseline changed as described here.
/// </summary>
/// <param name="Name">How the table names the row.</param>
/// <param name="Cases">Cases in the suite.</param>
/// <param name="Samples">Samples per case and arm.</param>
/// <param name="ComplianceDrop">Subtracted from every case's compliance probability on the candidate (0.03 = 3 points).</param>
/// <param name="TailSlowdown">Relative increase of the suite-wide p99 latency on the candidate, every case's p50 unchanged (0.25 = +25%).</param>
/// <param name="Gates">The gates the runs are judged by.</param>
internal sealed record SimulationScenario(string Name, int Cases, int Samples, double ComplianceDrop, double TailSlowdown, GateSettings Gates)
{
    /// <summary>
    /// Share of answers with a format fault on every case and on both arms (before <see cref="ComplianceDrop"/>); null
    /// (the default) for the clean baseline: no fault on three cases in four, 2% on the rest.
    /// </summary>
    public double? FormatFaults { get; init; }

    /// <summary>
    /// The baseline's correctness: the share of all its answers that pass the case's expectation (a format fault fails
    /// it too), on every case. Null (the default): the cases have no expectations.
    /// </summary>
    public double? Correctness { get; init; }

    /// <summary>Subtracted from <see cref="Correctness"/> on the candidate (0.10 = 90% → 80%).</summary>
    public double CorrectnessDrop { get; init; }

    /// <summary>Relative slowdown of the candidate's whole latency distribution, every case and quantile (0.25 = +25%).</summary>
    public double MedianSlowdown { get; init; }

    /// <summary>2% format faults on both arms and 90% baseline correctness: what a real suite's baseline looks like.</summary>
    public SimulationScenario Realistic() => this with { FormatFaults = 0.02, Correctness = 0.90 };
}

/// <summary>How often each verdict, and each gate's FAIL and INCONCLUSIVE, came out of a scenario's runs.</summary>
/// <param name="GateFails">Per gate kind, the runs in which that gate failed.</param>
/// <param name="GateInconclusives">Per gate kind, the runs in which that gate was inconclusive.</param>
/// <param name="CasesFlagged">Over every run, the cases with at least one per-case regression flag.</param>
/// <param name="CasesLatencyFlagged">Over every run, the cases flagged for their p50 latency.</param>
internal sealed record SimulationOutcome(
    SimulationScenario Scenario,
    int Runs,
    int Go,
    int GoWithWarnings,
    int Inconclusive,
    int NoGo,
    ImmutableSortedDictionary<GateKind, int> GateFails,
    ImmutableSortedDictionary<GateKind, int> GateInconclusives,
    int CasesFlagged,
    int CasesLatencyFlagged)
{
    public double Rate(int count) => (double)count / Runs;

    /// <summary>A count of cases over every run as a share of all of them (runs × cases).</summary>
    public double CaseRate(int cases) => (double)cases / (Runs * (long)Scenario.Cases);

    /// <summary>The Monte-Carlo standard error of a rate estimated from <see cref="Runs"/> runs: √(p(1 − p)/runs).</summary>
    public double StandardError(double rate) => Math.Sqrt(rate * (1 - rate) / Runs);
}
