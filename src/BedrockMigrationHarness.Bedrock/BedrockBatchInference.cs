using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock.Batch;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Runtime;
using BedrockMigrationHarness.Bedrock.Storage;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>
/// <see cref="IBatchInference"/> over Amazon Bedrock: the job calls through the control-plane client (SigV4, the same
/// request and error code as the other control-plane calls; the job ARN percent-encoded as one path segment), the
/// objects through AWSSDK.S3 (<see cref="S3LogObjectStore"/>). One endpoint override points both at the emulator.
/// Every failure is a <see cref="BatchServiceException"/>; cancellation passes through. Owns both clients.
/// </summary>
public sealed class BedrockBatchInference : IBatchInference, IDisposable
{
    private const string Create = "CreateModelInvocationJob";
    private const string Get = "GetModelInvocationJob";
    private const string Stop = "StopModelInvocationJob";

    /// <summary>The most bytes of a <c>manifest.json.out</c> read (a manifest is six counts).</summary>
    private const long MaxManifestBytes = 1024 * 1024;

    private readonly BedrockControlPlaneClient _controlPlane;
    private readonly S3LogObjectStore _store;
    private readonly long _maxLineBytes;

    /// <param name="maxLineBytes">The longest output line read; a longer one is a problem record.</param>
    internal BedrockBatchInference(BedrockControlPlaneClient controlPlane, S3LogObjectStore store, long maxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _controlPlane = controlPlane;
        _store = store;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>
    /// Writes the JSONL to a temporary file (deleted when closed, whatever happens), then uploads it: one PutObject, or a
    /// multipart upload above 16 MiB.
    /// </summary>
    public async Task<long> UploadInputAsync(
        S3Uri uri, BatchInvocationType invocationType, IEnumerable<BatchInputRecord> records, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(records);
        FileStream file;
        try
        {
            file = new FileStream(
                Path.Combine(Path.GetTempPath(), $"bmh-batch-{Guid.NewGuid():N}.jsonl"),
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.None,
                bufferSize: 64 * 1024,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BatchServiceException($"{uri}: the input could not be written to a temporary file in {Path.GetTempPath()} ({ex.Message}). Set TMPDIR to a writable folder with room.", null, false, ex);
        }

        await using (file)
        {
            long size;
            try
            {
                size = BatchInputWriter.Write(file, uri, invocationType, records, maxBytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                throw new BatchServiceException($"{uri}: the input could not be written to a temporary file in {Path.GetTempPath()} ({ex.Message}). Free some room or set TMPDIR.", null, false, ex);
            }

            if (size > maxBytes)
            {
                throw new BatchServiceException(
                    string.Create(CultureInfo.InvariantCulture, $"{uri}: the input file would be {size:N0} bytes, above the limit of {maxBytes:N0} bytes per input file (batch.max_input_mb). Lower batch.max_records so each job's file is smaller, or raise max_input_mb if your account's quota allows. Nothing was uploaded."),
                    null,
                    false);
            }

            file.Position = 0;
            try
            {
                await _store.UploadAsync(uri, file, cancellationToken);
            }
            catch (ObjectStoreException ex)
            {
                throw BatchFailure.OfS3(ex);
            }

            return size;
        }
    }

    /// <inheritdoc />
    public async Task<string> CreateJobAsync(BatchJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var subject = $"job `{request.JobName}` (model {request.ModelId})";
        var result = await _controlPlane.SendJsonAsync(HttpMethod.Post, BedrockPaths.ModelInvocationJobs, [], BatchJobJson.CreateRequest(request), cancellationToken);
        return Read(result, Create, subject, BatchJobJson.JobArn);
    }

    /// <inheritdoc />
    public async Task<BatchJobStatus> GetJobAsync(string jobArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        var result = await _controlPlane.SendJsonAsync(HttpMethod.Get, BedrockPaths.ModelInvocationJob(jobArn), [], body: null, cancellationToken);
        return Read(result, Get, $"job {jobArn}", answer => BatchJobJson.Status(answer, jobArn));
    }

    /// <summary>
    /// <c>StopModelInvocationJob</c>. When Bedrock refuses (ConflictException or ValidationException), the job is looked
    /// at: one that already ended or is stopping is not an error.
    /// </summary>
    public async Task StopJobAsync(string jobArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        var result = await _controlPlane.SendJsonAsync(HttpMethod.Post, BedrockPaths.StopModelInvocationJob(jobArn), [], body: null, cancellationToken);
        if (result.IsSuccess)
        {
            result.Value.Dispose();
            return;
        }

        if (result.Error.ErrorType is "ConflictException" or "ValidationException"
            && await GetJobAsync(jobArn, cancellationToken) is { } status
            && (status.HasEnded || status.State == BatchJobState.Stopping))
        {
            return;
        }

        throw BatchFailure.Of(Stop, $"job {jobArn}", result.Error);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<BatchOutputRecord> ReadOutputAsync(
        string jobArn,
        S3Uri outputUri,
        S3Uri inputUri,
        BatchInvocationType invocationType,
        string? invokeTextPointer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        ArgumentNullException.ThrowIfNull(outputUri);
        ArgumentNullException.ThrowIfNull(inputUri);
        if (invocationType == BatchInvocationType.InvokeModel)
        {
            ArgumentException.ThrowIfNullOrEmpty(invokeTextPointer);
        }

        var inputName = inputUri.Key[(inputUri.Key.LastIndexOf('/') + 1)..];
        var uri = JobObject(jobArn, outputUri, inputName + ".out");
        await using var stream = await OpenIfExistsAsync(uri, cancellationToken);
        if (stream is null)
        {
            yield break;
        }

        await using var records = BatchOutputReader.ReadAsync(stream, uri, invocationType, invokeTextPointer, _maxLineBytes, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await records.MoveNextAsync())
                {
                    break;
                }
            }
            catch (ObjectStoreException ex)
            {
                throw BatchFailure.OfS3(ex);
            }

            yield return records.Current;
        }
    }

    /// <inheritdoc />
    public async Task<BatchManifest?> ReadManifestAsync(string jobArn, S3Uri outputUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobArn);
        ArgumentNullException.ThrowIfNull(outputUri);
        var uri = JobObject(jobArn, outputUri, "manifest.json.out");
        await using var stream = await OpenIfExistsAsync(uri, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            using var content = new StreamContent(stream);
            bytes = (await ResponseBody.ReadAsync(content, MaxManifestBytes, cancellationToken))?.ToArray()
                ?? throw new BatchServiceException(string.Create(CultureInfo.InvariantCulture, $"{uri}: the manifest is larger than {MaxManifestBytes:N0} bytes; it is not a batch manifest."), null, false);
        }
        catch (ObjectStoreException ex)
        {
            throw BatchFailure.OfS3(ex);
        }

        try
        {
            using var document = AnswerFields.Parse(bytes);
            return BatchJobJson.Manifest(document.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or MalformedResponseException)
        {
            throw new BatchServiceException($"{uri}: not a batch manifest ({ex.Message}).", null, false, ex);
        }
    }

    /// <summary>Closes the control-plane connections and the S3 client.</summary>
    public void Dispose()
    {
        _controlPlane.Dispose();
        _store.Dispose();
    }

    /// <summary><c>&lt;outputUri&gt;/&lt;job id&gt;/&lt;name&gt;</c>; the job id is the ARN's last segment.</summary>
    internal static S3Uri JobObject(string jobArn, S3Uri outputUri, string name)
    {
        var jobId = jobArn[(jobArn.LastIndexOf('/') + 1)..];
        var prefix = outputUri.Key.Length == 0 || outputUri.Key.EndsWith('/') ? outputUri.Key : outputUri.Key + "/";
        return new S3Uri(outputUri.Bucket, $"{prefix}{jobId}/{name}");
    }

    private async Task<Stream?> OpenIfExistsAsync(S3Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.OpenReadIfExistsAsync(uri, cancellationToken);
        }
        catch (ObjectStoreException ex)
        {
            throw BatchFailure.OfS3(ex);
        }
    }

    private static T Read<T>(ControlPlaneResult<JsonDocument> result, string operation, string subject, Func<JsonElement, T> read)
    {
        if (!result.IsSuccess)
        {
            throw BatchFailure.Of(operation, subject, result.Error);
        }

        using var document = result.Value;
        try
        {
            return read(document.RootElement);
        }
        catch (MalformedResponseException ex)
        {
            throw BatchFailure.Malformed(operation, subject, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw BatchFailure.Malformed(operation, subject, ex.Message);
        }
    }
}
