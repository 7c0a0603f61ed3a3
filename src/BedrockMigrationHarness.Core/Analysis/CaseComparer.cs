using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Baseline against candidate for one case, with the regressions the case's own samples support
/// (descriptive flags at p ≤ 0.10, not gates: see docs/statistics.md, "Per-case regressions").
/// </summary>
internal static class CaseComparer
{
    /// <summary>The per-case flags' significance level: loose on purpose, they point at cases to read, they decide nothing.</summary>
    public const double FlagLevel = 0.10;

    /// <summary>How far below the A/A noise floor similarity must fall to count as drift.</summary>
    public const double DriftMargin = 0.10;

    public static CaseComparison Compare(PromptCase @case, CaseArmData baseline, CaseArmData candidate, CaseArmData? repeat, double latencyLimit)
    {
        CaseArmSummary b = Summarize(baseline);
        CaseArmSummary c = Summarize(candidate);
        double? similarity = Similarity(baseline, candidate);
        double? noiseFloor = repeat is null ? null : Similarity(baseline, repeat);

        var regressions = ImmutableArray.CreateBuilder<string>();
        double severity = 0;

        if (b.ComplianceRate is { } baseRate && c.ComplianceRate is { } candRate && candRate < baseRate)
        {
            double p = ExactTests.FisherLowerTail(c.Compliant, c.Answered, b.Compliant, b.Answered);
            if (p <= FlagLevel)
            {
                regressions.Add($"compliance {Numbers.Count(b.Compliant)}/{Numbers.Count(b.Answered)} → {Numbers.Count(c.Compliant)}/{Numbers.Count(c.Answered)} (Fisher exact one-sided p = {Numbers.Decimal(p, "0.###")})");
                severity += (baseRate - candRate) * 10;
            }
        }

        foreach (Expectation expectation in @case.Expectations)
        {
            string description = CompiledExpectation.Describe(expectation);
            int baseFailed = Failing(baseline, description);
            int candFailed = Failing(candidate, description);
            if (candidate.Answered == 0 || baseline.Answered == 0
                || (double)candFailed / candidate.Answered <= (double)baseFailed / baseline.Answered)
            {
                continue;
            }

            double p = ExactTests.FisherLowerTail(candidate.Answered - candFailed, candidate.Answered, baseline.Answered - baseFailed, baseline.Answered);
            if (p <= FlagLevel)
            {
                string novelty = baseFailed == 0 ? "new failure" : "more failures";
                regressions.Add($"{novelty}: {description} fails on {Numbers.Count(candFailed)}/{Numbers.Count(candidate.Answered)} answers (baseline {Numbers.Count(baseFailed)}/{Numbers.Count(baseline.Answered)})");
                severity += ((double)candFailed / candidate.Answered - ((double)baseFailed / baseline.Answered)) * 5;
            }
        }

        if (b.P50LatencyMs is { } baseP50 && c.P50LatencyMs is { } candP50 && baseP50 > 0 && (candP50 / baseP50) - 1 > latencyLimit)
        {
            double p = RankTests.MannWhitneyGreater(candidate.Latency, baseline.Latency);
            if (p <= FlagLevel)
            {
                double change = (candP50 / baseP50) - 1;
                regressions.Add($"p50 latency {Numbers.Decimal(baseP50, "0")} ms → {Numbers.Decimal(candP50, "0")} ms ({Numbers.SignedPercent(change)}, Mann-Whitney one-sided p = {Numbers.Decimal(p, "0.###")})");
                severity += change;
            }
        }

        if (similarity is { } sim && noiseFloor is { } floor && sim < floor - DriftMargin)
        {
            regressions.Add($"answers drifted: similarity to the baseline {Numbers.Decimal(sim, "0.00")}, against {Numbers.Decimal(floor, "0.00")} between two baseline runs");
            severity += (floor - sim) * 5;
        }

        return new CaseComparison(@case.Id, b, c, similarity, noiseFloor, regressions.ToImmutable(), severity);
    }

    /// <summary>Regressions first, worst first; then by case id.</summary>
    public static ImmutableArray<CaseComparison> Sort(IEnumerable<CaseComparison> cases) =>
    [
        .. cases
            .OrderByDescending(static c => c.Regressions.IsEmpty ? 0 : 1)
            .ThenByDescending(static c => c.Severity)
            .ThenBy(static c => c.CaseId, StringComparer.Ordinal),
    ];

    public static CaseArmSummary Summarize(CaseArmData data)
    {
        double[] latency = [.. data.Latency];
        Array.Sort(latency);
        return new CaseArmSummary(
            data.Answered,
            data.Errors,
            data.Compliant,
            data.ExpectationsMet,
            data.Answered == 0 ? null : (double)data.Compliant / data.Answered,
            latency.Length == 0 ? null : Percentiles.Type7(latency, 0.5),
            latency.Length == 0 ? null : Percentiles.Type7(latency, 0.99),
            data.OutputTokens.Count == 0 ? null : data.OutputTokens.Average(),
            data.Deviations.ToImmutableSortedDictionary());
    }

    /// <summary>
    /// Mean <see cref="AnswerSimilarity"/> between answers with the same sample index, so the cost stays linear
    /// in the samples; null when no sample index was answered on both sides.
    /// </summary>
    public static double? Similarity(CaseArmData reference, CaseArmData other)
    {
        double sum = 0;
        int pairs = 0;
        foreach (var (sample, answer) in other.Answers)
        {
            if (reference.Answers.TryGetValue(sample, out var referenceAnswer))
            {
                sum += AnswerSimilarity.Of(referenceAnswer.Text, referenceAnswer.Json, answer.Text, answer.Json);
                pairs++;
            }
        }

        return pairs == 0 ? null : sum / pairs;
    }

    private static int Failing(CaseArmData data, string description)
    {
        string prefix = description + ": ";
        int failing = 0;
        foreach (CheckResult check in data.Checks)
        {
            foreach (string failure in check.ExpectationFailures)
            {
                if (failure.StartsWith(prefix, StringComparison.Ordinal))
                {
                    failing++;
                    break;
                }
            }
        }

        return failing;
    }
}
