using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>
/// Where the runner keeps every finished try (the journal). A sink that can no longer keep records fails fast:
/// <see cref="Failed"/> fires and <see cref="Append"/> throws, and the runner sends no further call, because an
/// answer that cannot be kept is paid for and lost.
/// </summary>
internal interface IAttemptSink
{
    /// <summary>Cancelled as soon as the sink could not keep a record; the run stops.</summary>
    CancellationToken Failed { get; }

    /// <summary>Why the sink failed; null while it keeps records.</summary>
    AttemptSinkException? Failure { get; }

    /// <summary>Keeps one finished try.</summary>
    /// <exception cref="AttemptSinkException">The sink failed (now or earlier); the message says why.</exception>
    void Append(AttemptRecord attempt);
}

/// <summary>A sink could not keep records (disk full, read-only directory): the run must stop.</summary>
public sealed class AttemptSinkException(string message, Exception? inner = null) : Exception(message, inner);
