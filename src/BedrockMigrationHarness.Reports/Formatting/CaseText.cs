using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>How every report labels a case and says what changed in it, with the same words.</summary>
internal static class CaseText
{
    /// <summary>"regressed", "worse" or "unchanged or better".</summary>
    public static string Label(CaseLabel label) => label switch
    {
        CaseLabel.Regressed => "regressed",
        CaseLabel.Worse => "worse",
        CaseLabel.UnchangedOrBetter => "unchanged or better",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, null),
    };

    /// <summary>"REGRESSED", "WORSE" or "UNCHANGED OR BETTER": the badge.</summary>
    public static string Badge(CaseLabel label) => Label(label).ToUpperInvariant();

    /// <summary>"reg", "worse" or "ok": the CSS class of the label.</summary>
    public static string Class(CaseLabel label) => label switch
    {
        CaseLabel.Regressed => "reg",
        CaseLabel.Worse => "worse",
        _ => "ok",
    };

    /// <summary>
    /// The flags of a regressed case; for the others the counts, e.g. "format 5/5 → 3/5 · correctness 5/5 → 5/5 ·
    /// errors 0 → 1", with "not significant on the case's own samples" for a worse case.
    /// </summary>
    public static string Summary(CaseComparison c) => c.Label switch
    {
        CaseLabel.Regressed => string.Join("; ", c.Regressions),
        CaseLabel.Worse => Counts(c) + " (fewer passing answers, not significant on the case's own samples)",
        _ => Counts(c),
    };

    /// <summary>Passing answers of both arms: format compliance, correctness when the case has expectations, errors when any.</summary>
    public static string Counts(CaseComparison c)
    {
        var (b, cand) = (c.Baseline, c.Candidate);
        var parts = new List<string> { $"format {Num.Int(b.Compliant)}/{Num.Int(b.Answered)} → {Num.Int(cand.Compliant)}/{Num.Int(cand.Answered)}" };
        if (b.CorrectnessRate is not null || cand.CorrectnessRate is not null)
        {
            parts.Add($"correctness {Num.Int(b.ExpectationsMet)}/{Num.Int(b.Answered)} → {Num.Int(cand.ExpectationsMet)}/{Num.Int(cand.Answered)}");
        }

        if (b.Errors + cand.Errors > 0)
        {
            parts.Add($"errors {Num.Int(b.Errors)} → {Num.Int(cand.Errors)}");
        }

        return string.Join(" · ", parts);
    }
}
