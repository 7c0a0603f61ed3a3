using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Amazon.S3;
using Amazon;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Storage;

/// <summary>
/// <see cref="ILogObjectStore"/> over AWSSDK.S3: lists with ListObjectsV2 page by page (continuation tokens, 1,000 keys
/// a page, nothing kept between pages) and streams GetObject bodies; batch inference also uploads through it
/// (<see cref="UploadAsync"/>) and reads objects that may not exist yet (<see cref="OpenReadIfExistsAsync"/>). Every failure becomes an
/// <see cref="ObjectStoreException"/> naming the <c>s3://</c> URI, S3's error code and what to do.
/// </summary>
/// <remarks>
/// The <c>bmh import</c> command builds it the way <c>bmh run</c> builds its Bedrock client, so one <c>--endpoint</c>
/// points both at the emulator:
/// <code>
/// var region = RegionResolver.Resolve(regionFlag);                      // --region, else the default chain, else us-east-1
/// var credentials = await CredentialChoice.ResolveAsync(endpoint, ct); // the default chain, or dummy keys for an emulator
/// using var store = S3LogObjectStore.Create(region, endpoint, credentials.Source!);
/// await foreach (var item in store.ListAsync(new S3Uri("bucket", "prefix/"), ct)) { ... }
/// await using var body = await store.OpenReadAsync(item.Uri, ct);    // the caller disposes; gzip is not undone
/// </code>
/// With an endpoint (the emulator, or an S3-compatible store) requests are path-style (<c>ForcePathStyle</c>) and
/// signed for the region given. Retries and timeouts are the SDK's standard retry mode. Credentials are asked
/// of the source on each request (temporary ones refresh); no secret is ever logged.
/// </remarks>
public sealed class S3LogObjectStore : ILogObjectStore, IDisposable
{
    private readonly IAmazonS3 _s3;
    private readonly Uri? _endpoint;

    internal S3LogObjectStore(IAmazonS3 s3, Uri? endpoint)
    {
        _s3 = s3;
        _endpoint = endpoint;
    }

    /// <summary>An S3 reader for <paramref name="region"/>, or for the S3 at <paramref name="endpoint"/> when given.</summary>
    /// <param name="region">The region to sign for (and to call, without an endpoint), e.g. from <see cref="RegionResolver.Resolve"/>.</param>
    /// <param name="endpoint">An endpoint override such as the emulator's <c>http://127.0.0.1:PORT/</c>; null for AWS.</param>
    /// <param name="credentials">Where credentials come from on each request (the same source the Bedrock clients use).</param>
    public static S3LogObjectStore Create(string region, Uri? endpoint, IAwsCredentialSource credentials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(credentials);
        var config = new AmazonS3Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 3,
        };
        if (endpoint is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }

        return new S3LogObjectStore(new AmazonS3Client(new CredentialSourceCredentials(credentials), config), endpoint);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(S3Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? token = null;
        do
        {
            var page = await ListPageAsync(prefix, token, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return new StoredObject(new S3Uri(prefix.Bucket, item.Key), item.Size ?? 0);
            }

            var next = page.IsTruncated == true ? page.NextContinuationToken : null;
            if (page.IsTruncated == true && (string.IsNullOrEmpty(next) || next == token))
            {
                // Real S3 always gives a new token with a truncated page; following this one would list forever.
                throw new ObjectStoreException(
                    $"{prefix}: the listing at {_endpoint?.ToString() ?? "AWS S3"} says it has more keys but gives " +
                    (string.IsNullOrEmpty(next) ? "no continuation token" : "the same continuation token again") +
                    "; that endpoint does not speak S3's ListObjectsV2. Check --endpoint.");
            }

            token = next;
        }
        while (token is not null);
    }

    public async Task<Stream> OpenReadAsync(S3Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        try
        {
            var response = await _s3.GetObjectAsync(new GetObjectRequest { BucketName = uri.Bucket, Key = uri.Key }, cancellationToken);
            return new S3ObjectStream(response, uri, _endpoint);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw S3Failure.Describe(e, uri, _endpoint);
        }
    }

    /// <summary>
    /// Uploads <paramref name="body"/> (seekable, read from its position) to <paramref name="uri"/>: one PutObject up to
    /// <see cref="MultipartThresholdBytes"/>, a multipart upload above it. The stream stays open.
    /// </summary>
    /// <exception cref="ObjectStoreException">S3 refused the upload (bucket missing, denied, network).</exception>
    internal async Task UploadAsync(S3Uri uri, Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var transfer = new TransferUtility(_s3, new TransferUtilityConfig { MinSizeBeforePartUpload = MultipartThresholdBytes });
            await transfer.UploadAsync(
                new TransferUtilityUploadRequest
                {
                    BucketName = uri.Bucket,
                    Key = uri.Key,
                    InputStream = body,
                    AutoCloseStream = false,
                    PartSize = MultipartThresholdBytes,
                },
                cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw S3Failure.Describe(e, uri, _endpoint, writing: true);
        }
    }

    /// <summary>The part size of uploads above which <see cref="UploadAsync"/> goes multipart (16 MiB, the SDK's default).</summary>
    internal const long MultipartThresholdBytes = 16 * 1024 * 1024;

    /// <summary>Like <see cref="OpenReadAsync"/>, but null when there is no such object (S3 NoSuchKey / 404).</summary>
    /// <exception cref="ObjectStoreException">The object exists but cannot be read, or the bucket is missing.</exception>
    internal async Task<Stream?> OpenReadIfExistsAsync(S3Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await OpenReadAsync(uri, cancellationToken);
        }
        catch (ObjectStoreException e) when (e.InnerException is AmazonS3Exception { ErrorCode: "NoSuchKey" }
                                                 or AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound, ErrorCode: not "NoSuchBucket" })
        {
            return null;
        }
    }

    public void Dispose() => _s3.Dispose();

    private async Task<ListObjectsV2Response> ListPageAsync(S3Uri prefix, string? token, CancellationToken cancellationToken)
    {
        try
        {
            return await _s3.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = prefix.Bucket, Prefix = prefix.Key, ContinuationToken = token },
                cancellationToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw S3Failure.Describe(e, prefix, _endpoint);
        }
    }
}
