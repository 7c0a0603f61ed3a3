using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>The Bedrock operation a model-invocation log record was written for (its <c>operation</c> field).</summary>
public enum LoggedOperation
{
    Converse,
    ConverseStream,
    InvokeModel,
    InvokeModelWithResponseStream,
}

/// <summary>Where a log record came from: the file or <c>s3://</c> object, and its line (1-based) in the decompressed text.</summary>
public sealed record LogRecordOrigin(string Source, long Line)
{
    public override string ToString() => $"{Source}:{Line}";
}

/// <summary>
/// One production call read from a model-invocation log and decoded into the harness's vocabulary: what was sent
/// (as a Converse-shaped conversation, whatever the operation) and what the production model answered.
/// </summary>
/// <param name="RequestId">The record's <c>requestId</c>.</param>
/// <param name="Timestamp">The record's <c>timestamp</c> (UTC).</param>
/// <param name="ModelId">The <c>modelId</c> as logged: a base id, an inference profile id or an ARN.</param>
/// <param name="Region">The record's <c>region</c>, or null when absent.</param>
/// <param name="RequestMetadata">The record's <c>requestMetadata</c> (empty when absent).</param>
/// <param name="Request">What was sent.</param>
/// <param name="Answer">What production answered, or null when the record holds no usable answer.</param>
public sealed record LoggedInvocation(
    LogRecordOrigin Origin,
    string RequestId,
    DateTimeOffset Timestamp,
    LoggedOperation Operation,
    string ModelId,
    string? Region,
    ImmutableSortedDictionary<string, string> RequestMetadata,
    LoggedRequest Request,
    LoggedAnswer? Answer);

/// <summary>
/// A logged request in the harness's vocabulary, ready to become a case.
/// </summary>
/// <param name="System">The system prompt (texts joined), with whether a cache point followed it; null when none.</param>
/// <param name="Messages">The conversation: alternating turns, first and last the user's.</param>
/// <param name="Inference">The inference settings exactly as sent (null members: not sent).</param>
/// <param name="Tools">The tools offered, or null.</param>
/// <param name="AdditionalFieldsJson">Converse <c>additionalModelRequestFields</c> (or the family's extra body fields) as a JSON object, or null.</param>
/// <param name="NotReplayed">Request fields the harness cannot send and leaves out (e.g. <c>guardrailConfig</c>), each named once.</param>
/// <param name="BodySha256">Lower-case hex SHA-256 of the request in a canonical form: equal requests have equal hashes (de-duplication).</param>
public sealed record LoggedRequest(
    SystemOverride? System,
    ImmutableArray<Turn> Messages,
    LoggedInference Inference,
    ToolConfiguration? Tools,
    string? AdditionalFieldsJson,
    ImmutableArray<string> NotReplayed,
    string BodySha256)
{
    /// <summary>Characters of text in the system prompt and every turn: the "length" a stratified sample balances.</summary>
    public int TextLength => (System?.Text.Length ?? 0) + Messages.Sum(m => m.Parts.OfType<TextPart>().Sum(p => p.Text.Length));
}

/// <summary>Inference settings as production sent them; a null member was not sent.</summary>
public sealed record LoggedInference(int? MaxTokens, double? Temperature, double? TopP, ImmutableArray<string>? StopSequences)
{
    public static readonly LoggedInference NotSent = new(null, null, null, null);
}

/// <summary>What the production model answered, as logged.</summary>
/// <param name="Text">The answer's text blocks joined (streamed chunks already joined); empty when it only called tools.</param>
/// <param name="ToolCalls">The tool calls the answer made.</param>
/// <param name="StopReason">The logged stop reason, or null.</param>
/// <param name="LatencyMs">Converse's <c>metrics.latencyMs</c>; null for InvokeModel records (no latency is logged).</param>
/// <param name="InputTokens">The record's <c>input.inputTokenCount</c>, or null.</param>
/// <param name="OutputTokens">The record's <c>output.outputTokenCount</c>, or null.</param>
public sealed record LoggedAnswer(
    string Text,
    ImmutableArray<ToolCall> ToolCalls,
    string? StopReason,
    double? LatencyMs,
    int? InputTokens,
    int? OutputTokens,
    int? CacheReadInputTokens,
    int? CacheWriteInputTokens);

/// <summary>Why a log record did not become a case. Every record read is kept or dropped for exactly one reason.</summary>
public enum DropReason
{
    /// <summary>Not JSON, not a ModelInvocationLog, or a required field missing or of the wrong type.</summary>
    MalformedRecord,
    /// <summary>An operation the importer does not replay (embeddings, image generation, ...).</summary>
    UnsupportedOperation,
    /// <summary>An InvokeModel body of a model family with no decoder (or a model id that does not tell the family).</summary>
    UnknownModelFamily,
    /// <summary>A conversation the harness cannot send as it was (e.g. it does not end with a user turn, a block type it cannot express).</summary>
    UnreplayableConversation,
    /// <summary>The body was offloaded to S3 and could not be read (missing, unreadable, too large, not JSON).</summary>
    OffloadedBodyUnreadable,
    /// <summary>An image or document the request carried could not be read.</summary>
    MediaUnreadable,
    /// <summary>The logged call failed (the record has an error code and no answer).</summary>
    FailedCall,
    /// <summary>The same request id, or the same request body, was already kept.</summary>
    Duplicate,
    /// <summary>Outside <c>--since</c>/<c>--until</c>.</summary>
    OutsideDates,
    /// <summary>Another model than <c>--model</c>.</summary>
    OtherModel,
    /// <summary>Another operation than <c>--operation</c>.</summary>
    OtherOperation,
    /// <summary>Its request metadata matched <c>--exclude-metadata</c> (e.g. the harness's own calls).</summary>
    ExcludedByMetadata,
    /// <summary>Kept by every filter but left out by <c>--sample</c>.</summary>
    NotSampled,
}

/// <summary>A record that did not become a case, and why.</summary>
/// <param name="RequestId">The record's request id when it could be read, else null.</param>
/// <param name="Detail">One sentence for the import report (e.g. the operation or the model family found).</param>
public sealed record DroppedRecord(LogRecordOrigin Origin, string? RequestId, DropReason Reason, string Detail);

/// <summary>What the log reader yields for each record: a decoded invocation or a drop.</summary>
public abstract record LogEntry
{
    private LogEntry()
    {
    }

    public sealed record Kept(LoggedInvocation Invocation) : LogEntry;

    public sealed record Dropped(DroppedRecord Record) : LogEntry;
}
