using Amazon.Runtime;
using Amazon.S3.Model;
using BedrockMigrationHarness.Import;

namespace BedrockMigrationHarness.Bedrock.Storage;

/// <summary>
/// A GetObject body that owns its response: disposing the stream disposes the response (and its connection), and a
/// read that fails half-way (connection reset, timeout) becomes an <see cref="ObjectStoreException"/> naming the object.
/// </summary>
internal sealed class S3ObjectStream(GetObjectResponse response, S3Uri uri, Uri? endpoint) : Stream
{
    private readonly Stream _body = response.ResponseStream;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => response.ContentLength;

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
