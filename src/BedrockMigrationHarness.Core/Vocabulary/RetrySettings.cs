namespace BedrockMigrationHarness.Vocabulary;

/// <summary>
/// The AWS "standard" retry policy: capped attempts, exponential backoff with full jitter
/// (delay = random(0, min(MaxDelay, BaseDelay × 2^retry))).
/// </summary>
/// <param name="MaxAttempts">Calls per planned attempt, the first included. Default 5.</param>
/// <param name="BaseDelay">Backoff base. Default 500 ms.</param>
/// <param name="MaxDelay">Backoff cap. Default 20 s.</param>
public sealed record RetrySettings(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static RetrySettings Default { get; } = new(5, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20));
}
