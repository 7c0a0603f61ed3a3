namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>A read-only stream that repeats <c>pattern</c> forever, as a hostile server's body that never ends; counts what was read.</summary>
internal sealed class EndlessStream(byte[] pattern) : ForwardReadStream
{
    public long BytesRead { get; private set; }

    protected override long Consumed => BytesRead;

    public override int Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = pattern[(int)((BytesRead + i) % pattern.Length)];
        }

        BytesRead += buffer.Length;
        return buffer.Length;
    }
}
