namespace BedrockMigrationHarness.Vocabulary;

/// <summary>Which side of the A/B comparison an attempt belongs to.</summary>
public enum Arm
{
    Baseline,
    Candidate,
    /// <summary>The baseline model run a second time (A/A), when the suite asks for a noise floor.</summary>
    BaselineRepeat,
}
