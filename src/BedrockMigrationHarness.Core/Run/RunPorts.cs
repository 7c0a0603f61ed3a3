using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>Both models' lifecycle, looked up once at the start of a new run and frozen into the journal header.</summary>
public interface ILifecycleSource
{
    /// <summary>Never throws for a failed lookup: the facts say why (<see cref="ModelLifecycleFacts.Error"/>).</summary>
    Task<(ModelLifecycleFacts Baseline, ModelLifecycleFacts Candidate)> LookUpAsync(SuiteDefinition suite, CancellationToken cancellationToken);
}

/// <summary>What a run tells its caller as it goes: notes, the start, and the progress of its calls.</summary>
public interface IRunObserver
{
    /// <summary>Something worth saying that does not stop the run (a tolerated journal problem, an unknown lifecycle).</summary>
    void Note(string message);

    /// <summary>Runs <paramref name="run"/> with the progress it should report to, once the plan is known.</summary>
    Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run);
}

/// <summary>The outside world a run talks to: where calls go, the lifecycle lookup, and who watches.</summary>
public sealed record RunPorts(IModelClient Client, ILifecycleSource Lifecycle, IRunObserver Observer);

/// <summary>A run as it starts, for the terminal.</summary>
/// <param name="Cases">Cases in this run (in the shard when there is one).</param>
/// <param name="TotalCalls">Planned attempts of this run, the settled ones included.</param>
/// <param name="AlreadySettled">Planned attempts a resumed journal already holds.</param>
public sealed record RunStart(
    SuiteDefinition Suite, ShardSpec? Shard, int Cases, int Arms, int TotalCalls, int AlreadySettled, string JournalPath);
