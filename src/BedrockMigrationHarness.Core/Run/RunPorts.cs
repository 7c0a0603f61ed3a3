using System.Collections.Immutable;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>Every model's lifecycle, looked up once at the start of a new run and frozen into the journal header.</summary>
public interface ILifecycleSource
{
    /// <summary>
    /// The baseline's lifecycle and each candidate's, in the suite's order (<see cref="SuiteDefinition.Candidates"/>). Never
    /// throws for a failed lookup: the facts say why (<see cref="ModelLifecycleFacts.Error"/>).
    /// </summary>
    Task<(ModelLifecycleFacts Baseline, ImmutableArray<ModelLifecycleFacts> Candidates)> LookUpAsync(SuiteDefinition suite, CancellationToken cancellationToken);
}

/// <summary>What a run tells its caller as it goes: notes, the start, and the progress of its calls.</summary>
public interface IRunObserver
{
    /// <summary>Something worth saying that does not stop the run (a tolerated journal problem, an unknown lifecycle).</summary>
    void Note(string message);

    /// <summary>
    /// Runs <paramref name="run"/> with the progress it should report to, once the plan is known: once for the model calls,
    /// and once more for the judge's calls when the suite has a judge and every model call settled (<see cref="RunStart.Judging"/>);
    /// in an adaptive run, so once per round (<see cref="RunStart.Round"/>).
    /// </summary>
    Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run);
}

/// <summary>The outside world a run talks to: where calls go, the lifecycle lookup, and who watches.</summary>
public sealed record RunPorts(IModelClient Client, ILifecycleSource Lifecycle, IRunObserver Observer)
{
    /// <summary>Bedrock batch inference, for a suite with <see cref="SuiteDefinition.Batch"/>; null when the run makes on-demand calls only.</summary>
    public IBatchInference? Batch { get; init; }
}

/// <summary>
/// A phase of a run as it starts, for the terminal: the model calls, then (with a judge) the judge's calls, each observed
/// on its own (<see cref="IRunObserver.ObserveAsync"/> is called once per phase).
/// </summary>
/// <param name="Cases">Cases in this phase (in the shard when there is one).</param>
/// <param name="Arms">The arms of the model calls; for the judge, its 2 orders.</param>
/// <param name="TotalCalls">Planned attempts of this phase, the settled ones included.</param>
/// <param name="AlreadySettled">Planned attempts of this phase a resumed journal already holds.</param>
public sealed record RunStart(
    SuiteDefinition Suite, ShardSpec? Shard, int Cases, int Arms, int TotalCalls, int AlreadySettled, string JournalPath)
{
    /// <summary>The judge phase's model and pairs; null for the model calls.</summary>
    public JudgingStart? Judging { get; init; }

    /// <summary>
    /// The round of an adaptive run this phase belongs to, 1 for the first (<see cref="Suite"/>'s samples are the round's:
    /// every case is brought to them); null for a fixed-size run.
    /// </summary>
    public int? Round { get; init; }
}

/// <summary>The judge phase as it starts: <paramref name="Pairs"/> pairs of answers, each judged in both orders by <paramref name="ModelId"/>.</summary>
public sealed record JudgingStart(string ModelId, int Pairs);
