using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Storage;

/// <summary>
/// Undoes S3's <c>aws-chunked</c> content encoding, which the AWS SDKs use for streaming uploads
/// (<c>x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>, <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]</c>):
/// <c>hex-size[;chunk-signature=...]\r\n</c> + bytes + <c>\r\n</c>, ..., a zero-size chunk, then trailer lines
/// (<c>x-amz-checksum-crc32:...</c>) and an empty line. Chunk signatures and trailing checksums are read, not verified.
/// Copies as it reads: memory stays at one buffer whatever the object's size.
/// </summary>
internal sealed class AwsChunkedDecoder(Stream source)
{
    private const int MaxLine = 4096;

    private readonly byte[] _buffer = new byte[81920];
    private int _start;
    private int _end;

    /// <summary>The trailer lines after the last chunk (name → value).</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Copies the decoded bytes to <paramref name="destination"/>, returning how many there were.</summary>
    /// <exception cref="InvalidDataException">The framing is broken (a bad size line, a missing CRLF, the body ends early).</exception>
    public async Task<long> CopyToAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> destination, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken) ?? throw new InvalidDataException("the body ended before the last (zero-size) chunk");
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var hex = semicolon < 0 ? sizeLine : sizeLine[..semicolon];
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new InvalidDataException($"a chunk size line is not hexadecimal: `{Shorten(sizeLine)}`");
            }

            if (size == 0)
            {
                await ReadTrailersAsync(cancellationToken);
                return total;
            }

            var left = size;
            while (left > 0)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new InvalidDataException("the body ended inside a chunk");
                }

                var take = (int)Math.Min(left, _end - _start);
                await destination(_buffer.AsMemory(_start, take), cancellationToken);
                _start += take;
                left -= take;
            }

            total += size;
            if (await ReadLineAsync(cancellationToken) is not "")
            {
                throw new InvalidDataException("a chunk is not followed by CRLF");
            }
        }
    }

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        // Trailers end with an empty line; some clients end the body right after the last trailer.
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                Trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
    }

    /// <summary>The next CRLF-terminated ASCII line without its CRLF; null at the end of the body.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken))
            {
                return line.Length == 0 ? null : line.ToString();
            }

            var b = _buffer[_start++];
            if (b == '\n' && line.Length > 0 && line[^1] == '\r')
            {
                return line.ToString(0, line.Length - 1);
            }

            line.Append((char)b);
            if (line.Length > MaxLine)
            {
                throw new InvalidDataException($"a chunk header or trailer line is longer than {MaxLine} bytes");
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await source.ReadAsync(_buffer, cancellationToken);
        return _end > 0;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
