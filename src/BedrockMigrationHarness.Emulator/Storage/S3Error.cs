using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>An S3 REST-XML error: HTTP status, the <c>&lt;Code&gt;</c> S3 uses and its message.</summary>
/// <param name="Resource">The <c>&lt;Resource&gt;</c> (bucket or key) S3 names in the error, if any.</param>
internal sealed record S3Error(int Status, string Code, string Message, string? Resource = null)
{
    public static S3Error NoSuchBucket(string bucket) => new(404, "NoSuchBucket", "The specified bucket does not exist", bucket);

    public static S3Error NoSuchKey(string key) => new(404, "NoSuchKey", "The specified key does not exist.", key);

    public static S3Error InvalidArgument(string message) => new(400, "InvalidArgument", message);

    public static S3Error InvalidBucketName(string bucket) => new(400, "InvalidBucketName", "The specified bucket is not valid.", bucket);

    public static S3Error InvalidRange { get; } = new(416, "InvalidRange", "The requested range is not satisfiable");

    public static S3Error BadDigest { get; } = new(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");

    public static S3Error InvalidDigest { get; } = new(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");

    public static S3Error ContentSha256Mismatch { get; } = new(400, "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.");

    public static S3Error IncompleteBody { get; } = new(400, "IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.");

    public static S3Error SignatureDoesNotMatch { get; } = new(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.");

    public static S3Error InvalidAccessKeyId { get; } = new(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");

    public static S3Error AccessDenied { get; } = new(403, "AccessDenied", "Access Denied");

    public static S3Error MissingContentSha256 { get; } = new(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");

    public static S3Error RequestTimeTooSkewed(string message) => new(403, "RequestTimeTooSkewed", $"The difference between the request time and the current time is too large. {message}");

    public static S3Error WrongService(string service) =>
        new(400, "AuthorizationHeaderMalformed", $"The authorization header is malformed; incorrect service \"{service}\". This endpoint belongs to \"s3\".");

    public static S3Error NotImplemented(string what) =>
        new(501, "NotImplemented", $"A header or operation you provided implies functionality that is not implemented: {what}. The emulator serves ListObjectsV2, GetObject, HeadObject, PutObject and DeleteObject, path-style.");

    public static S3Error VirtualHostStyle(string host) =>
        new(400, "InvalidRequest", $"The emulator serves S3 path-style only (http://127.0.0.1:PORT/bucket/key), and this request addressed the bucket in the host name ({host}). Set ForcePathStyle = true (AWS SDK for .NET), addressing_style='path' (botocore), or `aws configure set default.s3.addressing_style path`.");

    /// <summary>Writes the error XML S3 sends (<c>Error/Code, Message, Resource, RequestId</c>); HEAD gets the status alone, as from S3.</summary>
    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var requestId = context.Response.Headers["x-amz-request-id"].ToString();
        var document = S3Xml.Document(xml =>
        {
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", Code);
            xml.WriteElementString("Message", S3Xml.Printable(Message));
            if (Resource is not null)
            {
                xml.WriteElementString(Code == "NoSuchBucket" ? "BucketName" : Code == "NoSuchKey" ? "Key" : "Resource", S3Xml.Printable(Resource));
            }

            xml.WriteElementString("RequestId", requestId);
            xml.WriteEndElement();
        });
        await S3Xml.WriteAsync(context, document);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Status} {Code}");
}
