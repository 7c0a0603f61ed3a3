using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Pricing;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>Sentences about cost that several reports share.</summary>
public static class CostText
{
    public const string UnverifiedNote =
        "Prices marked unverified come from third-party pages, not AWS's price list: check them before you budget on them.";

    /// <summary>
    /// "as of 2026-03-21, unverified: SOURCE", or for a price taken from AWS's Price List (<c>verified: true</c>, as
    /// <c>bmh prices import</c> writes it) "as of 2025-06-18, from AWS's price list: SOURCE".
    /// </summary>
    public static string PriceSource(ModelPrice price) =>
        $"as of {Num.Date(price.AsOf)}, {(price.Verified ? "from AWS's price list" : "unverified")}: {price.Source}";

    /// <summary>
    /// Where the two arms' prices come from, for the console and summary.md: "prices from AWS's price list",
    /// "unverified prices", or, when they differ, which one is unverified.
    /// </summary>
    public static string Provenance(CostSummary cost) => (cost.Baseline.Price.Verified, cost.Candidate.Price.Verified) switch
    {
        (true, true) => "prices from AWS's price list",
        (false, false) => "unverified prices",
        (true, false) => "the baseline's price from AWS's price list, the candidate's unverified",
        (false, true) => "the candidate's price from AWS's price list, the baseline's unverified",
    };

    /// <summary>The cost of not migrating, in one sentence.</summary>
    public static string NotMigrating(CostSummary cost)
    {
        string when = cost.ExtendedAccessFrom is { } from ? $"from {Num.Date(from)}" : "once it enters extended access";
        var premium = cost.BaselineExtendedAccessMonthly.Value - cost.Baseline.Monthly.Value;
        return $"Staying on {cost.Baseline.ModelId}: {when}, extended-access prices ({Num.Plain(cost.ExtendedAccessMultiplier)}×) make it " +
               $"{Num.Usd(cost.BaselineExtendedAccessMonthly.Value)} per month {Interval(cost.BaselineExtendedAccessMonthly.Interval, Num.Usd)}, " +
               $"{Num.SignedUsd(premium)} per month over today's price.";
    }

    /// <summary>The monthly delta with its interval: "+$52.04 per month (+276.3%; 95% CI +$40.10 to +$61.00)".</summary>
    public static string MonthlyDelta(CostSummary cost, string confidence) =>
        $"{Num.SignedUsd(cost.MonthlyDelta.Value)} per month ({Num.SignedPercent(cost.MonthlyChange.Value)}" +
        (cost.MonthlyDelta.Interval is { } i ? $"; {confidence} CI {Num.SignedUsd(i.Lower)} to {Num.SignedUsd(i.Upper)})" : ")");

    /// <summary>
    /// What the run's calls cost: "$1.17", or with a priced judge "$1.53 ($1.17 the models' calls, $0.3641 the judge's)",
    /// so the judge's spend is never taken for the models'.
    /// </summary>
    public static string RunSpend(CostSummary cost, JudgeSummary? judge) =>
        judge?.SpendUsd is { } spend
            ? $"{Num.Usd(cost.RunSpend + spend)} ({Num.Usd(cost.RunSpend)} the models' calls, {Num.Usd(spend)} the judge's)"
            : Num.Usd(cost.RunSpend);

    /// <summary>Why a report has no cost section.</summary>
    public static string Missing(ReportData data)
    {
        var run = data.Analysis.Run;
        if (data.Header.Pricing is not { } table)
        {
            return "No cost: the run had no price table (add prompts/pricing.yaml above the suite, or pricing: FILE to the suite).";
        }

        var unpriced = new[] { run.BaselineModelId, run.CandidateModelId }.Where(m => table.Find(m) is null).ToList();
        return unpriced.Count > 0
            ? $"No cost: {table.File} has no price for {string.Join(" or ", unpriced)}."
            : "No cost: an arm has no answer to measure tokens from.";
    }

    /// <summary>"[$15.00, $23.00]" in the given format, or "n/a" without an interval.</summary>
    public static string Interval(Interval? interval, Func<double?, string> format) =>
        interval is { } i ? $"[{format(i.Lower)}, {format(i.Upper)}]" : Num.Missing;
}
