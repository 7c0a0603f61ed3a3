using System.Collections.Immutable;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Pricing;

/// <summary>
/// On-demand prices per model id (docs/lifecycle-and-cost.md, <c>prompts/pricing.yaml</c>). Frozen into the journal
/// header, so a report computes costs without the file.
/// </summary>
/// <param name="File">The file it was read from, as shown to people.</param>
/// <param name="Models">Base model id → price.</param>
public sealed record PriceTable(string File, ImmutableSortedDictionary<string, ModelPrice> Models)
{
    /// <summary>The multiplier for extended access when neither the model nor the file gives one.</summary>
    public const double DefaultExtendedAccessMultiplier = 2;

    /// <summary>The price of a model id; inference-profile ids and ARNs take their base model's price. Null when not listed.</summary>
    public ModelPrice? Find(string modelId) =>
        Models.TryGetValue(modelId, out var exact) ? exact
        : Models.TryGetValue(ModelIds.BaseModelId(modelId), out var price) ? price
        : null;
}

/// <summary>One model's on-demand price in US dollars per million tokens, with where it comes from.</summary>
/// <param name="CacheReadPerMillion">Prompt-cache reads (<c>cacheReadInputTokens</c>), where the model has them; null prices them as input.</param>
/// <param name="CacheWritePerMillion">Prompt-cache writes (<c>cacheWriteInputTokens</c>), as above.</param>
/// <param name="AsOf">When the price was taken from <paramref name="Source"/>.</param>
/// <param name="Verified">False when the price was not checked against AWS's own price list.</param>
/// <param name="ExtendedAccessMultiplier">The price factor during public extended access (default 2).</param>
public sealed record ModelPrice(
    double InputPerMillion,
    double OutputPerMillion,
    double? CacheReadPerMillion,
    double? CacheWritePerMillion,
    DateOnly AsOf,
    string Source,
    bool Verified,
    double ExtendedAccessMultiplier)
{
    /// <summary>
    /// US dollars for one call with these token counts. Bedrock's <c>inputTokens</c> excludes the cached ones, so cache
    /// reads and writes are priced on top, at the cache prices (at the input price where the table has none). Reasoning
    /// is part of the output tokens.
    /// </summary>
    public double CostOf(double inputTokens, double outputTokens, double cacheReadTokens = 0, double cacheWriteTokens = 0) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)
         + (cacheReadTokens * (CacheReadPerMillion ?? InputPerMillion)) + (cacheWriteTokens * (CacheWritePerMillion ?? InputPerMillion))) / 1_000_000;

    /// <summary>Batch inference's input price (<c>batch_input_per_million</c>), where the table has one.</summary>
    public double? BatchInputPerMillion { get; init; }

    /// <summary>Batch inference's output price (<c>batch_output_per_million</c>), where the table has one.</summary>
    public double? BatchOutputPerMillion { get; init; }

    /// <summary>The price list gives batch prices for this model.</summary>
    public bool HasBatchPrices => BatchInputPerMillion is not null && BatchOutputPerMillion is not null;

    /// <summary>
    /// US dollars for one call of a batch job: at the batch prices, or at the on-demand prices (<see cref="CostOf"/>, an upper
    /// bound: batch inference is cheaper) where the table has none.
    /// </summary>
    public double BatchCostOf(double inputTokens, double outputTokens) => HasBatchPrices
        ? ((inputTokens * BatchInputPerMillion!.Value) + (outputTokens * BatchOutputPerMillion!.Value)) / 1_000_000
        : CostOf(inputTokens, outputTokens);
}
