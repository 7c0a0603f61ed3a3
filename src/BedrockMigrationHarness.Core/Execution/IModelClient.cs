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
/// One call: the model, the conversation (system + one user turn) and the inference settings.
/// The API is InvokeModel when <see cref="Invoke"/> is set, else ConverseStream when <see cref="Stream"/>, else Converse.
/// </summary>
public sealed record ModelRequest(
    string ModelId,
    string? SystemPrompt,
    string Prompt,
    InferenceSettings Inference,
    bool Stream,
    TimeSpan Timeout,
    InvokeModelBody? Invoke = null);

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
    public static ModelCallResult Failure(CallOutcome outcome, double clientLatencyMs, int? httpStatus, string? errorType, string? message) =>
        new(outcome, null, null, null, null, null, clientLatencyMs, null, httpStatus, errorType, message);
}
