using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Batch;

/// <summary>
/// Bedrock batch inference as a run engine's port (docs/batch.md): input records uploaded as one JSONL object per job,
/// CreateModelInvocationJob / GetModelInvocationJob / StopModelInvocationJob, and the job's <c>.jsonl.out</c> records
/// read back. The implementation owns the wire formats (the Converse or InvokeModel body of each record, the output
/// records' parsing); the engine owns the plan, the journal and the polling. Failures throw
/// <see cref="BatchServiceException"/>; cancellation passes through as <see cref="OperationCanceledException"/>.
/// </summary>
public interface IBatchInference
{
    /// <summary>
    /// Writes <paramref name="records"/> as JSONL (<c>{"recordId": …, "modelInput": …}</c> per line, the body in the form
    /// <paramref name="invocationType"/> takes) to <paramref name="uri"/>, streaming: the records are enumerated once and
    /// never all held. Nothing is uploaded when the file would exceed <paramref name="maxBytes"/> (Bedrock's input file
    /// size quota). Returns the object's size in bytes.
    /// </summary>
    /// <exception cref="BatchServiceException">
    /// A record cannot be written, or the file exceeds <paramref name="maxBytes"/> (both with <see cref="BatchServiceException.Retryable"/>
    /// false and a message giving the size and the limit), or S3 refused the upload.
    /// </exception>
    Task<long> UploadInputAsync(S3Uri uri, BatchInvocationType invocationType, IEnumerable<BatchInputRecord> records, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// <c>CreateModelInvocationJob</c>. The same <see cref="BatchJobRequest.ClientRequestToken"/> sent again returns the job the
    /// first call created (Bedrock's idempotency), so a create retried after a crash does not start a second job.
    /// </summary>
    /// <returns>The job's ARN.</returns>
    Task<string> CreateJobAsync(BatchJobRequest request, CancellationToken cancellationToken);

    /// <summary><c>GetModelInvocationJob</c>: the job's state and counts.</summary>
    Task<BatchJobStatus> GetJobAsync(string jobArn, CancellationToken cancellationToken);

    /// <summary><c>StopModelInvocationJob</c>. Stopping a job that already ended is not an error.</summary>
    Task StopJobAsync(string jobArn, CancellationToken cancellationToken);

    /// <summary>
    /// The job's output records, streamed: <c>&lt;outputUri&gt;/&lt;job id&gt;/&lt;input file name&gt;.out</c>, each record's
    /// <c>modelOutput</c> read as an answer or its <c>error</c> as a failed call. A line that is not a record of this job is
    /// skipped and counted in <see cref="BatchOutputRecord.Problem"/> of a record with a null id. Empty when the job wrote
    /// no output file (a job that failed before running).
    /// </summary>
    /// <param name="invokeTextPointer">
    /// For <see cref="BatchInvocationType.InvokeModel"/>: where the answer text is in the model's own response body
    /// (<see cref="InvokeModelBody.TextPointer"/>, the suite's <c>invoke.text_pointer</c>); ignored for Converse.
    /// </param>
    IAsyncEnumerable<BatchOutputRecord> ReadOutputAsync(
        string jobArn, S3Uri outputUri, S3Uri inputUri, BatchInvocationType invocationType, string? invokeTextPointer, CancellationToken cancellationToken);

    /// <summary>The job's <c>&lt;outputUri&gt;/&lt;job id&gt;/manifest.json.out</c>; null when the job wrote none.</summary>
    /// <exception cref="BatchServiceException">The manifest exists but cannot be read or is not a manifest.</exception>
    Task<BatchManifest?> ReadManifestAsync(string jobArn, S3Uri outputUri, CancellationToken cancellationToken);
}

/// <summary>A job's <c>manifest.json.out</c>: its record and token counts.</summary>
public sealed record BatchManifest(
    long TotalRecordCount,
    long ProcessedRecordCount,
    long SuccessRecordCount,
    long ErrorRecordCount,
    long? InputTokenCount,
    long? OutputTokenCount);

/// <summary>The body form a job's records take (<c>modelInvocationType</c>).</summary>
public enum BatchInvocationType
{
    /// <summary>The Converse request body (suite <c>api: converse</c>, the default).</summary>
    Converse,

    /// <summary>The model's own InvokeModel body (suite <c>api: invoke</c>).</summary>
    InvokeModel,
}

/// <summary>One record of a job's input: its id (<see cref="BatchRecordIds"/>) and the request it stands for.</summary>
public sealed record BatchInputRecord(string RecordId, ModelRequest Request);

/// <summary>
/// One record of a job's output. <paramref name="Result"/>'s latencies are 0 (a batch job measures none); an <c>error</c>
/// record is a failed call with the error's code and message.
/// </summary>
/// <param name="RecordId">The record's id; null for a line that could not be read (then <paramref name="Problem"/> says why).</param>
/// <param name="Result">The answer, or the failure; null with a <paramref name="Problem"/>.</param>
/// <param name="Problem">Why the line is not a usable record, naming the object and line.</param>
public sealed record BatchOutputRecord(string? RecordId, ModelCallResult? Result, string? Problem);

/// <summary>A <c>CreateModelInvocationJob</c> request.</summary>
/// <param name="JobName">1–63 characters, <c>[a-zA-Z0-9](-*[a-zA-Z0-9+\-.])*</c>.</param>
/// <param name="ClientRequestToken">The idempotency token: the same token, the same job.</param>
/// <param name="TimeoutHours"><c>timeoutDurationInHours</c>.</param>
public sealed record BatchJobRequest(
    string JobName,
    string ClientRequestToken,
    string ModelId,
    string RoleArn,
    S3Uri InputUri,
    S3Uri OutputUri,
    BatchInvocationType InvocationType,
    int TimeoutHours);

/// <summary><c>ModelInvocationJobStatus</c>.</summary>
public enum BatchJobState
{
    Submitted,
    Validating,
    Scheduled,
    InProgress,
    Completed,
    PartiallyCompleted,
    Failed,
    Stopping,
    Stopped,
    Expired,
}

/// <summary>What <c>GetModelInvocationJob</c> says of a job.</summary>
/// <param name="Message">The job's <c>message</c> (why it failed), when given.</param>
/// <param name="OutputUri">The job's output location (<c>outputDataConfig.s3OutputDataConfig.s3Uri</c>).</param>
/// <param name="TotalRecords">The record counts, when the service gives them (<c>totalRecordCount</c> …).</param>
public sealed record BatchJobStatus(
    string JobArn,
    BatchJobState State,
    string? Message,
    S3Uri? OutputUri,
    long? TotalRecords,
    long? ProcessedRecords,
    long? SuccessRecords,
    long? ErrorRecords)
{
    /// <summary>The job ended: no record will be added to its output.</summary>
    public bool HasEnded => State is BatchJobState.Completed or BatchJobState.PartiallyCompleted or BatchJobState.Failed
        or BatchJobState.Stopped or BatchJobState.Expired;
}

/// <summary>
/// A batch call failed. The message names the operation, the job or object, what the service answered and what to do.
/// </summary>
/// <param name="errorType">The service's error type (e.g. <c>ValidationException</c>, <c>ThrottlingException</c>), when one came back.</param>
/// <param name="retryable">True for throttling, 5xx and network failures, which a later attempt may get past.</param>
public sealed class BatchServiceException(string message, string? errorType, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The service's error type (<c>ValidationException</c>, <c>NoSuchBucket</c>...), when one came back.</summary>
    public string? ErrorType { get; } = errorType;

    /// <summary>True for throttling, 5xx and network failures: the same call may succeed later.</summary>
    public bool Retryable { get; } = retryable;
}
