namespace BedrockMigrationHarness.Execution;

/// <summary>Which side of the A/B comparison an attempt belongs to.</summary>
internal enum Arm
{
    Baseline,
    Candidate,
}
