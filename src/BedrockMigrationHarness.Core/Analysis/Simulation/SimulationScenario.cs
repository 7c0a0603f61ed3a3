using System.Collections.Immutable;
using BedrockMigrationHarness.Judging;
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

    /// <summary>The suite's judge and the truth it judges; null (the default): the suite has no judge.</summary>
    public JudgeScenario? Judge { get; init; }

    /// <summary>
    /// The scenario with a judge of the given error model: a share <paramref name="baselineWorse"/> of the baseline's
    /// answers and <paramref name="candidateWorse"/> of the candidate's are worse answers; the quality gate is added (at its
    /// default, as the suite loader adds it) unless the gates name it.
    /// </summary>
    public SimulationScenario WithJudge(SimulatedJudge judge, double baselineWorse, double candidateWorse) => this with
    {
        Judge = new JudgeScenario(judge, baselineWorse, candidateWorse),
        Gates = Gates.Gates.Any(static g => g.Kind == GateKind.QualityLoss)
            ? Gates
            : Gates with { Gates = [.. Gates.Gates, GateSettings.QualityLossDefault] },
    };
}

/// <summary>A judge with a known error model and the planted truth it judges.</summary>
/// <param name="Judge">The judge's error model (the same one the emulator's judge uses).</param>
/// <param name="BaselineWorse">Share of the baseline's answers that are worse answers, drawn independently per answer.</param>
/// <param name="CandidateWorse">Share of the candidate's answers that are worse answers.</param>
internal sealed record JudgeScenario(SimulatedJudge Judge, double BaselineWorse, double CandidateWorse);

/// <summary>The judge's figures averaged over a scenario's runs.</summary>
/// <param name="NetLoss">Mean of (losses − wins) / judged pairs.</param>
/// <param name="PositionBias">Mean share of judged pairs where the judge picked the same position both times.</param>
/// <param name="Agreement">Mean share of judged pairs whose two orders agreed.</param>
internal sealed record JudgeMeans(double NetLoss, double PositionBias, double Agreement);

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
    /// <summary>The judge's figures over the runs; null when the scenario has no judge.</summary>
    public JudgeMeans? Judge { get; init; }

    public double Rate(int count) => (double)count / Runs;

    /// <summary>A count of cases over every run as a share of all of them (runs × cases).</summary>
    public double CaseRate(int cases) => (double)cases / (Runs * (long)Scenario.Cases);

    /// <summary>The Monte-Carlo standard error of a rate estimated from <see cref="Runs"/> runs: √(p(1 − p)/runs).</summary>
    public double StandardError(double rate) => Math.Sqrt(rate * (1 - rate) / Runs);
}
