namespace BedrockMigrationHarness.Vocabulary;

/// <summary>Identifies one planned attempt: a case, an arm, a sample index and, for a suite with several candidates, which candidate.</summary>
/// <param name="Candidate">
/// The 0-based index of the candidate (suite key <c>candidates:</c>) a <see cref="Arm.Candidate"/> attempt or a judge's call
/// belongs to; always 0 for the baseline and its repeat, and for every attempt of a suite with one candidate.
/// </param>
public readonly record struct AttemptKey(string CaseId, Arm Arm, int Sample, int Candidate = 0);
