using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Both arms' lifecycle as looked up when the run started.</summary>
public sealed record LifecycleSummary(ArmLifecycle Baseline, ArmLifecycle Candidate)
{
    /// <summary>From the journal header; null for a journal written before lifecycles were recorded.</summary>
    public static LifecycleSummary? From(JournalHeader header) =>
        header.BaselineLifecycle is { } b && header.CandidateLifecycle is { } c
            ? new LifecycleSummary(ArmLifecycle.Of(b), ArmLifecycle.Of(c))
            : null;
}

/// <summary>One arm's lifecycle facts, classified at the moment they were looked up.</summary>
/// <param name="DaysLeft">Whole days from the lookup to the end of life, or null when none is known.</param>
public sealed record ArmLifecycle(ModelLifecycleFacts Facts, LifecycleStage Stage, int? DaysLeft)
{
    public static ArmLifecycle Of(ModelLifecycleFacts facts) =>
        new(facts, LifecycleClassifier.Classify(facts, facts.CheckedAt), LifecycleClassifier.DaysLeft(facts, facts.CheckedAt));
}
