using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Journal;

/// <summary>What an adaptive run did after a look.</summary>
public enum LookStop
{
    /// <summary>A blocking gate is undecided and the caps allow: another round to <see cref="LookRecord.NextSamplesPerCase"/>.</summary>
    Continue,

    /// <summary>The verdict is decided: a blocking gate failed, or every blocking gate passed at the look's level.</summary>
    Decided,

    /// <summary>Undecided, and the cases already have the <c>max_samples</c> cap.</summary>
    MaxSamples,

    /// <summary>Undecided, and not one more sample per case fits under the <c>max_cost</c> cap.</summary>
    MaxCost,
}

/// <summary>A gate's state at a look of an adaptive run: shown beyond its limit, shown within it, or neither yet.</summary>
public enum LookGateState
{
    /// <summary>The look's repeated interval (at <see cref="LookRecord.PassLevel"/>) lies wholly within the limit.</summary>
    Pass,

    /// <summary>The look's repeated interval (at <see cref="LookRecord.FailLevel"/>) lies wholly beyond the limit.</summary>
    Fail,

    /// <summary>Neither: more samples are needed to decide.</summary>
    Undecided,
}

/// <summary>One blocking gate at a look.</summary>
/// <param name="Estimate">The gate's estimate at the look (its delta, or the candidate's rate for a floor); null without data.</param>
public sealed record LookGate(GateKind Kind, LookGateState State, double? Estimate);

/// <summary>
/// One look of an adaptive run, journaled after its analysis and before the next round, so <c>--resume</c> knows the
/// round it was in and <c>bmh report</c> can recompute and show every look's decision.
/// </summary>
/// <param name="Index">1 for the first look.</param>
/// <param name="SamplesPerCase">The samples every case was planned to have at this look.</param>
/// <param name="Fraction">The information fraction the error spending used: settled candidate attempts / (cases × max_samples).</param>
/// <param name="FailLevel">The two-sided confidence level whose interval had to lie wholly beyond a limit for a FAIL.</param>
/// <param name="PassLevel">The two-sided confidence level whose interval had to lie wholly within a limit for a PASS.</param>
/// <param name="Gates">The blocking gates, in suite order.</param>
/// <param name="ModelCalls">Calls made so far, retries and judge calls included.</param>
/// <param name="SpendUsd">What the run had cost so far (models and judge); null without prices.</param>
/// <param name="NextSamplesPerCase">With <see cref="LookStop.Continue"/>: the samples per case the next round brings every case to.</param>
public sealed record LookRecord(
    int Index,
    int SamplesPerCase,
    double Fraction,
    double FailLevel,
    double PassLevel,
    ImmutableArray<LookGate> Gates,
    long ModelCalls,
    double? SpendUsd,
    LookStop Stop,
    int? NextSamplesPerCase,
    DateTimeOffset At);
