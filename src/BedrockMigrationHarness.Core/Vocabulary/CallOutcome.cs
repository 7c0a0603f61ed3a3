namespace BedrockMigrationHarness.Vocabulary;

/// <summary>How a model call ended. Everything but <see cref="Success"/> is an error of its own kind.</summary>
public enum CallOutcome
{
    /// <summary>The model answered.</summary>
    Success,
    /// <summary>429 ThrottlingException (also in-stream <c>throttlingException</c>).</summary>
    Throttled,
    /// <summary>429 ModelNotReadyException.</summary>
    ModelNotReady,
    /// <summary>400 ValidationException "The provided model identifier is invalid.": the model is gone or unknown.</summary>
    ModelEndOfLife,
    /// <summary>400 ValidationException for any other reason: the request is wrong.</summary>
    ValidationError,
    /// <summary>403 AccessDeniedException, or a rejected signature / unknown client.</summary>
    AccessDenied,
    /// <summary>404 ResourceNotFoundException.</summary>
    ResourceNotFound,
    /// <summary>400 ServiceQuotaExceededException.</summary>
    ServiceQuotaExceeded,
    /// <summary>408 ModelTimeoutException.</summary>
    ModelTimeout,
    /// <summary>424 ModelErrorException or an in-stream modelStreamErrorException.</summary>
    ModelError,
    /// <summary>500 InternalServerException.</summary>
    ServerError,
    /// <summary>503 ServiceUnavailableException.</summary>
    ServiceUnavailable,
    /// <summary>The per-call timeout of the suite ran out on the client.</summary>
    ClientTimeout,
    /// <summary>The connection failed or was reset, or the body could not be read or parsed.</summary>
    NetworkError,
    /// <summary>No credentials could be resolved from the AWS default chain.</summary>
    NoCredentials,
    /// <summary>
    /// A 2xx whose body arrived whole but is not the answer it should be: another shape (an error body, <c>content</c>
    /// a string, a missing <c>output</c>), negative token counts or latencies, invalid UTF-8 or a lone surrogate, or
    /// more bytes than the client's response cap. Not retried: the same server would answer the same way.
    /// </summary>
    MalformedResponse,
}

/// <summary>Properties of outcomes the runner, the analysis and the Bedrock clients share.</summary>
public static class CallOutcomeExtensions
{
    /// <summary>Outcomes worth another try under the AWS "standard" retry policy.</summary>
    public static bool IsRetryable(this CallOutcome outcome) => outcome is
        CallOutcome.Throttled or CallOutcome.ModelNotReady or CallOutcome.ServerError or
        CallOutcome.ServiceUnavailable or CallOutcome.ModelTimeout or CallOutcome.NetworkError or
        CallOutcome.ClientTimeout;

    /// <summary>Outcomes that mean no call to this model can succeed: the run stops (exit 3).</summary>
    public static bool IsFatal(this CallOutcome outcome) => outcome is
        CallOutcome.ModelEndOfLife or CallOutcome.AccessDenied or CallOutcome.NoCredentials;

    /// <summary>Outcomes that slow the client down (throttling).</summary>
    public static bool IsThrottle(this CallOutcome outcome) => outcome is
        CallOutcome.Throttled or CallOutcome.ModelNotReady;
}
