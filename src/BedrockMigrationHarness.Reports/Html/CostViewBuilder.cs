using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>The cost section of report.html, formatted invariant.</summary>
internal static class CostViewBuilder
{
    public static CostView Build(ReportData data)
    {
        var analysis = data.Analysis;
        if (analysis.Cost is not { } cost)
        {
            return new CostView(false, CostText.Missing(data), "", [], "", "", "", "", "", "", "");
        }

        return new CostView(
            true,
            cost.PricesVerified ? "" : CostText.UnverifiedNote,
            $"projected to {Num.Count(cost.RequestsPerMonth)} requests per month (traffic.requests_per_month)",
            [Row("baseline", cost.Baseline), Row("candidate", cost.Candidate)],
            Num.SignedUsd(cost.MonthlyDelta.Value),
            CostText.Interval(cost.MonthlyDelta.Interval, Num.SignedUsd),
            Num.SignedPercent(cost.MonthlyChange.Value),
            CostText.Interval(cost.MonthlyChange.Interval, Num.SignedPercent),
            CostText.NotMigrating(cost),
            Num.Usd(cost.RunSpend),
            cost.PriceFile);
    }

    private static CostRowView Row(string arm, ArmCost cost) => new(
        arm,
        cost.ModelId,
        $"{Num.Usd(cost.Price.InputPerMillion)} in / {Num.Usd(cost.Price.OutputPerMillion)} out" +
        (cost.Price.CacheReadPerMillion is { } read ? $" / {Num.Usd(read)} cache read" : "") +
        (cost.Price.CacheWritePerMillion is { } write ? $" / {Num.Usd(write)} cache write" : "") +
        (cost.Price is { BatchInputPerMillion: { } batchIn, BatchOutputPerMillion: { } batchOut } ? $" / batch {Num.Usd(batchIn)} in, {Num.Usd(batchOut)} out" : "") +
        " per 1M tokens",
        CostText.PriceSource(cost.Price),
        Num.Usd(cost.PerThousandRequests.Value),
        CostText.Interval(cost.PerThousandRequests.Interval, Num.Usd),
        Num.Usd(cost.Monthly.Value),
        CostText.Interval(cost.Monthly.Interval, Num.Usd));
}
