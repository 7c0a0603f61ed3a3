using System.Collections.Immutable;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// The decisions of an adaptive run (docs/statistics.md, "Adaptive sampling"): at each look, every blocking gate is
/// judged on its repeated confidence intervals (<see cref="Statistics.SequentialLevels"/>): FAIL when the interval at the
/// look's fail level lies wholly beyond the limit, PASS when the interval at its pass level lies wholly within it, else
/// undecided. The run stops when the verdict is decided (a blocking gate failed, or all passed), or at a cap; otherwise
/// the next round's size comes from how far each undecided gate's interval is from its limit, bounded.
/// </summary>
internal static class AdaptiveAnalyzer
{
    /// <summary>
    /// The look after a round brought every case to <paramref name="samplesPerCase"/> samples: the analysis of the records
    /// of samples below it, the blocking gates' states, and what to do next.
    /// </summary>
    /// <param name="header">The run's header; its suite has <c>Adaptive</c> set.</param>
    /// <param name="records">Every effective record so far (model and judge calls); records of samples at or above <paramref name="samplesPerCase"/> are ignored.</param>
    /// <param name="previous">The looks already journaled, in order.</param>
    /// <param name="at">When the look is taken (the journal's clock).</param>
    public static LookRecord Look(JournalHeader header, IReadOnlyList<AttemptRecord> records, ImmutableArray<LookRecord> previous, int samplesPerCase, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(header);
        throw new NotImplementedException("AdaptiveAnalyzer.Look lands on main next.");
    }
}
