using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Prices the measured tokens. Cost per request = mean input tokens × input price + mean output tokens × output price
/// + mean cache-read and cache-write tokens × their prices (per answered call; reasoning is in the output tokens); its interval comes from the same bootstrap-over-cases replicates as the token means, so
/// baseline, candidate and their difference stay paired resample by resample.
/// </summary>
internal static class CostAnalyzer
{
    /// <summary>The cost summary, or null when the run has no price table, a model has no price, or an arm has no answer.</summary>
    /// <param name="records">Every record of the journal (for the run's own spend).</param>
    /// <param name="baseline">Replicate index 0 in <paramref name="replicates"/>.</param>
    /// <param name="candidate">Replicate index 1.</param>
    public static CostSummary? Analyze(JournalHeader header, ArmSummary baseline, ArmSummary candidate,
        BootstrapReplicates replicates, IReadOnlyList<AttemptRecord> records)
    {
        if (header.Pricing is not { } table
            || table.Find(baseline.ModelId) is not { } baselinePrice
            || table.Find(candidate.ModelId) is not { } candidatePrice
            || baseline.Answered == 0 || candidate.Answered == 0)
        {
            return null;
        }

        double level = header.Suite.Gates.ConfidenceLevel;
        double months = header.Suite.Traffic.RequestsPerMonth / 1000.0;
        double[] baselineReplicates = PerThousand(baselinePrice, replicates, 0);
        double[] candidateReplicates = PerThousand(candidatePrice, replicates, 1);
        ArmCost baseCost = Arm(baseline, baselinePrice, baselineReplicates, months, level);
        ArmCost candCost = Arm(candidate, candidatePrice, candidateReplicates, months, level);

        var delta = new double[baselineReplicates.Length];
        for (int b = 0; b < delta.Length; b++)
        {
            delta[b] = (candidateReplicates[b] - baselineReplicates[b]) * months;
        }

        double multiplier = baselinePrice.ExtendedAccessMultiplier;
        return new CostSummary(
            table.File,
            header.Suite.Traffic.RequestsPerMonth,
            baseCost,
            candCost,
            new Estimate(candCost.Monthly.Value - baseCost.Monthly.Value, CaseBootstrap.PercentileInterval(delta, level)),
            new Estimate((candCost.PerThousandRequests.Value / baseCost.PerThousandRequests.Value) - 1,
                CaseBootstrap.PercentileInterval(CaseBootstrap.RelativeChange(candidateReplicates, baselineReplicates), level)),
            Scale(baseCost.Monthly, multiplier),
            multiplier,
            header.BaselineLifecycle?.PublicExtendedAccessTime,
            RunSpend(table, records, header.Suite.Batch is not null),
            baselinePrice.Verified && candidatePrice.Verified);
    }

    /// <summary>Replicate-wise relative change of the monthly cost, for the CostIncrease gate; empty without a summary.</summary>
    public static double[] MonthlyChangeReplicates(CostSummary? cost, BootstrapReplicates replicates) =>
        cost is null
            ? []
            : CaseBootstrap.RelativeChange(PerThousand(cost.Candidate.Price, replicates, 1), PerThousand(cost.Baseline.Price, replicates, 0));

    /// <summary>
    /// US dollars of every call of the two models' arms with tokens; a model without a price adds nothing. The judge's
    /// calls are left out: their spend is <see cref="JudgeSummary.SpendUsd"/>, shown apart. With <paramref name="batch"/> (a batch
    /// run) at batch prices (<see cref="ModelPrice.BatchCostOf"/>); the monthly projection stays at on-demand prices, as production calls.
    /// </summary>
    public static double RunSpend(PriceTable table, IReadOnlyList<AttemptRecord> records, bool batch = false)
    {
        double total = 0;
        foreach (AttemptRecord record in records)
        {
            if (!record.Arm.IsJudge() && (record.InputTokens is not null || record.OutputTokens is not null) && table.Find(record.ModelId) is { } price)
            {
                total += batch
                    ? price.BatchCostOf(record.InputTokens ?? 0, record.OutputTokens ?? 0)
                    : price.CostOf(record.InputTokens ?? 0, record.OutputTokens ?? 0, record.CacheReadInputTokens ?? 0, record.CacheWriteInputTokens ?? 0);
            }
        }

        return total;
    }

    private static double[] PerThousand(ModelPrice price, BootstrapReplicates replicates, int arm)
    {
        double[] input = replicates.InputTokenMeans[arm];
        double[] output = replicates.OutputTokenMeans[arm];
        double[] cacheRead = replicates.CacheReadTokenMeans[arm];
        double[] cacheWrite = replicates.CacheWriteTokenMeans[arm];
        var result = new double[input.Length];
        for (int b = 0; b < result.Length; b++)
        {
            result[b] = 1000 * price.CostOf(input[b], output[b], cacheRead[b], cacheWrite[b]);
        }

        return result;
    }

    private static ArmCost Arm(ArmSummary arm, ModelPrice price, double[] perThousand, double months, double level)
    {
        double value = 1000 * price.CostOf(arm.MeanInputTokens.Value, arm.MeanOutputTokens.Value,
            arm.MeanCacheReadInputTokens?.Value ?? 0, arm.MeanCacheWriteInputTokens?.Value ?? 0);
        Interval? interval = CaseBootstrap.PercentileInterval(perThousand, level);
        var per = new Estimate(value, interval);
        return new ArmCost(arm.ModelId, price, per, Scale(per, months));
    }

    private static Estimate Scale(Estimate estimate, double factor) =>
        new(estimate.Value * factor, estimate.Interval is { } i ? new Interval(i.Lower * factor, i.Upper * factor) : null);
}
