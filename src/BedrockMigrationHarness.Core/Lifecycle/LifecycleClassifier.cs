namespace BedrockMigrationHarness.Lifecycle;

/// <summary>
/// Our stage of a model at an instant. Every date is inclusive: at exactly <c>endOfLifeTime</c> the model is END OF
/// LIFE, at exactly <c>publicExtendedAccessTime</c> it is in EXTENDED ACCESS, at exactly <c>legacyTime</c> it is LEGACY.
/// </summary>
public static class LifecycleClassifier
{
    /// <summary>
    /// UNKNOWN when the lookup failed; END OF LIFE when the model is gone or <paramref name="now"/> is at or past its
    /// end of life; EXTENDED ACCESS at or past <c>publicExtendedAccessTime</c>; LEGACY when Bedrock says so or at or
    /// past <c>legacyTime</c>; otherwise ACTIVE.
    /// </summary>
    public static LifecycleStage Classify(ModelLifecycleFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Error is not null)
        {
            return LifecycleStage.Unknown;
        }

        if (facts.Gone || Reached(facts.EndOfLifeTime, now))
        {
            return LifecycleStage.EndOfLife;
        }

        if (Reached(facts.PublicExtendedAccessTime, now))
        {
            return LifecycleStage.ExtendedAccess;
        }

        return string.Equals(facts.BedrockStatus, "LEGACY", StringComparison.OrdinalIgnoreCase) || Reached(facts.LegacyTime, now)
            ? LifecycleStage.Legacy
            : LifecycleStage.Active;
    }

    /// <summary>
    /// Whole days from <paramref name="now"/> to the end of life, rounded down (23 hours left is 0 days); 0 once it
    /// has passed or the model is gone; null when no end of life is known.
    /// </summary>
    public static int? DaysLeft(ModelLifecycleFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Gone)
        {
            return 0;
        }

        return facts.EndOfLifeTime is { } eol ? (int)Math.Max(0, Math.Floor((eol - now).TotalDays)) : null;
    }

    private static bool Reached(DateTimeOffset? date, DateTimeOffset now) => date is { } d && now >= d;
}
