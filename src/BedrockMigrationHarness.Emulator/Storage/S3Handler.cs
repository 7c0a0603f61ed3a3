using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using BedrockMigrationHarness.Emulator.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>
/// The S3 subset of the emulator, path-style (<c>/bucket</c>, <c>/bucket/key</c>), over an <see cref="S3Folder"/>:
/// ListObjectsV2, GetObject (ranges), HeadObject, PutObject (Content-MD5, <c>x-amz-content-sha256</c>, aws-chunked),
/// multipart uploads, DeleteObject, CreateBucket and HeadBucket, with S3's XML errors. With a required key, requests are checked with
/// the shared SigV4 verifier in its S3 dialect (service <c>s3</c>).
/// </summary>
internal sealed class S3Handler
{
    private const string SigningName = "s3";
    private const string DefaultContentType = "binary/octet-stream";
    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    /// <summary>S3's largest single PUT (5 GiB).</summary>
    private const long MaxPutBytes = 5L * 1024 * 1024 * 1024;

    private readonly S3Folder _folder;
    private readonly S3MultipartUploads _uploads;
    private readonly SigV4Key? _requiredKey;
    private readonly TimeProvider _signingClock;

    public S3Handler(S3Folder folder, SigV4Key? requiredKey, TimeProvider signingClock)
    {
        _folder = folder;
        _uploads = new S3MultipartUploads(folder);
        _requiredKey = requiredKey;
        _signingClock = signingClock;
    }

    /// <summary>
    /// Whether a request is for S3 rather than Bedrock: it is signed for the service <c>s3</c>, or it is unsigned and its
    /// path is not one of Bedrock's (<c>/model/...</c>, <c>/foundation-models...</c>, <c>/model-invocation-job...</c>).
    /// </summary>
    public static bool Claims(HttpContext context, string rawPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.Request.Headers.Authorization.ToString();
        if (SigV4Authorization.Parse(authorization) is { } signed)
        {
            return signed.Service == SigningName;
        }

        return authorization.Length == 0
            && !rawPath.StartsWith("/model/", StringComparison.Ordinal)
            && !rawPath.StartsWith("/foundation-models", StringComparison.Ordinal)
            && !rawPath.StartsWith("/model-invocation-job", StringComparison.Ordinal);
    }

