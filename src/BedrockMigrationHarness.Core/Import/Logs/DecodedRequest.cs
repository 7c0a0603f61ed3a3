using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// A request body decoded by an operation's or a model family's decoder, before its media are fetched, its
/// conversation checked and its hash taken (then it becomes a <see cref="LoggedRequest"/>).
/// </summary>
internal sealed record DecodedRequest(
    SystemOverride? System,
    ImmutableArray<Turn> Messages,
    LoggedInference Inference,
    ToolConfiguration? Tools,
    string? AdditionalFieldsJson,
    ImmutableArray<string> NotReplayed);

/// <summary>Whether a logged media block is an image or a document.</summary>
internal enum MediaKind
{
    Image,
    Document,
}

/// <summary>
/// An image or document block the log holds as an <c>s3://</c> location instead of bytes (Bedrock writes the media of
/// Converse requests to the log bucket): a placeholder until <see cref="InvocationRecordDecoder"/> fetches it.
/// </summary>
/// <param name="Name">The document's name; null for images.</param>
/// <param name="Field">Where the block is in the body, for the drop's detail.</param>
internal sealed record PendingMediaPart(MediaKind Kind, string Format, string? Name, string Location, string Field) : ContentPart;
