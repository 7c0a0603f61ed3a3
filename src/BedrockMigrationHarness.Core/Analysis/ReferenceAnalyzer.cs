using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Compares each arm's answers with the cases' references and production's logged figures with the measured ones
/// (<see cref="ReferenceSummary"/>). Informational only: nothing here feeds a gate.
/// </summary>
internal static class ReferenceAnalyzer
{
    /// <summary>The summary over the cases that have a reference; null when none has.</summary>
    /// <param name="cases">The suite's cases, in the order of the arms' case data.</param>
    /// <param name="resamples">Bootstrap resamples over cases for the similarity intervals.</param>
    public static ReferenceSummary? Analyze(IReadOnlyList<PromptCase> cases, ArmData baseline, ArmData candidate,
        double confidenceLevel, int resamples, int seed)
    {
        int[] indexes = [.. Enumerable.Range(0, cases.Count).Where(i => cases[i].Reference is not null)];
        if (indexes.Length == 0)
        {
            return null;
        }

        var perCase = new CaseReferenceResult[indexes.Length];
        // Similarity is the costliest step (token-set ratio per answer), so the cases run in parallel.
        Parallel.For(0, indexes.Length, k =>
        {
            int i = indexes[k];
            CaseReference reference = cases[i].Reference!;
            string? referenceJson = reference.Text.Length == 0 ? null : JsonExtractor.Extract(reference.Text).Json;
            perCase[k] = new CaseReferenceResult(
                cases[i].Id,
                Similarity(reference, referenceJson, baseline.Cases[i]),
                Similarity(reference, referenceJson, candidate.Cases[i]),
                SameTool(reference, baseline.Cases[i]),
                SameTool(reference, candidate.Cases[i]));
        });

        return new ReferenceSummary(
            indexes.Length,
            SimilarityOf(indexes.Where(i => cases[i].Reference!.Text.Length > 0).Count(), perCase, confidenceLevel, resamples, seed),
            ToolChoiceOf(cases, indexes, baseline, candidate, confidenceLevel),
            ProductionOf(cases, indexes, baseline, candidate),
            [.. perCase]);
    }

    private static double? Similarity(CaseReference reference, string? referenceJson, CaseArmData arm)
    {
        if (reference.Text.Length == 0 || arm.Answers.Count == 0)
        {
            return null;
        }

        double sum = 0;
        foreach (var answer in arm.Answers.Values)
        {
            sum += AnswerSimilarity.Of(reference.Text, referenceJson, answer.Text, answer.Json);
        }

        return sum / arm.Answers.Count;
    }

    private static double? SameTool(CaseReference reference, CaseArmData arm) =>
        reference.ToolCalls.IsDefaultOrEmpty || arm.Answers.Count == 0
            ? null
            : (double)SameToolCount(reference, arm) / arm.Answers.Count;

    private static int SameToolCount(CaseReference reference, CaseArmData arm) =>
        arm.Answers.Values.Count(a => a.ToolCalls.Select(static c => c.Name).SequenceEqual(reference.ToolCalls.Select(static c => c.Name), StringComparer.Ordinal));

    /// <summary>
    /// Per arm the mean of the case means with its bootstrap-over-cases interval, and the paired difference over the cases
    /// both arms answered. The three statistics are resampled with one seed, so they stay paired resample by resample.
    /// </summary>
    private static ReferenceSimilarity? SimilarityOf(int cases, CaseReferenceResult[] perCase, double confidenceLevel, int resamples, int seed)
    {
        if (cases == 0)
        {
            return null;
        }

        double[][] baseline = [.. perCase.Select(static c => c.BaselineSimilarity is { } v ? new[] { v } : [])];
        double[][] candidate = [.. perCase.Select(static c => c.CandidateSimilarity is { } v ? new[] { v } : [])];
        double[][] difference = [.. perCase.Select(static c => c is { BaselineSimilarity: { } b, CandidateSimilarity: { } v } ? new[] { v - b } : [])];
        double[][] replicates = CaseBootstrap.Means([baseline, candidate, difference], resamples, seed);
        return new ReferenceSimilarity(
            cases,
            Mean(baseline, replicates[0], confidenceLevel),
            Mean(candidate, replicates[1], confidenceLevel),
            Mean(difference, replicates[2], confidenceLevel));
    }

