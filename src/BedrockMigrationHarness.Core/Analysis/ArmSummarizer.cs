using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Summarises one arm over all cases: counts, Wilson-interval rates, percentiles and token means.</summary>
internal static class ArmSummarizer
{
    public static ArmSummary Summarize(ArmData arm, int armIndex, BootstrapReplicates replicates, int planned, double confidenceLevel)
    {
        int finished = arm.Sum(static c => c.Finished);
        int answered = arm.Sum(static c => c.Answered);
        int compliant = arm.Sum(static c => c.Compliant);
        int expectationsMet = arm.Sum(static c => c.HasExpectations ? c.ExpectationsMet : 0);
        int judged = arm.Sum(static c => c.HasExpectations ? c.Answered : 0);
        bool hasExpectations = arm.Cases.Any(static c => c.HasExpectations);

        var errors = new SortedDictionary<Vocabulary.CallOutcome, int>();
        var deviations = new SortedDictionary<Checks.FormatDeviation, int>();
        foreach (CaseArmData data in arm.Cases)
        {
            foreach (var (outcome, count) in data.ErrorsByKind)
            {
                errors[outcome] = errors.GetValueOrDefault(outcome) + count;
            }

            foreach (var (deviation, count) in data.Deviations)
            {
                deviations[deviation] = deviations.GetValueOrDefault(deviation) + count;
            }
        }

        double[] outputTokens = Pooled(arm, static c => c.OutputTokens);
        PercentileSet? ttft = Pooled(arm, static c => c.TimeToFirstToken) is { Length: > 0 } ttftValues
            ? PercentileSetOf(ttftValues, replicates.TimeToFirstToken[armIndex], confidenceLevel)
            : null;

        bool cache = arm.Cases.Any(static c => c.ReportsCache);
        double[] reasoning = Pooled(arm, static c => c.ReasoningChars);
        return new ArmSummary(
            arm.Arm,
            arm.ModelId,
            planned,
            finished,
            answered,
            errors.ToImmutableSortedDictionary(),
            arm.Calls,
            arm.ThrottledCalls,
            arm.RetriedCalls,
            Rate(compliant, answered, confidenceLevel),
            deviations.ToImmutableSortedDictionary(),
            hasExpectations ? Rate(expectationsMet, judged, confidenceLevel) : null,
            Rate(finished - answered, finished, confidenceLevel),
            PercentileSetOf(Pooled(arm, static c => c.Latency), replicates.Latency[armIndex], confidenceLevel),
            ttft,
            MeanOf(Pooled(arm, static c => c.InputTokens), replicates.InputTokenMeans[armIndex], confidenceLevel),
            MeanOf(outputTokens, replicates.OutputTokenMeans[armIndex], confidenceLevel),
            outputTokens.Length == 0 ? null : Percentiles.Type7(Sorted(outputTokens), 0.5))
        {
            MeanCacheReadInputTokens = cache ? MeanOf(Pooled(arm, static c => c.CacheReadTokens), replicates.CacheReadTokenMeans[armIndex], confidenceLevel) : null,
            MeanCacheWriteInputTokens = cache ? MeanOf(Pooled(arm, static c => c.CacheWriteTokens), replicates.CacheWriteTokenMeans[armIndex], confidenceLevel) : null,
            AnswersWithReasoning = reasoning.Length,
            MeanReasoningChars = reasoning.Length == 0 ? null : reasoning.Average(),
            TotalTokens = arm.Tokens,
        };
    }

    /// <summary>A proportion with its Wilson interval; value 0 and no interval when there is no trial.</summary>
    public static Estimate Rate(int successes, int trials, double confidenceLevel) =>
        new(trials == 0 ? 0 : (double)successes / trials, ProportionIntervals.Wilson(successes, trials, confidenceLevel));

    /// <summary>p50/p90/p99 (type 7) with bootstrap intervals, and the small-sample caveat in words.</summary>
    public static PercentileSet PercentileSetOf(double[] values, double[][] replicates, double confidenceLevel)
    {
        int n = values.Length;
        if (n == 0)
        {
            return new PercentileSet(0, null, null, null, "No successful answers, so no percentiles.");
        }

        double[] sorted = Sorted(values);
        var estimates = new Estimate[BootstrapReplicates.Probabilities.Length];
        for (int q = 0; q < estimates.Length; q++)
        {
            estimates[q] = new Estimate(
                Percentiles.Type7(sorted, BootstrapReplicates.Probabilities[q]),
                CaseBootstrap.PercentileInterval(replicates[q], confidenceLevel));
        }

        return new PercentileSet(n, estimates[0], estimates[1], estimates[2], Caveat(n));
    }

    /// <summary>Said when a percentile rests on too few values to be what its name says.</summary>
    public static string? Caveat(int n)
    {
        var parts = new List<string>(2);
        if (n < 20)
        {
            parts.Add($"p90 rests on {Num.Count(n)} answers: fewer than 20, so it is the top of a small sample, not a p90.");
        }

        if (n < 100)
        {
            parts.Add($"p99 rests on {Num.Count(n)} answers: fewer than 100, so it is the max of a small sample, not a p99.");
        }

        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    public static double[] Pooled(ArmData arm, Func<CaseArmData, List<double>> metric)
    {
        int total = 0;
        foreach (CaseArmData data in arm.Cases)
        {
            total += metric(data).Count;
        }

        var pooled = new double[total];
        int at = 0;
        foreach (CaseArmData data in arm.Cases)
        {
            List<double> values = metric(data);
            values.CopyTo(pooled, at);
            at += values.Count;
        }

        return pooled;
    }

    public static double[] Sorted(double[] values)
    {
        double[] sorted = [.. values];
        Array.Sort(sorted);
        return sorted;
    }

    private static Estimate MeanOf(double[] values, double[] replicates, double confidenceLevel) =>
        values.Length == 0
            ? new Estimate(0, null)
            : new Estimate(values.Average(), CaseBootstrap.PercentileInterval(replicates, confidenceLevel));
}
