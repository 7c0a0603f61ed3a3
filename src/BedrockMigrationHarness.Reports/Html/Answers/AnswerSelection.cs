using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Html.Answers;

/// <summary>Which answers the HTML report shows inline, and what it says about the rest.</summary>
/// <param name="CaseIds">The cases whose answers are shown.</param>
/// <param name="MaxSamplesPerCase">Samples shown per case (the lowest sample indices).</param>
/// <param name="MaxAnswerChars">Longer answers are cut, with a note, at this length.</param>
/// <param name="Note">What the page says when not every answer is shown; null when every answer is.</param>
internal sealed record AnswerSelection(ImmutableHashSet<string> CaseIds, int MaxSamplesPerCase, int MaxAnswerChars, string? Note);

/// <summary>
/// The scale bound of the HTML report: a small run shows every answer; a large one (more than
/// <see cref="LargeCaseCount"/> cases or <see cref="LargeAttemptCount"/> attempts) shows the regressed
/// cases first (worst first) and fills up with an evenly spaced, hence deterministic, sample of the others,
/// at most <see cref="BoundedCases"/> cases and <see cref="BoundedSamples"/> samples each.
/// A 2,000-case × 10-sample run stays well under 15 MB this way; attempts.csv always has everything.
/// </summary>
internal static class AnswerSelector
{
    public const int LargeCaseCount = 2_000;
    public const int LargeAttemptCount = 20_000;
    public const int BoundedCases = 500;
    public const int BoundedSamples = 3;
    public const int FullAnswerChars = 20_000;
    public const int BoundedAnswerChars = 2_000;

    /// <param name="attempts">Every journal record; the judge's calls are no answers and do not count towards the bound.</param>
    public static AnswerSelection Select(RunAnalysis analysis, ImmutableArray<CheckedAttempt> attempts)
    {
        var cases = analysis.Cases;
        var attemptCount = attempts.Count(a => !a.Record.Arm.IsJudge());
        var all = cases.Select(c => c.CaseId).ToImmutableHashSet(StringComparer.Ordinal);
        if (cases.Length <= LargeCaseCount && attemptCount <= LargeAttemptCount)
        {
            return new AnswerSelection(all, int.MaxValue, FullAnswerChars, null);
        }

        // The analysis orders the cases: regressed, then worse, worst first within each.
        var regressed = cases.Where(c => c.Label != CaseLabel.UnchangedOrBetter)
            .Take(BoundedCases).Select(c => c.CaseId).ToList();
        var others = cases.Where(c => c.Label == CaseLabel.UnchangedOrBetter).Select(c => c.CaseId).Order(StringComparer.Ordinal).ToList();
        var room = Math.Min(BoundedCases - regressed.Count, others.Count);
        var sample = Enumerable.Range(0, room).Select(i => others[(int)((long)i * others.Count / room)]);
        var shown = regressed.Concat(sample).ToImmutableHashSet(StringComparer.Ordinal);

        var note = string.Create(CultureInfo.InvariantCulture,
            $"Answers for {shown.Count} of {cases.Length} cases are shown (regressed and worse cases first, worst first, then an even sample of the rest; " +
            $"at most {BoundedSamples} samples per case, each cut at {BoundedAnswerChars} characters). Every attempt is in attempts.csv.");
        return new AnswerSelection(shown, BoundedSamples, BoundedAnswerChars, note);
    }
}
