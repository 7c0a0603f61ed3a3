namespace BedrockMigrationHarness.Vocabulary;

/// <summary>Identifies one planned attempt: a case, an arm and a sample index.</summary>
public readonly record struct AttemptKey(string CaseId, Arm Arm, int Sample);