    private static Estimate? Mean(double[][] perCase, double[] replicates, double confidenceLevel)
    {
        double[] values = [.. perCase.SelectMany(static v => v)];
        return values.Length == 0 ? null : new Estimate(values.Average(), CaseBootstrap.PercentileInterval(replicates, confidenceLevel));
    }

    private static ToolChoiceAgreement? ToolChoiceOf(IReadOnlyList<PromptCase> cases, int[] indexes, ArmData baseline, ArmData candidate, double confidenceLevel)
    {
        int[] tools = [.. indexes.Where(i => !cases[i].Reference!.ToolCalls.IsDefaultOrEmpty)];
        if (tools.Length == 0)
        {
            return null;
        }

        (int Answers, int Same) Count(ArmData arm) =>
            (tools.Sum(i => arm.Cases[i].Answers.Count), tools.Sum(i => SameToolCount(cases[i].Reference!, arm.Cases[i])));

        var (baseAnswers, baseSame) = Count(baseline);
        var (candAnswers, candSame) = Count(candidate);
        return new ToolChoiceAgreement(tools.Length,
            baseAnswers, ArmSummarizer.Rate(baseSame, baseAnswers, confidenceLevel),
            candAnswers, ArmSummarizer.Rate(candSame, candAnswers, confidenceLevel));
    }

    private static ProductionComparison? ProductionOf(IReadOnlyList<PromptCase> cases, int[] indexes, ArmData baseline, ArmData candidate)
    {
        var logged = indexes.Where(i => cases[i].Reference!.Production is not null).Select(i => (Index: i, Call: cases[i].Reference!.Production!)).ToArray();
        if (logged.Length == 0)
        {
            return null;
        }

        int[] withLatency = [.. logged.Where(static l => l.Call.LatencyMs is not null).Select(static l => l.Index)];
        double[] productionLatency = [.. logged.Where(static l => l.Call.LatencyMs is not null).Select(static l => l.Call.LatencyMs!.Value)];
        double[] baselineLatency = [.. withLatency.SelectMany(i => baseline.Cases[i].ServerLatency)];
        double[] candidateLatency = [.. withLatency.SelectMany(i => candidate.Cases[i].ServerLatency)];
        ProductionFigure Latency(double probability) => new(
            withLatency.Length, Percentile(productionLatency, probability), Percentile(baselineLatency, probability), Percentile(candidateLatency, probability));

        ProductionFigure Tokens(Func<ProductionCall, int?> loggedTokens, Func<CaseArmData, List<double>> measured)
        {
            var with = logged.Where(l => loggedTokens(l.Call) is not null).ToArray();
            return new ProductionFigure(
                with.Length,
                with.Length == 0 ? null : with.Average(l => (double)loggedTokens(l.Call)!.Value),
                MeanOfCaseMeans(with.Select(l => measured(baseline.Cases[l.Index]))),
                MeanOfCaseMeans(with.Select(l => measured(candidate.Cases[l.Index]))));
        }

        return new ProductionComparison(
            logged.Length,
            Latency(0.50),
            Latency(0.90),
            Tokens(static c => c.InputTokens, static d => d.InputTokens),
            Tokens(static c => c.OutputTokens, static d => d.OutputTokens));
    }

    /// <summary>The type-7 percentile, or null without values.</summary>
    private static double? Percentile(double[] values, double probability)
    {
        if (values.Length == 0)
        {
            return null;
        }

        double[] sorted = ArmSummarizer.Sorted(values);
        return Percentiles.Type7(sorted, probability);
    }

    /// <summary>Each case weighs the same, as production's one logged call per case does; cases without values are left out.</summary>
    private static double? MeanOfCaseMeans(IEnumerable<List<double>> perCase)
    {
        double[] means = [.. perCase.Where(static v => v.Count > 0).Select(static v => v.Average())];
        return means.Length == 0 ? null : means.Average();
    }
}
