using Amazon.Runtime;
using Amazon.S3.Model;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.Storage;

/// <summary>
/// A GetObject body that owns its response: disposing the stream disposes the response (and its connection), and a
/// read that fails half-way (connection reset, timeout) becomes an <see cref="ObjectStoreException"/> naming the object.
/// </summary>
internal sealed class S3ObjectStream(GetObjectResponse response, S3Uri uri, Uri? endpoint) : ReadOnlyStream
{
    private readonly Stream _body = response.ResponseStream;

    public override long Length => response.ContentLength;

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return _body.Read(buffer, offset, count);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or AmazonClientException or AmazonServiceException)
        {
            throw S3Failure.Describe(e, uri, endpoint, reading: true);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _body.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or AmazonClientException or AmazonServiceException)
        {
            throw S3Failure.Describe(e, uri, endpoint, reading: true);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
