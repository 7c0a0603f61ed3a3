using System.Collections.Immutable;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Execution;

/// <summary>
/// Sends one prompt to one model once. Implementations never throw for a failed call: every
/// failure is a <see cref="ModelCallResult"/> with its <see cref="CallOutcome"/>. Only cancellation
/// passes through as <see cref="OperationCanceledException"/>. Retries are the runner's job, not the client's.
/// </summary>
public interface IModelClient
{
    Task<ModelCallResult> SendAsync(ModelRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// One call: the model, the conversation (system prompt + turns, the last one the user's) and the inference settings.
/// The API is InvokeModel when <see cref="Invoke"/> is set, else ConverseStream when <see cref="Stream"/>, else Converse.
/// </summary>
public sealed record ModelRequest(
    string ModelId,
    string? SystemPrompt,
    ImmutableArray<Turn> Messages,
    InferenceSettings Inference,
    bool Stream,
    TimeSpan Timeout,
    InvokeModelBody? Invoke = null)
{
    /// <summary>Tools offered to the model (<c>toolConfig</c>), or null.</summary>
    public ToolConfiguration? Tools { get; init; }

    /// <summary>Structured output asked of Bedrock (<c>outputConfig.textFormat</c>), or null.</summary>
    public StructuredOutputRequest? StructuredOutput { get; init; }

    /// <summary>A JSON object sent as <c>additionalModelRequestFields</c> (e.g. an extended-thinking budget), or null.</summary>
    public string? AdditionalFieldsJson { get; init; }

    /// <summary>
    /// Sent as Converse <c>requestMetadata</c>, which Bedrock records in its model-invocation logs, so a log import can
    /// tell the harness's calls from production traffic; null sends none.
    /// </summary>
    public RequestTags? Tags { get; init; }

    /// <summary>A <c>cachePoint</c> after the system prompt.</summary>
    public bool CacheSystemPrompt { get; init; }

    /// <summary>The text of the last user turn (display and estimates).</summary>
    public string LastUserText => Conversation.LastUserText(Messages);
}

/// <summary>
/// The tags a request carries in <c>requestMetadata</c>: the suite (key <see cref="SuiteKey"/>) and the case
/// (<see cref="CaseKey"/>, which the emulator's rules also read). Values hold only what Bedrock accepts
/// (<c>[a-zA-Z0-9\s:_@$#=/+,-.]</c>, at most 256 characters).
/// </summary>
public sealed record RequestTags(string Suite, string CaseId)
{
    public const string SuiteKey = "bmh_suite";

    public const string CaseKey = "case_id";

    /// <summary>
    /// The tags of a case: every character Bedrock refuses in a metadata value becomes <c>-</c>, and white space one
    /// space (so a value reads the same in a header, where SigV4 folds runs of spaces).
    /// </summary>
    public static RequestTags For(string suiteName, string caseId) => new(Value(suiteName), Value(caseId));

    private static string Value(string text)
    {
        var kept = text.Select(c => char.IsWhiteSpace(c) ? ' ' : char.IsAsciiLetterOrDigit(c) || ":_@$#=/+,-.".Contains(c, StringComparison.Ordinal) ? c : '-');
        var value = string.Join(' ', string.Concat(kept).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return value.Length <= 256 ? value : value[..256];
    }
}

/// <summary>An InvokeModel call: the rendered model-native body and where the answer text is in the response.</summary>
/// <param name="Body">The request body (JSON), already rendered from the suite's template.</param>
/// <param name="TextPointer">JSON pointer to the answer text in the response body, e.g. <c>/content/0/text</c>.</param>
public sealed record InvokeModelBody(string Body, string TextPointer);

/// <summary>
/// The outcome of one call as measured by the client.
/// <see cref="ClientLatencyMs"/> runs from the request being written to the last byte read (Stopwatch).
/// </summary>
public sealed record ModelCallResult(
    CallOutcome Outcome,
    string? Text,
    string? StopReason,
    int? InputTokens,
    int? OutputTokens,
    long? ServerLatencyMs,
    double ClientLatencyMs,
    double? TimeToFirstTokenMs,
    int? HttpStatus,
    string? ErrorType,
    string? ErrorMessage)
{
    /// <summary>The answer's tool calls (<c>toolUse</c> blocks), in order; empty when it made none.</summary>
    public ImmutableArray<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>The answer's reasoning text (<c>reasoningContent</c> blocks joined), kept apart from <see cref="Text"/>; null when none.</summary>
    public string? ReasoningText { get; init; }

    /// <summary><c>usage.cacheReadInputTokens</c>, when given.</summary>
    public int? CacheReadInputTokens { get; init; }

    /// <summary><c>usage.cacheWriteInputTokens</c>, when given.</summary>
    public int? CacheWriteInputTokens { get; init; }

    public static ModelCallResult Failure(CallOutcome outcome, double clientLatencyMs, int? httpStatus, string? errorType, string? message) =>
        new(outcome, null, null, null, null, null, clientLatencyMs, null, httpStatus, errorType, message);
}
