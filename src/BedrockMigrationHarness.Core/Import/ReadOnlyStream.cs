namespace BedrockMigrationHarness.Import;

/// <summary>
/// The base of the import's forward-only streams over another stream (gzip trailer watch, sniffed prefix, byte count,
/// an S3 object's body): the members of <see cref="Stream"/> that none of them changes, written once. A subclass
/// reads (<see cref="Stream.Read(byte[], int, int)"/>, and the span and memory overloads it makes faster) and disposes
/// what it wraps.
/// </summary>
public abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
