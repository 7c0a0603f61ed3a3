namespace BedrockMigrationHarness.Analysis.Statistics;

/// <summary>A closed interval at the run's confidence level.</summary>
public sealed record Interval(double Lower, double Upper);
