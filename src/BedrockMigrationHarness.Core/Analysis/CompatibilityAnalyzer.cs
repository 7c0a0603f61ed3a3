using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Finds the request-compatibility findings of a run: final attempts of one arm rejected with a ValidationException
/// (<see cref="CallOutcome.ValidationError"/>, HTTP 400) in cases where the other arm got an answer. Grouped by arm and
/// message; each message is explained by <see cref="ValidationMessages"/>. The error-rate gate still counts these
/// attempts: a finding explains them, it does not hide them.
/// </summary>
internal static class CompatibilityAnalyzer
{
    /// <summary>How many case ids a finding names.</summary>
    public const int MaxCaseIds = 5;

    /// <param name="records">Every record of the journal (only final ones of the baseline and candidate arms count).</param>
    public static ImmutableArray<CompatibilityFinding> Find(SuiteDefinition suite, IReadOnlyList<AttemptRecord> records)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(records);
        var answered = records
            .Where(r => r is { Final: true, Outcome: CallOutcome.Success, Arm: Arm.Baseline or Arm.Candidate })
            .Select(r => (r.Arm, r.CaseId))
            .ToHashSet();
        var order = suite.Cases.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return [.. records
            .Where(r => r is { Final: true, Outcome: CallOutcome.ValidationError, Arm: Arm.Baseline or Arm.Candidate }
                && answered.Contains((Other(r.Arm), r.CaseId)))
            .GroupBy(r => (r.Arm, Message: (r.ErrorMessage ?? "").Trim()))
            .OrderBy(g => g.Key.Arm == Arm.Candidate ? 0 : 1)
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key.Message, StringComparer.Ordinal)
            .Select(g =>
            {
                var ids = g.Select(r => r.CaseId).Distinct(StringComparer.Ordinal)
                    .OrderBy(id => order.GetValueOrDefault(id, int.MaxValue)).ThenBy(id => id, StringComparer.Ordinal).ToList();
                var explained = ValidationMessages.Explain(g.Key.Message, Names(g.Key.Arm));
                return new CompatibilityFinding(g.Key.Arm, g.First().ModelId, g.Key.Message, g.Count(), ids.Count, [.. ids.Take(MaxCaseIds)],
                    explained.Parameter, explained.Advice, explained.SuggestedOverride);
            })];
    }

    private static Arm Other(Arm arm) => arm == Arm.Baseline ? Arm.Candidate : Arm.Baseline;

    private static string Names(Arm arm) => arm == Arm.Baseline ? "baseline" : "candidate";
}
