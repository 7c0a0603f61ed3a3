using System.Collections.Immutable;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Every candidate of a run judged against the baseline (suite key <c>candidates:</c>), and what the run as a whole says.
/// A one-candidate run is a comparison of one: its only entry is exactly what <see cref="RunAnalyzer.Analyze(JournalContents)"/>
/// gives, and every report writes it as before.
/// </summary>
/// <param name="Candidates">One report per candidate, in the suite's order; each is the two-arm analysis of the baseline against that candidate alone.</param>
/// <param name="Ranking">Indexes into <paramref name="Candidates"/>, best first: GO, GO WITH WARNINGS, INCONCLUSIVE, NO-GO, then the cheaper monthly cost (a candidate without one after those with one), then the suite's order.</param>
/// <param name="ExitCode">The run's exit code (<see cref="ComparisonAnalyzer.ExitCodeOf"/>).</param>
/// <param name="RequireAll">Whether every candidate had to pass (<c>--require-all</c>) for exit code 0.</param>
/// <param name="RunSpend">What every model call of the run cost, each counted once (the baseline's once, not once per candidate); null without a price table. Judge calls are apart.</param>
public sealed record RunComparison(ImmutableArray<ReportData> Candidates, ImmutableArray<int> Ranking, int ExitCode, bool RequireAll, double? RunSpend)
{
    /// <summary>True when the suite named more than one candidate.</summary>
    public bool Several => Candidates.Length > 1;

    /// <summary>The report of a one-candidate run, or the best-ranked candidate's.</summary>
    public ReportData First => Candidates[Ranking[0]];

    /// <summary>The candidates whose verdict lets the migration go ahead (GO or GO WITH WARNINGS), best first.</summary>
    public ImmutableArray<int> Passing =>
        [.. Ranking.Where(i => Candidates[i].Analysis.Verdict.Verdict is Verdict.Go or Verdict.GoWithWarnings)];
}

/// <summary>
/// Builds a <see cref="RunComparison"/> from a journal: one view per candidate (the header's <see cref="JournalHeader.ForCandidate"/>,
/// the baseline's and its repeat's records, that candidate's records and the judge's calls on them, with the candidate
/// index set back to 0), each analysed exactly as a one-candidate run. Records of other candidates never enter a view.
/// </summary>
public static class ComparisonAnalyzer
{
    /// <summary>Analyses every candidate of <paramref name="journal"/>; <paramref name="requireAll"/> is <c>--require-all</c>.</summary>
    public static RunComparison Analyze(JournalContents journal, bool requireAll = false)
    {
        ArgumentNullException.ThrowIfNull(journal);
        int count = journal.Header.Suite.CandidateCount;
        if (count == 1)
        {
            var only = RunAnalyzer.Analyze(journal);
            return Compare([only], requireAll, only.Analysis.Cost?.RunSpend);
        }

        ImmutableArray<AttemptRecord> records = journal.EffectiveRecords();
        var reports = ImmutableArray.CreateBuilder<ReportData>(count);
        for (int k = 0; k < count; k++)
        {
            var view = journal with { Header = journal.Header.ForCandidate(k), Records = ViewOf(records, k), Looks = [], BatchJobs = [] };
            reports.Add(RunAnalyzer.Analyze(view));
        }

        double? spend = journal.Header.Pricing is { } table ? CostAnalyzer.RunSpend(table, records) : null;
        return Compare(reports.MoveToImmutable(), requireAll, spend);
    }

    /// <summary>The comparison of already analysed candidates (in the suite's order): ranking and exit code.</summary>
    public static RunComparison Compare(ImmutableArray<ReportData> candidates, bool requireAll, double? runSpend)
    {
        ArgumentOutOfRangeException.ThrowIfZero(candidates.Length);
        ImmutableArray<int> ranking = [.. Enumerable.Range(0, candidates.Length)
            .OrderBy(i => Rank(candidates[i].Analysis.Verdict.Verdict))
            .ThenBy(i => candidates[i].Analysis.Cost is null ? 1 : 0)
            .ThenBy(i => candidates[i].Analysis.Cost?.Candidate.Monthly.Value ?? 0)
            .ThenBy(i => i)];
        return new RunComparison(candidates, ranking, ExitCodeOf([.. candidates.Select(c => c.Analysis.Verdict.ExitCode)], requireAll), requireAll, runSpend);
    }

    /// <summary>
    /// The run's exit code from each candidate's (<see cref="VerdictResult.ExitCode"/>): 3 when the run could not complete;
    /// else 0 when at least one candidate may go (GO or GO WITH WARNINGS), 4 when none may and at least one is INCONCLUSIVE,
    /// 1 when every one is NO-GO. With <paramref name="requireAll"/> every candidate counts: 1 when any is NO-GO, else 4 when
    /// any is INCONCLUSIVE, else 0. For one candidate both are its own exit code.
    /// </summary>
    public static int ExitCodeOf(ImmutableArray<int> codes, bool requireAll)
    {
        if (codes.Contains(ExitCodes.CouldNotComplete))
        {
            return ExitCodes.CouldNotComplete;
        }

        if (requireAll)
        {
            return codes.Contains(ExitCodes.NoGo) ? ExitCodes.NoGo : codes.Contains(ExitCodes.Inconclusive) ? ExitCodes.Inconclusive : ExitCodes.Go;
        }

        return codes.Contains(ExitCodes.Go) ? ExitCodes.Go : codes.Contains(ExitCodes.Inconclusive) ? ExitCodes.Inconclusive : ExitCodes.NoGo;
    }

    /// <summary>Candidate <paramref name="k"/>'s view of the records: the baseline arms', and its own and its judge calls' as candidate 0.</summary>
    internal static ImmutableArray<AttemptRecord> ViewOf(ImmutableArray<AttemptRecord> records, int k)
    {
        var view = ImmutableArray.CreateBuilder<AttemptRecord>(records.Length);
        foreach (var record in records)
        {
            if (record.Arm is Arm.Baseline or Arm.BaselineRepeat)
            {
                view.Add(record);
            }
            else if (record.Candidate == k)
            {
                view.Add(k == 0 ? record : record with { Candidate = 0 });
            }
        }

        return view.ToImmutable();
    }

    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Go => 0,
        Verdict.GoWithWarnings => 1,
        Verdict.Inconclusive => 2,
        _ => 3,
    };
}
