using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>One row of the "Against production" table, every value already formatted; empty where a row has no such value.</summary>
/// <param name="Difference">Candidate minus baseline with its interval (similarity and tool choice only).</param>
/// <param name="Cases">How many cases the row rests on.</param>
internal sealed record ReferenceRow(string Figure, string Production, string Baseline, string Candidate, string Difference, string Cases);

/// <summary>
/// How every report says what the references and production's logged figures show, with the same words and numbers.
/// Nothing here is a gate: the reports say so.
/// </summary>
public static class ReferenceText
{
    /// <summary>Above this relative gap in input tokens the replayed requests are said not to be what production sent.</summary>
    internal const double InputTokenTolerance = 0.10;

    /// <summary>Above this relative gap in p50 latency the test environment is said not to be production.</summary>
    internal const double LatencyTolerance = 0.25;

    internal const string Informational =
        "Informational: similarity to the reference and production's figures decide no gate and do not change the verdict.";

    /// <summary>"Against production" when some reference was logged in production, else "Against the reference answers".</summary>
    public static string Title(ReferenceSummary reference) =>
        reference.Production is null ? "Against the reference answers" : "Against production";

    /// <summary>Similarity, tool choice and the production figures, in that order; rows without data are left out.</summary>
    internal static ImmutableArray<ReferenceRow> Rows(ReferenceSummary reference, string confidence)
    {
        var rows = ImmutableArray.CreateBuilder<ReferenceRow>();
        if (reference.Similarity is { } s)
        {
            rows.Add(new ReferenceRow(
                "Similarity to the reference (0..1)", "",
                Score(s.Baseline), Score(s.Candidate),
                s.Difference is { } d ? $"{Num.SignedScore(d.Value)}{Interval(d, Num.SignedScore, confidence)}" : Num.Missing,
                Num.Int(s.Cases)));
        }

        if (reference.ToolChoice is { } t)
        {
            rows.Add(new ReferenceRow(
                "Same tools as the reference", "",
                $"{Num.Percent(t.Baseline.Value)} of {Num.Int(t.BaselineAnswers)} answers",
                $"{Num.Percent(t.Candidate.Value)} of {Num.Int(t.CandidateAnswers)} answers",
                t.BaselineAnswers > 0 && t.CandidateAnswers > 0 ? Num.SignedPoints(t.Candidate.Value - t.Baseline.Value) : Num.Missing,
                Num.Int(t.Cases)));
        }

        if (reference.Production is { } p)
        {
            rows.Add(Figure("p50 latency (metrics.latencyMs)", p.LatencyP50, Num.Ms));
            rows.Add(Figure("p90 latency (metrics.latencyMs)", p.LatencyP90, Num.Ms));
            rows.Add(Figure("Input tokens (mean per case)", p.InputTokens, Num.Tokens));
            rows.Add(Figure("Output tokens (mean per case)", p.OutputTokens, Num.Tokens));
        }

        return rows.ToImmutable();
    }

    /// <summary>
    /// In plain words what the gaps between production and the measured baseline mean: a gap in input tokens says the
    /// replayed requests are not what production sent; a gap in latency says this environment is not production.
    /// </summary>
    internal static ImmutableArray<string> Findings(ReferenceSummary reference)
    {
        if (reference.Production is not { } p)
        {
            return [];
        }

        var findings = ImmutableArray.CreateBuilder<string>();
        if (p.InputTokens.BaselineGap is { } input)
        {
            findings.Add(Math.Abs(input) > InputTokenTolerance
                ? $"The replayed requests are not what production sent: the baseline read {Num.Tokens(p.InputTokens.Baseline)} input tokens per case against {Num.Tokens(p.InputTokens.Production)} logged in production ({Num.SignedPercent(input)}). A system prompt, tools, earlier turns or files differ; check the import before comparing anything else with production."
                : $"The replayed requests are the size production sent: {Num.Tokens(p.InputTokens.Baseline)} input tokens per case against {Num.Tokens(p.InputTokens.Production)} logged (within {Whole(InputTokenTolerance)}).");
        }

        if (p.LatencyP50.BaselineGap is { } latency)
        {
            findings.Add(Math.Abs(latency) > LatencyTolerance
                ? $"The baseline answered {(latency > 0 ? "slower" : "faster")} here than in production (p50 {Num.Ms(p.LatencyP50.Baseline)} against {Num.Ms(p.LatencyP50.Production)}, {Num.SignedPercent(latency)}): this test environment is not production (region, load, quotas or inference profile differ), so read the run's latencies as a comparison of the two arms, not as what production will see."
                : $"The baseline's latency here is close to production's: p50 {Num.Ms(p.LatencyP50.Baseline)} against {Num.Ms(p.LatencyP50.Production)} (within {Whole(LatencyTolerance)}).");
        }

        return findings.ToImmutable();
    }

    /// <summary>One line for the terminal and summary headers: the similarity of both arms and the production latency.</summary>
    public static string Line(ReferenceSummary reference, string confidence)
    {
        var parts = new List<string>();
        if (reference.Similarity is { } s)
        {
            parts.Add($"similarity to the reference {Score(s.Baseline)} → {Score(s.Candidate)}" +
                (s.Difference is { } d ? $" ({Num.SignedScore(d.Value)}{Interval(d, Num.SignedScore, confidence)})" : ""));
        }

        if (reference.ToolChoice is { } t)
        {
            parts.Add($"same tools as the reference {Num.Percent(t.Baseline.Value)} → {Num.Percent(t.Candidate.Value)}");
        }

        if (reference.Production is { LatencyP50.Production: not null } p)
        {
            parts.Add($"p50 latency production {Num.Ms(p.LatencyP50.Production)}, measured baseline {Num.Ms(p.LatencyP50.Baseline)}");
        }

        return $"{(parts.Count == 0 ? "no answer to compare" : string.Join(" · ", parts))} ({Num.Int(reference.Cases)} {(reference.Cases == 1 ? "case" : "cases")} with a reference; informational, no gate)";
    }

    /// <summary>The case table's cell: "0.82 → 0.74", "tools 100.0% → 66.7%", both, or "n/a".</summary>
    internal static string Cell(CaseReferenceResult? c)
    {
        if (c is null)
        {
            return Num.Missing;
        }

        var parts = new List<string>();
        if (c.BaselineSimilarity is not null || c.CandidateSimilarity is not null)
        {
            parts.Add($"{Num.Score(c.BaselineSimilarity)} → {Num.Score(c.CandidateSimilarity)}");
        }

        if (c.BaselineSameTool is not null || c.CandidateSameTool is not null)
        {
            parts.Add($"tools {Num.Percent(c.BaselineSameTool)} → {Num.Percent(c.CandidateSameTool)}");
        }

        return parts.Count == 0 ? Num.Missing : string.Join(" · ", parts);
    }

    private static ReferenceRow Figure(string name, ProductionFigure f, Func<double?, string> format) =>
        new(name, format(f.Production), format(f.Baseline), format(f.Candidate), "", Num.Int(f.Cases));

    private static string Score(Estimate? e) =>
        e is null ? Num.Missing : Num.Score(e.Value) + (e.Interval is { } i ? $" [{Num.Score(i.Lower)}, {Num.Score(i.Upper)}]" : "");

    private static string Whole(double fraction) => Num.Decimal(fraction * 100, "0") + "%";

    private static string Interval(Estimate e, Func<double?, string> format, string confidence) =>
        e.Interval is { } i ? $", {confidence} CI {format(i.Lower)} to {format(i.Upper)}" : "";
}
