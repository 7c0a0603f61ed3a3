using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Reads the judge's calls of a journal (suite key <c>judge:</c>) into <see cref="JudgeSummary"/> and the quality gate's
/// inputs (docs/statistics.md, "Judge"). A pair (case, sample) is a win or a loss only when the judge's final verdicts in
/// both orders agree; a disagreement is a tie and counted; a final error or malformed verdict in either order makes the
/// pair "judge failed"; a pair whose answers are missing is "not judged".
/// </summary>
internal static class JudgeAnalyzer
{
    /// <summary>At most this many of the judge's reasons per case.</summary>
    public const int MaxReasons = 3;

    /// <param name="records">Every record of the journal, in journal order: a later final record of a call replaces an earlier one.</param>
    /// <param name="prices">The run's price table; the spend is null without a price for the judge model.</param>
    /// <param name="resamples">Bootstrap resamples over cases for the net-loss interval.</param>
    /// <param name="seed">The run's bootstrap seed, so the interval is reproducible.</param>
    public static JudgeAnalysis Analyze(SuiteDefinition suite, JudgeSettings judge, IReadOnlyList<AttemptRecord> records,
        PriceTable? prices, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(records);
        double level = suite.Gates.ConfidenceLevel;
        PromptCase[] judged = [.. suite.Cases.Where(judge.Applies)];
        var inSuite = suite.Cases.Select(static c => c.Id).ToHashSet(StringComparer.Ordinal);
        var answered = new HashSet<(string Case, int Sample, Arm Arm)>();
        var finals = new Dictionary<(string Case, int Sample, Arm Arm), AttemptRecord>();
        ModelPrice? price = prices?.Find(judge.ModelId);
        int calls = 0;
        long inputTokens = 0, outputTokens = 0;
        double spend = 0;
        foreach (AttemptRecord record in records)
        {
            if (!inSuite.Contains(record.CaseId))
            {
                continue;
            }

            if (!record.Arm.IsJudge())
            {
                if (record is { Final: true, Outcome: CallOutcome.Success })
                {
                    answered.Add((record.CaseId, record.Sample, record.Arm));
                }

                continue;
            }

            calls++;
            inputTokens += record.InputTokens ?? 0;
            outputTokens += record.OutputTokens ?? 0;
            spend += price?.CostOf(record.InputTokens ?? 0, record.OutputTokens ?? 0, record.CacheReadInputTokens ?? 0, record.CacheWriteInputTokens ?? 0) ?? 0;
            if (record.Final)
            {
                finals[(record.CaseId, record.Sample, record.Arm)] = record;
            }
        }

        var tally = new Tally();
        var rows = new JudgedCase[judged.Length];
        var scores = new double[judged.Length][];
        for (int i = 0; i < judged.Length; i++)
        {
            string id = judged[i].Id;
            var caseTally = new Tally();
            var caseScores = new List<double>();
            var reasons = new List<string>();
            for (int sample = 0; sample < suite.Samples; sample++)
            {
                bool hasAnswers = answered.Contains((id, sample, Arm.Candidate))
                    && (judge.Mode == JudgeMode.Reference || answered.Contains((id, sample, Arm.Baseline)));
                PairOutcome outcome = hasAnswers
                    ? Outcome(finals.GetValueOrDefault((id, sample, Arm.JudgeCandidateSecond)), finals.GetValueOrDefault((id, sample, Arm.JudgeCandidateFirst)))
                    : PairOutcome.NotJudged;
                caseTally.Add(outcome);
                if (outcome.Score is { } score)
                {
                    caseScores.Add(score);
                }

                if (outcome.Kind == PairKind.Loss && outcome.Reason is { } reason && reasons.Count < MaxReasons && !reasons.Contains(reason))
                {
                    reasons.Add(reason);
                }
            }

            tally.Add(caseTally);
            scores[i] = [.. caseScores];
            rows[i] = new JudgedCase(id, caseTally.Wins, caseTally.Ties, caseTally.Losses, caseTally.Failed,
                caseTally.Judged == 0 ? null : (double)(caseTally.Losses - caseTally.Wins) / caseTally.Judged, [.. reasons]);
        }

        var summary = new JudgeSummary(
            judge.ModelId,
            judge.Mode,
            judged.Length * suite.Samples,
            tally.Judged,
            tally.Wins,
            tally.Ties,
            tally.Losses,
            tally.Disagreements,
            Rate(tally.SamePosition, tally.Judged, level),
            tally.FirstPosition,
            Rate(tally.Judged - tally.Disagreements, tally.Judged, level),
            tally.Failed,
            tally.NotJudged,
            calls,
            inputTokens,
            outputTokens,
            price is null ? null : spend,
            [.. rows.OrderByDescending(static c => c.NetLoss ?? double.NegativeInfinity)
                .ThenByDescending(static c => c.Losses)
                .ThenBy(static c => c.CaseId, StringComparer.Ordinal)]);

        double[] replicates = judged.Length == 0 ? [] : CaseBootstrap.Means([scores], resamples, seed)[0];
        var gate = new QualityLossInputs(judge.Mode, summary.Pairs, tally.Judged, tally.Wins, tally.Losses, tally.Failed, tally.NotJudged,
            rows.Count(static c => c.NetLoss > 0), rows.Count(static c => c.NetLoss < 0), replicates);
        return new JudgeAnalysis(summary, gate);
    }

