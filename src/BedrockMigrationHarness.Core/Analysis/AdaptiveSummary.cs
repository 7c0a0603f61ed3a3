using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// An adaptive run's looks, recomputed from the journal (<see cref="RunAnalysis.Adaptive"/>; docs/statistics.md,
/// "Adaptive sampling"): what each look saw, decided and cost, and why the run stopped.
/// </summary>
/// <param name="Settings">The caps and the design the run used.</param>
/// <param name="Looks">Every look in order; the last may be one taken at the interruption (<see cref="LookSummary.Journaled"/> false).</param>
/// <param name="Stop">Why the run stopped; null when it did not reach a stop (interrupted in a round).</param>
/// <param name="StopReason">The stop in one sentence, e.g. "Stopped at the 100-samples-per-case cap: format compliance drop still undecided, its estimate 0.4 points past the 1.0-point limit; about 160 samples per case would decide it."</param>
public sealed record AdaptiveSummary(AdaptiveSettings Settings, ImmutableArray<LookSummary> Looks, LookStop? Stop, string StopReason);

/// <summary>One look, recomputed from the journal's records of the samples it saw.</summary>
/// <param name="Index">1 for the first look.</param>
/// <param name="SamplesPerCase">The samples per case the look saw.</param>
/// <param name="Fraction">Its information fraction (settled candidate attempts / (cases × max_samples)).</param>
/// <param name="FailLevel">The two-sided level of the interval that decides a FAIL at this look.</param>
/// <param name="PassLevel">The two-sided level of the interval that decides a PASS at this look.</param>
/// <param name="Gates">The blocking gates, in suite order.</param>
/// <param name="ModelCalls">Calls made up to this look, retries and judge calls included.</param>
/// <param name="SpendUsd">What the run had cost up to this look (models and judge); null without prices.</param>
/// <param name="Stop">What the run did after it: go on, or stop and why; null for a look taken at an interruption.</param>
/// <param name="NextSamplesPerCase">With <see cref="LookStop.Continue"/>, the samples per case of the next round.</param>
/// <param name="Journaled">False for the look the report takes on a run interrupted in a round (it was never journaled).</param>
public sealed record LookSummary(
    int Index,
    int SamplesPerCase,
    double Fraction,
    double FailLevel,
    double PassLevel,
    ImmutableArray<LookGateSummary> Gates,
    long ModelCalls,
    double? SpendUsd,
    LookStop? Stop,
    int? NextSamplesPerCase,
    bool Journaled);

/// <summary>One blocking gate at one look: what a chart of the interval narrowing against the limit needs.</summary>
/// <param name="Name">The gate's name, e.g. "format compliance drop".</param>
/// <param name="Unit">As <see cref="GateResult.Unit"/>.</param>
/// <param name="Estimate">The gate's estimate (as <see cref="GateResult.Delta"/>, or the candidate's value for the floors and the error rate); null without data.</param>
/// <param name="Limit">The limit on the estimate's scale (a drop gate's is −threshold).</param>
/// <param name="HigherIsWorse">True when an estimate above the limit is the regression (latency, errors, cost, quality loss).</param>
/// <param name="FailInterval">The interval at <see cref="LookSummary.FailLevel"/>; null without data.</param>
/// <param name="PassInterval">The interval at <see cref="LookSummary.PassLevel"/>; null without data.</param>
public sealed record LookGateSummary(
    GateKind Kind,
    string Name,
    string Unit,
    LookGateState State,
    double? Estimate,
    double Limit,
    bool HigherIsWorse,
    Interval? FailInterval,
    Interval? PassInterval);
