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
internal sealed record SimulationScenario(string Name, int Cases, int Samples, double ComplianceDrop, double TailSlowdown, GateSettings Gates);

/// <summary>How often each verdict, and each gate's FAIL and INCONCLUSIVE, came out of a scenario's runs.</summary>
/// <param name="GateFails">Per gate kind, the runs in which that gate failed.</param>
/// <param name="GateInconclusives">Per gate kind, the runs in which that gate was inconclusive.</param>
internal sealed record SimulationOutcome(
    SimulationScenario Scenario,
    int Runs,
    int Go,
    int GoWithWarnings,
    int Inconclusive,
    int NoGo,
    ImmutableSortedDictionary<GateKind, int> GateFails,
    ImmutableSortedDictionary<GateKind, int> GateInconclusives)
{
    public double Rate(int count) => (double)count / Runs;

    /// <summary>The Monte-Carlo standard error of a rate estimated from <see cref="Runs"/> runs: √(p(1 − p)/runs).</summary>
    public double StandardError(double rate) => Math.Sqrt(rate * (1 - rate) / Runs);
}
