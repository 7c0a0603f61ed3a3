using System.Collections.Concurrent;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

internal sealed class RecordingProgress : IRunProgress
{
    public ConcurrentQueue<AttemptRecord> Settled { get; } = new();

    public ConcurrentQueue<AttemptRecord> Retries { get; } = new();

    public int Total { get; private set; }

    public void Started(int total, int alreadySettled) => Total = total;

    void IRunProgress.Settled(AttemptRecord final) => Settled.Enqueue(final);

    public void Retrying(AttemptRecord failedTry, TimeSpan delay) => Retries.Enqueue(failedTry);
}
