using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Storage;

/// <summary>Turns what AWSSDK.S3 throws into an <see cref="ObjectStoreException"/> that names the object, S3's error code and what to do.</summary>
internal static class S3Failure
{
    /// <param name="reading">The failure came while reading an object's body.</param>
    /// <param name="writing">The failure came from an upload (the advice names s3:PutObject rather than the reader's permissions).</param>
    public static ObjectStoreException Describe(Exception error, S3Uri uri, Uri? endpoint, bool reading = false, bool writing = false)
    {
        var where = endpoint is null ? "S3" : $"S3 at {endpoint}";
        var message = error switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } when writing =>
                $"{uri}: the bucket `{uri.Bucket}` does not exist (S3 NoSuchBucket). Create it in the region of the run, or check the bucket name in the s3:// URI.",
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } =>
                $"{uri}: the bucket `{uri.Bucket}` does not exist (S3 NoSuchBucket). Check the bucket name in the s3:// URI and that it is the bucket model-invocation logging writes to.",
            AmazonS3Exception { ErrorCode: "AccessDenied" or "AllAccessDisabled" } or AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden, ErrorCode: null or "" or "Forbidden" } when writing =>
                $"{uri}: access denied (S3 {Code(error)}). The caller needs s3:PutObject on arn:aws:s3:::{uri.Bucket}/{uri.Key} " +
                "(and kms:GenerateDataKey on the key when the bucket uses SSE-KMS); check the identity with `aws sts get-caller-identity` and the bucket policy.",
            AmazonS3Exception { ErrorCode: "NoSuchKey" } or AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } =>
                $"{uri}: no such object (S3 NoSuchKey). It was deleted, expired under a lifecycle rule, or never written; list the prefix (`aws s3 ls {Parent(uri)}`) to see what is there.",
            AmazonS3Exception { ErrorCode: "AccessDenied" or "AllAccessDisabled" } or AmazonS3Exception { StatusCode: HttpStatusCode.Forbidden, ErrorCode: null or "" or "Forbidden" } =>
                $"{uri}: access denied (S3 {Code(error)}). The reader needs s3:ListBucket on arn:aws:s3:::{uri.Bucket} and s3:GetObject on arn:aws:s3:::{uri.Bucket}/* " +
                "(and kms:Decrypt on the key when the bucket uses SSE-KMS); check the identity with `aws sts get-caller-identity`.",
            AmazonS3Exception { ErrorCode: "ExpiredToken" or "TokenRefreshRequired" or "RequestExpired" or "ExpiredTokenException" } =>
                $"{uri}: the AWS credentials have expired (S3 {Code(error)}). Refresh them: `aws sso login` for an SSO profile, or new temporary credentials.",
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "InvalidToken" } =>
                $"{uri}: S3 refused the credentials (S3 {Code(error)}). Check AWS_PROFILE / the access key and secret in use (`aws sts get-caller-identity`).",
            AmazonS3Exception { ErrorCode: "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException" } or AmazonS3Exception { StatusCode: HttpStatusCode.MovedPermanently } =>
                $"{uri}: the bucket is in another region than the one signed for (S3 {Code(error)}). Pass the bucket's region with --region.",
            AmazonS3Exception s3 =>
                $"{uri}: {where} answered {(int)s3.StatusCode} {Code(error)}: {s3.Message}",
            MissingCredentialsException =>
                $"{uri}: {error.Message}",
            _ when error is HttpRequestException or IOException or TaskCanceledException or TimeoutException
                || error.InnerException is HttpRequestException or IOException or TimeoutException =>
                $"{uri}: {where} could not be reached{(reading ? " while reading the object" : string.Empty)} ({Innermost(error).Message}). " +
                "Check the network, proxy and endpoint; the SDK already retried with its standard retry mode.",
            AmazonClientException =>
                $"{uri}: the S3 request could not be made ({error.Message}).",
            _ => $"{uri}: {error.Message}",
        };
        return new ObjectStoreException(message, error);
    }

    /// <summary>S3's error code of a failure (null for a transport failure), and whether a later try may get past it (5xx, SlowDown, network).</summary>
    public static (string? Code, bool Retryable) Classify(Exception error) => error switch
    {
        AmazonServiceException { ErrorCode: "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout" } service => (service.ErrorCode, true),
        AmazonServiceException service => (string.IsNullOrEmpty(service.ErrorCode) ? null : service.ErrorCode, (int)service.StatusCode >= 500),
        MissingCredentialsException => (null, false),
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => (null, true),
        _ when error.InnerException is HttpRequestException or IOException or TimeoutException => (null, true),
        _ => (null, false),
    };

    private static string Code(Exception error) => error switch
    {
        AmazonServiceException { ErrorCode: { Length: > 0 } code } => code,
        AmazonServiceException service => $"HTTP {(int)service.StatusCode}",
        _ => error.GetType().Name,
    };

    private static string Parent(S3Uri uri)
    {
        var slash = uri.Key.LastIndexOf('/');
        return new S3Uri(uri.Bucket, slash < 0 ? string.Empty : uri.Key[..(slash + 1)]).ToString();
    }

    private static Exception Innermost(Exception error)
    {
        while (error.InnerException is { } inner)
        {
            error = inner;
        }

        return error;
    }
}
