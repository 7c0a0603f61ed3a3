using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Reports.Formatting;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>The "Judged quality" section of report.html, formatted invariant; nothing without a judge.</summary>
internal static class JudgeViewBuilder
{
    /// <summary>How many cases the section lists, the worst first; summary.json has every case.</summary>
    public const int MaxCases = 10;

    /// <param name="anchors">Each case's answers section, for the cases whose answers the page shows.</param>
    public static JudgeView Build(JudgeSummary? judge, IReadOnlyDictionary<string, string> anchors)
    {
        if (judge is null)
        {
            return JudgeView.None;
        }

        var cases = judge.Cases.Take(MaxCases)
            .Select(c => new JudgedCaseView(
                c.CaseId,
                anchors.GetValueOrDefault(c.CaseId) ?? "",
                Num.SignedPoints(c.NetLoss),
                $"{Num.Int(c.Wins)} / {Num.Int(c.Ties)} / {Num.Int(c.Losses)}",
                Num.Int(c.Failed),
                c.Reasons))
            .ToList();
        var note = judge.Cases.Length > MaxCases
            ? $"The {Num.Int(MaxCases)} worst of {Num.Int(judge.Cases.Length)} judged cases are listed; summary.json has every case."
            : "";
        return new JudgeView(
            true,
            JudgeText.Method(judge),
            [
                Outcome("wins (both orders preferred the candidate)", judge.Wins, judge.Pairs, "var(--go)"),
                Outcome("ties (both said tie, or the orders disagreed)", judge.Ties, judge.Pairs, "var(--line)"),
                Outcome("losses (both orders preferred " + JudgeText.Other(judge.Mode) + ")", judge.Losses, judge.Pairs, "var(--nogo)"),
                Outcome("judge failed (an error or a malformed verdict after retries)", judge.JudgeFailed, judge.Pairs, "var(--warn)"),
                Outcome("not judged (an arm gave no answer)", judge.NotJudged, judge.Pairs, "var(--muted)"),
            ],
            JudgeText.NetLoss(judge),
            JudgeText.PositionBias(judge),
            JudgeText.Agreement(judge),
            JudgeText.Meaning,
            JudgeText.Spend(judge),
            note,
            [.. cases]);
    }

    private static JudgeOutcomeView Outcome(string label, int count, int pairs, string colour)
    {
        double? share = pairs == 0 ? null : count / (double)pairs;
        return new JudgeOutcomeView(label, Num.Int(count), Num.Percent(share), Num.Decimal(100 * (share ?? 0), "0.##"), colour);
    }
}
