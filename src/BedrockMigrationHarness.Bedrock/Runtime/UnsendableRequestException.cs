namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// Raised by <see cref="ConverseRequestWriter"/> when a request cannot be put on the wire (raw JSON that is not an
/// object, a binary part without bytes). The suite loader refuses such requests first, so this is the last guard;
/// <see cref="BedrockRuntimeClient"/> turns it into a <see cref="Vocabulary.CallOutcome.ValidationError"/> result
/// without sending anything, so it never leaves this project.
/// </summary>
internal sealed class UnsendableRequestException(string message) : Exception(message);
