using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// The journal, with every record it kept also handed to <paramref name="kept"/> (the judge's plan reads the model calls'
/// answers from it), so the judge phase needs no second read of the journal.
/// </summary>
internal sealed class KeepingSink(IAttemptSink journal, Action<AttemptRecord> kept) : IAttemptSink
{
    public CancellationToken Failed => journal.Failed;

    public AttemptSinkException? Failure => journal.Failure;

    public void Append(AttemptRecord attempt)
    {
        journal.Append(attempt);
        kept(attempt);
    }
}
