namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Raised inside the answer readers when a 2xx body is whole but not the answer it should be; each reader turns it into
/// a <see cref="Vocabulary.CallOutcome.MalformedResponse"/> result at its one catch, so it never leaves this project.
/// </summary>
internal sealed class MalformedResponseException(string message) : Exception(message);
