using System.Collections.Immutable;

namespace BedrockMigrationHarness.Analysis;

/// <summary>One way the baseline's and the candidate's requests differ, other than the model id.</summary>
/// <param name="Field">What differs, named as the suite names it: <c>system</c>, <c>temperature</c>, <c>top_p</c>,
/// <c>max_tokens</c>, <c>stop_sequences</c>, <c>additional_fields/…</c> (a JSON pointer into the object),
/// <c>structured_output</c>, <c>tools</c>, <c>tool_choice</c>, <c>prompt_suffix</c>, <c>last user message</c>, ….</param>
/// <param name="Baseline">The baseline's value as shown to people; null when the baseline does not send it.</param>
/// <param name="Candidate">The candidate's value as shown; null when the candidate does not send it.</param>
/// <param name="ValuesVary">True when the cases differ in different values: <paramref name="Baseline"/> and
/// <paramref name="Candidate"/> are then those of the first case only.</param>
/// <param name="Cases">How many cases differ this way.</param>
/// <param name="CaseIds">Up to <see cref="RequestComparer.MaxCaseIds"/> of them, in suite order (empty when every case does).</param>
public sealed record RequestDifference(string Field, string? Baseline, string? Candidate, bool ValuesVary, int Cases, ImmutableArray<string> CaseIds);

/// <summary>
/// Every difference between the two arms' requests: those that hold for every case, stated once, and those of some
/// cases only, one per field with the number of cases.
/// </summary>
/// <param name="CaseCount">The cases compared.</param>
public sealed record RequestDifferences(int CaseCount, ImmutableArray<RequestDifference> AllCases, ImmutableArray<RequestDifference> SomeCases)
{
    /// <summary>No case, no difference.</summary>
    public static RequestDifferences None { get; } = new(0, [], []);

    /// <summary>Whether the arms' requests differ in anything but the model id.</summary>
    public bool Any => !AllCases.IsEmpty || !SomeCases.IsEmpty;
}
