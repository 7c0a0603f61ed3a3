using System.Collections.Immutable;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// The first line of a journal: the frozen suite and its fingerprint, so that reports can be rebuilt
/// and a resumed run can prove it continues the same plan.
/// </summary>
/// <param name="FormatVersion">Journal format version; readers refuse newer majors.</param>
/// <param name="Fingerprint">SHA-256 over what decides the plan's calls (<see cref="SuiteFingerprint"/>, hex).</param>
/// <param name="StartedAt">When the run first started (UTC).</param>
/// <param name="SuiteFile">The suite file as given on the command line.</param>
/// <param name="Suite">The frozen suite.</param>
/// <param name="Shard">The slice of the plan this run sends (<c>--shard i/n</c>); null for the whole plan (also a merged run).</param>
/// <param name="Pricing">The price table the run used, frozen like the suite; null when there was none (no cost section).</param>
/// <param name="BaselineLifecycle">The baseline's lifecycle as the control plane told it at the start; null in older journals.</param>
/// <param name="CandidateLifecycle">The (first) candidate's, likewise.</param>
/// <param name="Checksum">SHA-256 of this header without it (<see cref="HeaderChecksum"/>), set by the writer and verified by the reader.</param>
public sealed record JournalHeader(
    int FormatVersion,
    string Fingerprint,
    DateTimeOffset StartedAt,
    string SuiteFile,
    SuiteDefinition Suite,
    ShardSpec? Shard = null,
    PriceTable? Pricing = null,
    ModelLifecycleFacts? BaselineLifecycle = null,
    ModelLifecycleFacts? CandidateLifecycle = null,
    string? Checksum = null)
{
    /// <summary>
    /// The lifecycles of <see cref="SuiteDefinition.OtherCandidates"/>, in the same order, as told at the start (an entry
    /// per candidate; one whose lookup failed carries its error); empty for a suite with one candidate.
    /// </summary>
    public ImmutableArray<ModelLifecycleFacts> OtherCandidateLifecycles { get; init; } = [];

    /// <summary>The lifecycle of candidate <paramref name="index"/> (0-based), or null when the journal has none for it.</summary>
    public ModelLifecycleFacts? CandidateLifecycleOf(int index) =>
        index == 0 ? CandidateLifecycle : index - 1 < OtherCandidateLifecycles.Length ? OtherCandidateLifecycles[index - 1] : null;

    /// <summary>
    /// The header of the two-arm run of candidate <paramref name="index"/>: the suite's <see cref="SuiteDefinition.ForCandidate"/>
    /// view and that candidate's lifecycle; the header itself for a suite with one candidate.
    /// </summary>
    public JournalHeader ForCandidate(int index) => Suite.OtherCandidates.IsEmpty && index == 0
        ? this
        : this with { Suite = Suite.ForCandidate(index), CandidateLifecycle = CandidateLifecycleOf(index), OtherCandidateLifecycles = [] };
}

/// <summary>The last line of a journal whose run ended (completed, interrupted or aborted).</summary>
/// <param name="EndedAt">When the run ended (UTC).</param>
/// <param name="Status">How it ended.</param>
/// <param name="Message">Why it was aborted, when it was.</param>
public sealed record JournalEnd(DateTimeOffset EndedAt, RunStatus Status, string? Message);
