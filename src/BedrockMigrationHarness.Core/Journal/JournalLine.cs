using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Journal;

/// <summary>
/// One line of <c>results.jsonl</c>: exactly one member is set. The header comes first, then attempts
/// in the order they finished, then the end line when the run ended in an orderly way.
/// </summary>
internal sealed record JournalLine(JournalHeader? Header = null, AttemptRecord? Attempt = null, JournalEnd? End = null);
