namespace BedrockMigrationHarness.Run;

/// <summary>
/// A run cannot start as asked (a journal that does not fit, a directory that already holds a run or is held by
/// another process, an estimate above <c>--max-cost</c>): bad input, exit 2. Nothing was sent.
/// </summary>
public sealed class RunSetupException(string message) : Exception(message);
