using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>How every report says what the judge found (suite key <c>judge:</c>), with the same words and numbers.</summary>
public static class JudgeText
{
    public const string Title = "Judged quality";

    /// <summary>What position bias and agreement mean, for a reader who has not met them.</summary>
    public const string Meaning =
        "Position bias is the share of judged pairs where the judge picked the same position in both orders (answer A both " +
        "times, or B both times): there the order of the answers decided, not their content, and the pair counts as a tie. " +
        "Agreement is the share of judged pairs whose two orders gave the same verdict. A high position bias or a low " +
        "agreement says the judge's verdicts tell more about the judge than about the answers.";

    /// <summary>"the baseline's answer" or "the case's reference answer": what the candidate's answer is judged against.</summary>
    public static string Other(JudgeMode mode) =>
        mode == JudgeMode.Reference ? "the case's reference answer" : "the baseline's answer";

    /// <summary>How the judge was asked, in one sentence.</summary>
    public static string Method(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var sameSample = judge.Mode == JudgeMode.Reference ? "" : " of the same case and sample";
        return $"{judge.ModelId} judged the candidate's answer against {Other(judge.Mode)}{sameSample}, asked in both orders " +
               "(each answer shown first once): a pair is a win or a loss only when both orders agree, a tie otherwise.";
    }

    /// <summary>"3 wins · 9 ties · 6 losses of 18 judged pairs (20 pairs; 1 judge failed, 1 not judged)".</summary>
    public static string Outcomes(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        return $"{Num.Count(judge.Wins, "win", "wins")} · {Num.Count(judge.Ties, "tie", "ties")} · {Num.Count(judge.Losses, "loss", "losses")} " +
               $"of {Num.Count(judge.Judged, "judged pair", "judged pairs")} ({Num.Count(judge.Pairs, "pair", "pairs")}; " +
               $"{Num.Int(judge.JudgeFailed)} judge failed, {Num.Int(judge.NotJudged)} not judged)";
    }

    /// <summary>The net loss over the judged pairs, (losses − wins) / judged, in points: "+16.7 pts"; "n/a" when none was judged.</summary>
    public static string NetLoss(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        return Num.SignedPoints(judge.Judged == 0 ? null : (judge.Losses - judge.Wins) / (double)judge.Judged);
    }

    /// <summary>"11.1% [3.1%, 32.8%] (the first answer both times in 2 pairs, the second in 0)"; "n/a" when none was judged.</summary>
    public static string PositionBias(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        if (judge.PositionBias is not { } bias)
        {
            return Num.Missing;
        }

        var same = (int)Math.Round(bias.Value * judge.Judged);
        return $"{Rate(bias)} (the first answer both times in {Num.Count(judge.FirstPositionPicks, "pair", "pairs")}, " +
               $"the second in {Num.Int(same - judge.FirstPositionPicks)})";
    }

    /// <summary>"77.8% [54.8%, 91.0%] (4 of 18 judged pairs disagreed)"; "n/a" when none was judged.</summary>
    public static string Agreement(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        return judge.Agreement is { } agreement
            ? $"{Rate(agreement)} ({Num.Int(judge.Disagreements)} of {Num.Count(judge.Judged, "judged pair", "judged pairs")} disagreed)"
            : Num.Missing;
    }

    /// <summary>
    /// What the judge's calls cost: "$0.0150 for 40 calls (12,000 input and 2,400 output tokens)", or the calls and tokens
    /// with "no price for MODEL". Apart from the models' spend; the monthly projection never includes it.
    /// </summary>
    public static string Spend(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        var calls = $"{Num.Count(judge.Calls, "call", "calls")} ({Num.Count(judge.InputTokens)} input and {Num.Count(judge.OutputTokens)} output tokens)";
        return judge.SpendUsd is { } usd ? $"{Num.Usd(usd)} for {calls}" : $"{calls}, not priced (no price for {judge.ModelId})";
    }

    /// <summary>Everything in one line, for summary.md, the console and junit.xml.</summary>
    public static string Line(JudgeSummary judge)
    {
        ArgumentNullException.ThrowIfNull(judge);
        return $"{judge.ModelId} ({Names.Camel(judge.Mode)}): {Outcomes(judge)}, net loss {NetLoss(judge)} · " +
               $"position bias {PositionBias(judge)} · agreement {Agreement(judge)} · judge spend {Spend(judge)}";
    }

    private static string Rate(Estimate estimate) =>
        Num.Percent(estimate.Value) + (estimate.Interval is { } i ? $" [{Num.Percent(i.Lower)}, {Num.Percent(i.Upper)}]" : "");
}
