using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Baseline against candidate for each case, with the regressions the case's own samples support (descriptive
/// flags, not gates: see docs/statistics.md, "Per-case regressions") and the label every report shows.
/// </summary>
internal static class CaseComparer
{
    /// <summary>The compliance and expectation flags' significance level: loose on purpose, they point at cases to read, they decide nothing.</summary>
    public const double FlagLevel = 0.10;

    /// <summary>How far below the A/A noise floor similarity must fall to count as drift.</summary>
    public const double DriftMargin = 0.10;

    /// <summary>
    /// Every case of the suite, in parallel (answer similarity is the costliest statistic of a large journal), sorted
    /// by <see cref="Sort"/>. The latency flags are one test per case, so they are held to a false-discovery rate of
    /// <paramref name="falseDiscoveryRate"/> across the cases (Benjamini–Hochberg): with identical arms a suite of
    /// hundreds of cases would otherwise flag some at random.
    /// </summary>
    public static ImmutableArray<CaseComparison> CompareAll(IReadOnlyList<PromptCase> cases, ArmData baseline, ArmData candidate,
        ArmData? repeat, double latencyLimit, double falseDiscoveryRate)
    {
        var drafts = new Draft[cases.Count];
        Parallel.For(0, cases.Count, i => drafts[i] = Compare(cases[i], baseline.Cases[i], candidate.Cases[i], repeat?.Cases[i], latencyLimit));

        var tested = drafts.Where(static d => d.LatencyP is not null).ToArray();
        bool[] discovered = MultipleTesting.BenjaminiHochberg([.. tested.Select(static d => d.LatencyP!.Value)], falseDiscoveryRate);
        var flagged = new HashSet<Draft>(tested.Where((_, i) => discovered[i]));
        return Sort(drafts.Select(d => d.Finish(flagged.Contains(d))));
    }

    /// <summary>Labelled cases first (regressed, then worse), worst first; then by case id.</summary>
    public static ImmutableArray<CaseComparison> Sort(IEnumerable<CaseComparison> cases) =>
    [
        .. cases
            .OrderByDescending(static c => c.Label)
            .ThenByDescending(static c => c.Severity)
            .ThenBy(static c => c.CaseId, StringComparer.Ordinal),
    ];

    private static Draft Compare(PromptCase @case, CaseArmData baseline, CaseArmData candidate, CaseArmData? repeat, double latencyLimit)
    {
        CaseArmSummary b = Summarize(baseline);
        CaseArmSummary c = Summarize(candidate);
        double? similarity = Similarity(baseline, candidate);
        double? noiseFloor = repeat is null ? null : Similarity(baseline, repeat);
        var findings = ImmutableArray.CreateBuilder<Finding>();

        if (b.ComplianceRate is { } baseRate && c.ComplianceRate is { } candRate && candRate < baseRate)
        {
            double p = ExactTests.FisherLowerTail(c.Compliant, c.Answered, b.Compliant, b.Answered);
            if (p <= FlagLevel)
            {
                findings.Add(new($"format compliance {Num.Count(b.Compliant)}/{Num.Count(b.Answered)} → {Num.Count(c.Compliant)}/{Num.Count(c.Answered)} (Fisher exact one-sided {Num.PValue(p)})",
                    (baseRate - candRate) * 10));
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
                findings.Add(new($"{novelty}: {description} fails on {Num.Count(candFailed)}/{Num.Count(candidate.Answered)} answers (baseline {Num.Count(baseFailed)}/{Num.Count(baseline.Answered)})",
                    ((double)candFailed / candidate.Answered - ((double)baseFailed / baseline.Answered)) * 5));
            }
        }

        double? latencyP = null;
        Finding? latency = null;
        if (b.P50LatencyMs is { } baseP50 && c.P50LatencyMs is { } candP50 && baseP50 > 0)
        {
            latencyP = RankTests.MannWhitneyGreater(candidate.Latency, baseline.Latency);
            double change = (candP50 / baseP50) - 1;
            latency = change > latencyLimit
                ? new($"p50 latency {Num.Decimal(baseP50, "0")} ms → {Num.Decimal(candP50, "0")} ms ({Num.SignedWholePercent(change)}, Mann-Whitney one-sided {Num.PValue(latencyP.Value)}, significant across cases at the run's false-discovery rate)", change)
                : null;
        }

        Finding? drift = similarity is { } sim && noiseFloor is { } floor && sim < floor - DriftMargin
            ? new($"answers drifted: similarity to the baseline {Num.Decimal(sim, "0.00")}, against {Num.Decimal(floor, "0.00")} between two baseline runs", (floor - sim) * 5)
            : null;

        return new Draft(@case.Id, b, c, similarity, noiseFloor, findings.ToImmutable(), latencyP, latency, drift);
    }

    /// <summary>
    /// Worse: fewer passing answers than the baseline (a lower format-compliance or correctness rate, or more errors)
    /// without a flag; the severity is the same weighting of the drops the flags use.
    /// </summary>
    private static double Shortfall(CaseArmSummary b, CaseArmSummary c)
    {
        double shortfall = 0;
        if (b.ComplianceRate is { } bc && c.ComplianceRate is { } cc && cc < bc)
        {
            shortfall += (bc - cc) * 10;
        }

        if (b.CorrectnessRate is { } br && c.CorrectnessRate is { } cr && cr < br)
        {
            shortfall += (br - cr) * 5;
        }

        int baseFinished = b.Answered + b.Errors;
        int candFinished = c.Answered + c.Errors;
        if (baseFinished > 0 && candFinished > 0 && (double)c.Errors / candFinished > (double)b.Errors / baseFinished)
        {
            shortfall += ((double)c.Errors / candFinished) - ((double)b.Errors / baseFinished);
        }

        return shortfall;
    }

    private sealed record Finding(string Text, double Severity);

    /// <summary>A case compared, before the latency flags are decided across all cases.</summary>
    /// <param name="LatencyP">The one-sided Mann–Whitney p of the case's latency; null without answers on both arms.</param>
    /// <param name="Latency">The latency flag if it survives the correction: only when the p50 rose past the gate's limit.</param>
    private sealed record Draft(string CaseId, CaseArmSummary Baseline, CaseArmSummary Candidate, double? Similarity, double? NoiseFloor,
        ImmutableArray<Finding> Quality, double? LatencyP, Finding? Latency, Finding? Drift)
    {
        public CaseComparison Finish(bool latencyDiscovered)
        {
            ImmutableArray<Finding> findings =
            [
                .. Quality,
                .. latencyDiscovered && Latency is { } latency ? [latency] : Array.Empty<Finding>(),
                .. Drift is { } drift ? [drift] : Array.Empty<Finding>(),
            ];
            if (!findings.IsEmpty)
            {
                return new CaseComparison(CaseId, Baseline, Candidate, Similarity, NoiseFloor, [.. findings.Select(static f => f.Text)],
                    findings.Sum(static f => f.Severity), CaseLabel.Regressed);
            }

            double shortfall = Shortfall(Baseline, Candidate);
            return new CaseComparison(CaseId, Baseline, Candidate, Similarity, NoiseFloor, [], shortfall,
                shortfall > 0 ? CaseLabel.Worse : CaseLabel.UnchangedOrBetter);
        }
    }

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
            data.Answered == 0 || !data.HasExpectations ? null : (double)data.ExpectationsMet / data.Answered,
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
