using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>The plan and its estimated cost on the terminal (<c>bmh run --dry-run</c>), and the one-line total.</summary>
internal static class CostEstimateText
{
    public static void Write(IAnsiConsole console, RunCostEstimate estimate, PriceTable? prices)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Plan and estimated cost (nothing is called)");
        table.AddColumn("Arm");
        table.AddColumn("Model", c => c.NoWrap());
        table.AddColumn("Calls", c => c.RightAligned());
        table.AddColumn("Input tokens (≈, estimated)", c => c.RightAligned());
        table.AddColumn("Output tokens (≤ max_tokens)", c => c.RightAligned());
        table.AddColumn("Cost at most", c => c.RightAligned());
        var several = estimate.Arms.Any(a => a.Candidate > 0);
        foreach (var arm in estimate.Arms)
        {
            table.AddRow(
                several && arm.Arm == Arm.Candidate ? $"{Names.Camel(arm.Arm)} {arm.Candidate + 1}" : Names.Camel(arm.Arm), arm.ModelId, Num.Int(arm.Calls), Num.Int(arm.InputTokens), Num.Int(arm.MaxOutputTokens),
                arm.Usd is { } usd ? Num.Usd(usd) : "no price");
        }

        if (estimate.Judge is { } judge)
        {
            table.AddRow(
                $"judge ({Num.Count(judge.Pairs, "pair", "pairs")} × 2 orders)", judge.ModelId, Num.Int(judge.Calls), Num.Int(judge.InputTokens),
                Num.Int(judge.MaxOutputTokens), judge.Usd is { } usd ? Num.Usd(usd) : "no price");
        }

        console.Write(table);
        console.MarkupLineInterpolated($"{Total(estimate, prices)}");
    }

    /// <summary>"Estimated cost: at most $1.23 (prices from FILE)", or why there is no estimate.</summary>
    public static string Total(RunCostEstimate estimate, PriceTable? prices) =>
        (estimate.TotalUsd, prices) switch
        {
            ({ } usd, { } table) => $"Estimated cost: at most {Num.Usd(usd)} for {Num.Int(estimate.Calls)} calls{JudgeShare(estimate)} (prices from {table.File}; retries not counted).",
            (null, { } table) => $"No estimate: {table.File} has no price for {string.Join(" or ", estimate.UnpricedModels)}.",
            _ => $"No estimate: {NoPriceTable}.",
        };

    /// <summary>
    /// An adaptive run's bounds under the first round's table: "Until decided: the table is round 1 (5 samples per case);
    /// rounds follow while a blocking gate is undecided, up to the max_samples cap of 100 per case: at most 4,000 calls,
    /// at most $12.34." With a <c>max_cost</c> below that, the cap is the worst case.
    /// </summary>
    public static string AtTheCaps(AdaptiveSettings adaptive, int firstRoundSamples, RunCostEstimate atMaxSamples, PriceTable? prices)
    {
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentNullException.ThrowIfNull(atMaxSamples);
        var head = $"Until decided: the table is round 1 ({Num.Count(firstRoundSamples, "sample", "samples")} per case); rounds follow while a blocking gate is undecided, " +
            $"up to the max_samples cap of {Num.Count(adaptive.MaxSamples)} per case: at most {Num.Count(atMaxSamples.Calls)} calls";
        return (atMaxSamples.TotalUsd, adaptive.MaxCostUsd) switch
        {
            ({ } usd, { } cap) when cap < usd => $"{head}, at most {Num.Usd(usd)}; the max_cost cap of {Num.Usd(cap)} is lower, so the run spends at most about {Num.Usd(cap)}.",
            ({ } usd, _) => $"{head}, at most {Num.Usd(usd)}.",
            _ => $"{head}. {Total(atMaxSamples, prices)}",
        };
    }

    /// <summary>
    /// A batch run's jobs under the table: "Batch inference under s3://…: baseline 1 job (600 records), candidate 1 job (600
    /// records); costs at batch prices (on-demand prices, an upper bound, for a model without them)", and why the run would be
    /// refused when an arm is below a job's minimum.
    /// </summary>
    public static string Batch(BatchSettings batch, RunCostEstimate estimate, IReadOnlyList<string> quotaProblems)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(quotaProblems);
        var arms = string.Join(", ", estimate.Arms.Select(a => $"{Names.Camel(a.Arm)} {Num.Count(batch.JobsFor(a.Calls), "job", "jobs")} ({Num.Count(a.Calls, "record", "records")})"));
        var head = $"Batch inference under {batch.Location}: {arms}; the arms' costs are at batch prices (on-demand prices, an upper bound, for a model the table has none for), the judge's on demand.";
        return quotaProblems.Count == 0
            ? head
            : $"{head} Not startable as batch: {string.Join("; ", quotaProblems)}; run without --batch (on demand).";
    }

    /// <summary>Where a price table is looked for, said when none was found.</summary>
    public const string NoPriceTable = "no price table found (prompts/pricing.yaml above the suite, or pricing: FILE in the suite)";

    /// <summary>The judge's part of the total, shown apart: ", of which the judge $0.12".</summary>
    private static string JudgeShare(RunCostEstimate estimate) =>
        estimate.Judge is { Usd: { } usd } ? $", of which the judge {Num.Usd(usd)}" : string.Empty;
}