    /// <summary>One pair from the final records of its two orders (null: not settled yet).</summary>
    private static PairOutcome Outcome(AttemptRecord? candidateSecond, AttemptRecord? candidateFirst)
    {
        JudgeVerdict? second = candidateSecond is null ? null : JudgeVerdictReader.Read(candidateSecond);
        JudgeVerdict? first = candidateFirst is null ? null : JudgeVerdictReader.Read(candidateFirst);
        if (second is null || first is null)
        {
            // A settled order without a verdict is a failure; an order not settled yet (an interrupted judge phase) is pending.
            return (candidateSecond is not null && second is null) || (candidateFirst is not null && first is null)
                ? PairOutcome.Failed
                : PairOutcome.Pending;
        }

        // Candidate-second shows the candidate as B; candidate-first as A.
        Preference viaSecond = second.Pick switch { JudgePick.Second => Preference.Candidate, JudgePick.First => Preference.Other, _ => Preference.Tie };
        Preference viaFirst = first.Pick switch { JudgePick.First => Preference.Candidate, JudgePick.Second => Preference.Other, _ => Preference.Tie };
        bool samePosition = first.Pick == second.Pick && first.Pick != JudgePick.Tie;
        bool firstPosition = samePosition && first.Pick == JudgePick.First;
        if (viaSecond != viaFirst)
        {
            return new PairOutcome(PairKind.Tie, true, samePosition, firstPosition, null);
        }

        return viaFirst switch
        {
            Preference.Candidate => new PairOutcome(PairKind.Win, false, false, false, null),
            // The reason of the order that showed the candidate first: it says why the other answer (B) won.
            Preference.Other => new PairOutcome(PairKind.Loss, false, false, false, first.Reason),
            _ => new PairOutcome(PairKind.Tie, false, false, false, null),
        };
    }

    private static Estimate? Rate(int count, int of, double level) =>
        of == 0 ? null : new Estimate((double)count / of, ProportionIntervals.Wilson(count, of, level));

    private enum Preference
    {
        Candidate,
        Other,
        Tie,
    }

    private enum PairKind
    {
        Win,
        Tie,
        Loss,
        Failed,
        NotJudged,
        Pending,
    }

    /// <param name="Disagreement">The two orders gave different verdicts (the pair is a tie).</param>
    /// <param name="SamePosition">The judge picked the same position both times.</param>
    /// <param name="FirstPosition">... and that position was A.</param>
    /// <param name="Reason">On a loss, the judge's reason.</param>
    private sealed record PairOutcome(PairKind Kind, bool Disagreement, bool SamePosition, bool FirstPosition, string? Reason)
    {
        public static PairOutcome Failed { get; } = new(PairKind.Failed, false, false, false, null);

        public static PairOutcome NotJudged { get; } = new(PairKind.NotJudged, false, false, false, null);

        public static PairOutcome Pending { get; } = new(PairKind.Pending, false, false, false, null);

        /// <summary>The pair's share of the net loss: a loss +1, a win −1, a tie 0; null when it was not judged in both orders.</summary>
        public double? Score => Kind switch
        {
            PairKind.Loss => 1,
            PairKind.Win => -1,
            PairKind.Tie => 0,
            _ => null,
        };
    }

    /// <summary>Counts of pair outcomes, for a case and for the run.</summary>
    private sealed class Tally
    {
        public int Wins { get; private set; }

        public int Ties { get; private set; }

        public int Losses { get; private set; }

        public int Disagreements { get; private set; }

        public int SamePosition { get; private set; }

        public int FirstPosition { get; private set; }

        public int Failed { get; private set; }

        public int NotJudged { get; private set; }

        public int Judged => Wins + Ties + Losses;

        public void Add(PairOutcome outcome)
        {
            Wins += outcome.Kind == PairKind.Win ? 1 : 0;
            Ties += outcome.Kind == PairKind.Tie ? 1 : 0;
            Losses += outcome.Kind == PairKind.Loss ? 1 : 0;
            Failed += outcome.Kind == PairKind.Failed ? 1 : 0;
            NotJudged += outcome.Kind == PairKind.NotJudged ? 1 : 0;
            Disagreements += outcome.Disagreement ? 1 : 0;
            SamePosition += outcome.SamePosition ? 1 : 0;
            FirstPosition += outcome.FirstPosition ? 1 : 0;
        }

        public void Add(Tally other)
        {
            Wins += other.Wins;
            Ties += other.Ties;
            Losses += other.Losses;
            Failed += other.Failed;
            NotJudged += other.NotJudged;
            Disagreements += other.Disagreements;
            SamePosition += other.SamePosition;
            FirstPosition += other.FirstPosition;
        }
    }
}

/// <summary>The judge's summary for the reports and the quality gate's inputs.</summary>
internal sealed record JudgeAnalysis(JudgeSummary Summary, QualityLossInputs Gate);