    public async Task HandleAsync(HttpContext context, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rawTarget);
        context.Response.Headers["x-amz-request-id"] = context.Response.Headers["x-amzn-RequestId"];
        var error = await DispatchAsync(context, rawTarget);
        if (error is not null)
        {
            await error.WriteAsync(context);
        }
    }

    private async Task<S3Error?> DispatchAsync(HttpContext context, string rawTarget)
    {
        if (VirtualHostBucket(context.Request.Host.Host) is { } host)
        {
            return S3Error.VirtualHostStyle(host);
        }

        if (_requiredKey is { } required && Authenticate(context, rawTarget, required, _signingClock.GetUtcNow()) is { } denied)
        {
            return denied;
        }

        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var query = ParseQuery(question < 0 ? string.Empty : rawTarget[(question + 1)..]);
        var path = rawPath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = Uri.UnescapeDataString(slash < 0 ? path : path[..slash]);
        var key = slash < 0 ? string.Empty : Uri.UnescapeDataString(path[(slash + 1)..]);
        var method = context.Request.Method;
        if (bucket.Length == 0)
        {
            return S3Error.NotImplemented("ListBuckets");
        }

        if (key.Length == 0)
        {
            if (HttpMethods.IsPut(method))
            {
                return await CreateBucketAsync(context, bucket);
            }

            if (_folder.CheckBucket(bucket, out var bucketPath) is { } missing)
            {
                return missing;
            }

            return method switch
            {
                "GET" when query.GetValueOrDefault("list-type") == "2" => await ListAsync(context, bucket, bucketPath, query),
                "HEAD" => null,
                _ => S3Error.NotImplemented($"{method} on a bucket (only ListObjectsV2, list-type=2, HeadBucket and CreateBucket)"),
            };
        }

        if (S3Folder.KeyProblem(key) is { } problem)
        {
            return S3Error.InvalidArgument($"The emulator keeps objects as files under its S3 root and refuses the key `{key}`: {problem}.");
        }

        if (_folder.CheckBucket(bucket, out var folder) is { } noBucket)
        {
            return noBucket;
        }

        if (query.ContainsKey("uploads") || query.ContainsKey("uploadId"))
        {
            return await MultipartAsync(context, bucket, folder, key, query);
        }

        return method switch
        {
            "GET" or "HEAD" => await GetAsync(context, folder, key),
            "PUT" => await PutAsync(context, folder, key),
            "DELETE" => Delete(context, folder, key),
            _ => S3Error.NotImplemented($"{method} on an object"),
        };
    }

    private async Task<S3Error?> MultipartAsync(HttpContext context, string bucket, string bucketPath, string key, Dictionary<string, string> query)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method) && query.ContainsKey("uploads"))
        {
            await DrainAsync(context);
            var id = _uploads.Start(bucket, key);
            context.Response.StatusCode = 200;
            await S3Xml.WriteAsync(context, S3Xml.Document(xml =>
            {
                xml.WriteStartElement("InitiateMultipartUploadResult", S3Xml.Namespace);
                xml.WriteElementString("Bucket", bucket);
                xml.WriteElementString("Key", key);
                xml.WriteElementString("UploadId", id);
                xml.WriteEndElement();
            }));
            return null;
        }

        var uploadId = query.GetValueOrDefault("uploadId") ?? string.Empty;
        if (_uploads.Find(uploadId, bucket, key, out var directory) is { } missing)
        {
            await DrainAsync(context);
            return missing;
        }

        switch (method)
        {
            case "PUT":
                if (!int.TryParse(query.GetValueOrDefault("partNumber"), NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > 10000)
                {
                    await DrainAsync(context);
                    return S3Error.InvalidArgument("Part number must be an integer between 1 and 10000, inclusive");
                }

                var (error, received, md5) = await ReceiveAsync(context);
                if (error is not null)
                {
                    return error;
                }

                S3MultipartUploads.SavePart(directory, partNumber, received!);
                context.Response.StatusCode = 200;
                context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(md5!)}\"";
                return null;
            case "POST":
                string completeXml;
                using (var reader = new StreamReader(context.Request.Body))
                {
                    completeXml = await reader.ReadToEndAsync(context.RequestAborted);
                }

                var (joinError, joined, etag) = await _uploads.JoinAsync(directory, completeXml, context.RequestAborted);
                if (joinError is not null)
                {
                    return joinError;
                }

                if (_folder.Commit(joined!, bucketPath, key, etag!) is { } conflict)
                {
                    return conflict;
                }

                S3MultipartUploads.Delete(directory);
                context.Response.StatusCode = 200;
                await S3Xml.WriteAsync(context, S3Xml.Document(xml =>
                {
                    xml.WriteStartElement("CompleteMultipartUploadResult", S3Xml.Namespace);
                    xml.WriteElementString("Location", $"/{bucket}/{key}");
                    xml.WriteElementString("Bucket", bucket);
                    xml.WriteElementString("Key", key);
                    xml.WriteElementString("ETag", $"\"{etag}\"");
                    xml.WriteEndElement();
                }));
                return null;
            case "DELETE":
                S3MultipartUploads.Delete(directory);
                context.Response.StatusCode = 204;
                return null;
            default:
                return S3Error.NotImplemented($"{method} on a multipart upload (ListParts)");
        }
    }

    private async Task<S3Error?> CreateBucketAsync(HttpContext context, string bucket)
    {
        await DrainAsync(context);
        if (_folder.CreateBucket(bucket) is { } invalid)
        {
            return invalid;
        }

        context.Response.StatusCode = 200;
        context.Response.Headers.Location = "/" + bucket;
        return null;
    }

    private async Task<S3Error?> ListAsync(HttpContext context, string bucket, string bucketPath, Dictionary<string, string> query)
    {
        if (ListObjectsV2Query.TryParse(query, out var list) is { } invalid)
        {
            return invalid;
        }

        var page = list.Page(_folder.Keys(bucketPath, list.Prefix));
        context.Response.StatusCode = 200;
        await S3Xml.WriteAsync(context, list.Document(bucket, page, key => _folder.Describe(bucketPath, key)));
        return null;
    }

    private async Task<S3Error?> GetAsync(HttpContext context, string bucketPath, string key)
    {
        if (_folder.Find(bucketPath, key) is not { } item)
        {
            return S3Error.NoSuchKey(key);
        }

        var (offset, length) = (0L, item.Size);
        var ranged = false;
        var rangeHeader = context.Request.Headers.Range.ToString();
        if (rangeHeader.Length > 0)
        {
            switch (ByteRange.Parse(rangeHeader, item.Size))
            {
                case { Satisfiable: false }:
                    context.Response.Headers.ContentRange = $"bytes */{item.Size.ToString(CultureInfo.InvariantCulture)}";
                    return S3Error.InvalidRange;
                case { Offset: var from, Length: var count }:
                    (offset, length, ranged) = (from, count, true);
                    context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{from + count - 1}/{item.Size}");
                    break;
                default:
                    break; // A header that is not one range S3 honours (several ranges, bad syntax): the whole object.
            }
        }

        var headers = context.Response.Headers;
        headers.ETag = item.ETag;
        headers.LastModified = item.LastModified.ToString("R", CultureInfo.InvariantCulture);
        headers.AcceptRanges = "bytes";
        context.Response.StatusCode = ranged ? 206 : 200;
        context.Response.ContentType = DefaultContentType;
        context.Response.ContentLength = length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            // Streamed from the file in slices: never the whole object in memory.
            await context.Response.SendFileAsync(item.Path, offset, length, context.RequestAborted);
        }

        return null;
    }

    private async Task<S3Error?> PutAsync(HttpContext context, string bucketPath, string key)
    {
        var (error, received, md5) = await ReceiveAsync(context);
        if (error is not null)
        {
            return error;
        }

        if (_folder.Commit(received!, bucketPath, key, Convert.ToHexStringLower(md5!)) is { } conflict)
        {
            return conflict;
        }

        context.Response.StatusCode = 200;
        context.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(md5!)}\"";
        return null;
    }

    /// <summary>
    /// Streams a PutObject or UploadPart body into a temporary file, undoing aws-chunked and checking Content-MD5,
    /// a hex <c>x-amz-content-sha256</c> and the decoded length; the file and its MD5, or the error (the file then deleted).
    /// </summary>
    private async Task<(S3Error? Error, string? Path, byte[]? Md5)> ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxPutBytes;
        }

        byte[]? expectedMd5 = null;
        if (request.Headers.TryGetValue("Content-MD5", out var md5Header))
        {
            expectedMd5 = new byte[16];
            if (!Convert.TryFromBase64String(md5Header.ToString(), expectedMd5, out var md5Length) || md5Length != 16)
            {
                await DrainAsync(context);
                return (S3Error.InvalidDigest, null, null);
            }
        }

        var contentSha256 = request.Headers["x-amz-content-sha256"].ToString();
        var chunked = contentSha256.StartsWith("STREAMING-", StringComparison.Ordinal)
            || request.Headers.ContentEncoding.ToString().Contains("aws-chunked", StringComparison.OrdinalIgnoreCase);
        var checkSha256 = contentSha256.Length == 64 && contentSha256 != UnsignedPayload;

        string uploadPath;
        long written;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var upload = _folder.CreateUpload())
        {
            uploadPath = upload.Name;
            async ValueTask Write(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
            {
                md5.AppendData(bytes.Span);
                sha256.AppendData(bytes.Span);
                await upload.WriteAsync(bytes, cancellationToken);
            }

            try
            {
                written = chunked
                    ? await new AwsChunkedDecoder(request.Body).CopyToAsync(Write, context.RequestAborted)
                    : await CopyAsync(request.Body, Write, context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                await upload.DisposeAsync();
                File.Delete(uploadPath);
                return (e is InvalidDataException
                    ? S3Error.InvalidArgument($"The aws-chunked body cannot be decoded: {e.Message}.")
                    : new S3Error(((BadHttpRequestException)e).StatusCode, "IncompleteBody", e.Message), null, null);
            }
            catch
            {
                await upload.DisposeAsync();
                File.Delete(uploadPath);
                throw;
            }
        }

        var md5Hash = md5.GetHashAndReset();
        var problem = Check(request, chunked, written, checkSha256 ? contentSha256 : null, sha256.GetHashAndReset(), expectedMd5, md5Hash);
        if (problem is not null)
        {
            File.Delete(uploadPath);
            return (problem, null, null);
        }

        return (null, uploadPath, md5Hash);
    }

    private static S3Error? Check(HttpRequest request, bool chunked, long written, string? claimedSha256, byte[] sha256, byte[]? expectedMd5, byte[] md5)
    {
        if (chunked && long.TryParse(request.Headers["x-amz-decoded-content-length"], NumberStyles.None, CultureInfo.InvariantCulture, out var decodedLength)
            && decodedLength != written)
        {
            return S3Error.IncompleteBody;
        }

        if (claimedSha256 is not null && !string.Equals(claimedSha256, Convert.ToHexStringLower(sha256), StringComparison.OrdinalIgnoreCase))
        {
            return S3Error.ContentSha256Mismatch;
        }

        return expectedMd5 is not null && !CryptographicOperations.FixedTimeEquals(expectedMd5, md5) ? S3Error.BadDigest : null;
    }

    private S3Error? Delete(HttpContext context, string bucketPath, string key)
    {
        // S3 answers 204 whether or not the key existed.
        _folder.Delete(bucketPath, key);
        context.Response.StatusCode = 204;
        return null;
    }

    private static S3Error? Authenticate(HttpContext context, string rawTarget, SigV4Key key, DateTimeOffset now)
    {
        var headers = context.Request.Headers
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty)))
            .ToList();
        var request = new SigV4Request(context.Request.Method, rawTarget, headers, ReadOnlyMemory<byte>.Empty);
        return SigV4Verifier.Verify(request, key, SigningName, now, SigV4Dialect.S3) switch
        {
            SigV4Failure.None => null,
            SigV4Failure.MissingAuthorization => S3Error.AccessDenied,
            SigV4Failure.UnknownAccessKey => S3Error.InvalidAccessKeyId,
            SigV4Failure.MissingContentSha256 => S3Error.MissingContentSha256,
            SigV4Failure.WrongService => S3Error.WrongService(SigV4Authorization.Parse(context.Request.Headers.Authorization.ToString())?.Service ?? "?"),
            SigV4Failure.SignatureExpired or SigV4Failure.SignatureNotYetCurrent => S3Error.RequestTimeTooSkewed(SigV4Verifier.SigningTimeError(request, now)!),
            _ => S3Error.SignatureDoesNotMatch,
        };
    }

    /// <summary>The host name when it carries a bucket (virtual-hosted style, <c>bucket.localhost</c>); null for an IP or a bare host.</summary>
    private static string? VirtualHostBucket(string host) =>
        host.Contains('.', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _) && host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? host
            : null;

    private static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(eq < 0 ? part : part[..eq]);
            query[name] = eq < 0 ? string.Empty : Uri.UnescapeDataString(part[(eq + 1)..]);
        }

        return query;
    }

    private static async Task<long> CopyAsync(Stream source, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination(buffer.AsMemory(0, read), cancellationToken);
            total += read;
        }

        return total;
    }

    private static async Task DrainAsync(HttpContext context) =>
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
}
