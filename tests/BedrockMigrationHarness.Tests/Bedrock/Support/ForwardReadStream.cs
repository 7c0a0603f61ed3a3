namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>
/// The plumbing of a read-only, forward-only test stream: a subclass says how many bytes it has read and fills a
/// span; every other member reads through that or is not supported.
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    /// <summary>Bytes handed out so far.</summary>
    protected abstract long Consumed { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Consumed;
        set => throw new NotSupportedException();
    }

    public abstract override int Read(Span<byte> buffer);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
