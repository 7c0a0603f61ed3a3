namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>A read-only stream over bytes that returns at most <c>chunkSize</c> bytes per read, as a slow network would.</summary>
internal sealed class ChunkedStream(byte[] data, int chunkSize) : ForwardReadStream
{
    private int _position;

    public override long Length => data.Length;

    protected override long Consumed => _position;

    public override int Read(Span<byte> buffer)
    {
        var count = Math.Min(Math.Min(buffer.Length, chunkSize), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
