namespace BedrockMigrationHarness.Import.Selection;

/// <summary>
/// The strata of <c>--stratify length</c>: a request's <see cref="LoggedRequest.TextLength"/> on a fixed log scale
/// (factors of 4), so the few long prompts of a log set form strata of their own and stay in a sample.
/// </summary>
internal static class LengthBuckets
{
    private static readonly (int Below, string Label)[] Buckets =
    [
        (1_000, "<1k chars"),
        (4_000, "1k-4k chars"),
        (16_000, "4k-16k chars"),
        (64_000, "16k-64k chars"),
    ];

    /// <summary>The bucket <paramref name="characters"/> falls in: its rank (0 = shortest) and label.</summary>
    public static StratumKey Of(int characters)
    {
        for (var i = 0; i < Buckets.Length; i++)
        {
            if (characters < Buckets[i].Below)
            {
                return new StratumKey(i, Buckets[i].Label);
            }
        }

        return new StratumKey(Buckets.Length, ">=64k chars");
    }
}
