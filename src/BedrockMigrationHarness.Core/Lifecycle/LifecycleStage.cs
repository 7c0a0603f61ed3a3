namespace BedrockMigrationHarness.Lifecycle;

/// <summary>
/// Where a model is in its life, in our words (Bedrock itself says only ACTIVE or LEGACY). Ordered: a later member is
/// further along, so <c>stage &gt;= Legacy</c> reads "LEGACY or worse".
/// </summary>
public enum LifecycleStage
{
    /// <summary>The lookup failed; the stage is not known.</summary>
    Unknown,
    /// <summary>Available, no retirement announced or reached.</summary>
    Active,
    /// <summary>Deprecated: still served at the normal price, with an end-of-life date ahead.</summary>
    Legacy,
    /// <summary>Past <c>publicExtendedAccessTime</c>: still served, at a higher price.</summary>
    ExtendedAccess,
    /// <summary>Past <c>endOfLifeTime</c>, or gone from the region (404, or "The provided model identifier is invalid.").</summary>
    EndOfLife,
}

/// <summary>The words for <see cref="LifecycleStage"/>: spaced for people, upper snake case for JSON.</summary>
public static class LifecycleStageText
{
    /// <summary>"ACTIVE", "LEGACY", "EXTENDED ACCESS", "END OF LIFE" or "UNKNOWN".</summary>
    public static string Of(LifecycleStage stage) => Json(stage).Replace('_', ' ');

    /// <summary>"ACTIVE", "LEGACY", "EXTENDED_ACCESS", "END_OF_LIFE" or "UNKNOWN" (the stable JSON values).</summary>
    public static string Json(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Active => "ACTIVE",
        LifecycleStage.Legacy => "LEGACY",
        LifecycleStage.ExtendedAccess => "EXTENDED_ACCESS",
        LifecycleStage.EndOfLife => "END_OF_LIFE",
        LifecycleStage.Unknown => "UNKNOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage, null),
    };
}
