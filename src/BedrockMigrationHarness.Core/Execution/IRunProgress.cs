using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>Told about the run as it goes; the CLI draws a progress bar or prints lines from it.</summary>
public interface IRunProgress
{
    /// <summary>The run starts: <paramref name="total"/> planned attempts, <paramref name="alreadySettled"/> of them from a resumed journal.</summary>
    void Started(int total, int alreadySettled);

    /// <summary>A planned attempt settled; <paramref name="final"/> is its last try.</summary>
    void Settled(AttemptRecord final);

    /// <summary>A try failed and will be retried after <paramref name="delay"/>.</summary>
    void Retrying(AttemptRecord failedTry, TimeSpan delay);
}
