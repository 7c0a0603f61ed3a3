namespace BedrockMigrationHarness.Vocabulary;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Every planned attempt finished.</summary>
    Completed,
    /// <summary>Stopped by the user (Ctrl+C) or killed; the journal keeps what finished.</summary>
    Interrupted,
    /// <summary>Stopped because no call could succeed (end-of-life model, no access, no credentials).</summary>
    Aborted,
}
