using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Batch;

/// <summary>
/// Turns a failed batch call into a <see cref="BatchServiceException"/> whose message names the operation, the job or
/// object, what the service answered and what to do; <see cref="BatchServiceException.Retryable"/> for throttling, 5xx
/// and network failures.
/// </summary>
internal static class BatchFailure
{
    /// <summary>A control-plane call (<paramref name="operation"/> such as <c>CreateModelInvocationJob</c>) on <paramref name="subject"/> failed.</summary>
    public static BatchServiceException Of(string operation, string subject, ControlPlaneError error)
    {
        var advice = Advice(operation, error);
        return new BatchServiceException(
            $"{operation} for {subject}: {error}{(error.Message.EndsWith('.') ? string.Empty : ".")}{(advice is null ? string.Empty : " " + advice)}",
            error.ErrorType,
            error.Kind.IsRetryable());
    }

    /// <summary>The answer came back but is not what the service model says (<paramref name="problem"/> names the member).</summary>
    public static BatchServiceException Malformed(string operation, string subject, string problem) =>
        new($"{operation} for {subject}: the answer is not the one the service sends: {problem} Check --endpoint (an S3 or other server answering instead of Bedrock?).",
            errorType: null,
            retryable: false);

    /// <summary>An S3 call failed (<see cref="ObjectStoreException"/> already names the object and what to do).</summary>
    public static BatchServiceException OfS3(ObjectStoreException error)
    {
        var (code, retryable) = Storage.S3Failure.Classify(error.InnerException ?? error);
        return new BatchServiceException(error.Message, code, retryable, error);
    }

    /// <summary>True when a ValidationException says the model takes no batch inference.</summary>
    public static bool IsBatchUnsupported(ControlPlaneError error) =>
        error is { ErrorType: "ValidationException" }
        && error.Message.Contains("batch", StringComparison.OrdinalIgnoreCase)
        && error.Message.Contains("support", StringComparison.OrdinalIgnoreCase);

    private static string? Advice(string operation, ControlPlaneError error) => error switch
    {
        { Kind: CallOutcome.NoCredentials } => null,
        { Kind: CallOutcome.AccessDenied } when operation == "CreateModelInvocationJob" =>
            "The caller needs bedrock:CreateModelInvocationJob and iam:PassRole on the job's role; the role must trust bedrock.amazonaws.com " +
            "and be allowed s3:GetObject on the input and s3:PutObject on the output prefix (docs/batch.md).",
        { Kind: CallOutcome.AccessDenied } => $"The caller needs bedrock:{operation} (docs/batch.md); check the identity with `aws sts get-caller-identity`.",
        _ when IsBatchUnsupported(error) =>
            "This model does not take batch inference (in this region): run the suite on-demand (without --batch), or choose a model that supports batch inference.",
        { Kind: CallOutcome.ModelEndOfLife } => "The model ID is unknown in this region or the model has reached its end of life; check it with `bmh lifecycle`.",
        { ErrorType: "ConflictException" } => "The job is in a state that does not allow this; look at it with `aws bedrock get-model-invocation-job`.",
        { Kind: CallOutcome.ValidationError } => "Check the values the message names (job name, role ARN, S3 URIs, timeout hours).",
        { Kind: CallOutcome.ResourceNotFound } => "No such job or model in this account and region: check --region and the job ARN.",
        { Kind: CallOutcome.ServiceQuotaExceeded } =>
            "A batch inference quota is reached (jobs in progress, records or size per job): wait for running jobs to end, or ask for more in Service Quotas.",
        { Kind: CallOutcome.Throttled } => "Bedrock throttles control-plane calls; try again later.",
        _ when error.Kind.IsRetryable() => "It is on the service or network side; try again.",
        _ => null,
    };
}
