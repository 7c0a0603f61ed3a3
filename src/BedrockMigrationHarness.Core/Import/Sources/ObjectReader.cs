using System.IO.Compression;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads whole objects the logs point at (offloaded bodies, media) through the store, bounded in size, and undoes
/// gzip when the bytes start with its magic number (1f 8b), whatever the key's extension.
/// </summary>
internal static class ObjectReader
{
    /// <summary>The object's bytes, gzip undone when <paramref name="gunzip"/> and the bytes are gzip.</summary>
    /// <exception cref="ObjectStoreException">No store, a bad URI, a failed read, or more than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAllAsync(ILogObjectStore? store, string location, bool gunzip, int maxBytes, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new ObjectStoreException($"{location} is in S3 and this import has no S3 access (read the logs from an s3:// source)");
        }

        if (!S3Uri.TryParse(location, out var uri))
        {
            throw new ObjectStoreException($"`{location}` is not an s3://bucket/key location");
        }

        try
        {
            await using var raw = await store.OpenReadAsync(uri, cancellationToken);
            await using var stream = gunzip ? await GzipSniffing.OpenAsync(raw, cancellationToken) : raw;
            return await ReadBoundedAsync(stream, maxBytes, location, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new ObjectStoreException($"{location} is not valid gzip: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new ObjectStoreException($"{location} could not be read: {e.Message}", e);
        }
    }

    public static async Task<byte[]> ReadBoundedAsync(Stream stream, int maxBytes, string name, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new ObjectStoreException($"{name} is larger than {maxBytes / (1024 * 1024)} MiB, the most the importer reads of one object");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>Gzip detected by its magic bytes (1f 8b), not by the name: Bedrock's objects are gzip, copies may not be.</summary>
internal static class GzipSniffing
{
    /// <summary>A stream of the decompressed bytes when <paramref name="stream"/> starts with gzip's magic, else of the bytes as they are.</summary>
    public static async Task<Stream> OpenAsync(Stream stream, CancellationToken cancellationToken) =>
        (await OpenCheckedAsync(stream, cancellationToken)).Content;

    /// <summary>
    /// As <see cref="OpenAsync"/>, and able to tell, once the content is read to its end, whether gzip data was cut
    /// short: .NET's GZipStream ends quietly on a truncated object, so the trailer's size (ISIZE, the last 4 bytes of a
    /// gzip member) is compared with the bytes decompressed.
    /// </summary>
    public static async Task<SniffedContent> OpenCheckedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        var count = 0;
        while (count < 2)
        {
            var read = await stream.ReadAsync(head.AsMemory(count), cancellationToken);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        var whole = new PrefixedStream(head.AsMemory(0, count), stream);
        if (count < 2 || head[0] != 0x1f || head[1] != 0x8b)
        {
            return new SniffedContent(whole, () => false);
        }

        var tail = new TailStream(whole);
        long decompressed = 0;
        var content = new CountingStream(new GZipStream(tail, CompressionMode.Decompress), n => decompressed += n);
        return new SniffedContent(content, () => tail.LastFour() is not { } size || size != (uint)decompressed);
    }

    /// <summary>Keeps the last 4 bytes read through it (a gzip member's ISIZE).</summary>
    private sealed class TailStream(Stream inner) : ReadOnlyStream
    {
        private readonly byte[] _last = new byte[4];
        private long _total;

        public uint? LastFour() => _total < 4 ? null : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_last);

        public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            return Keep(buffer.Span[..read]);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Keep(ReadOnlySpan<byte> read)
        {
            if (read.Length >= 4)
            {
                read[^4..].CopyTo(_last);
            }
            else if (read.Length > 0)
            {
                Array.Copy(_last, read.Length, _last, 0, 4 - read.Length);
                read.CopyTo(_last.AsSpan(4 - read.Length));
            }

            _total += read.Length;
            return read.Length;
        }
    }

    /// <summary>The sniffed bytes put back in front of the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.Length > 0)
            {
                return TakePrefix(buffer);
            }

            return inner.Read(buffer);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _prefix.Length > 0 ? ValueTask.FromResult(TakePrefix(buffer.Span)) : inner.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int TakePrefix(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
            return n;
        }
    }
}

/// <summary>Decompressed (or plain) content, and whether its gzip data turned out cut short (ask once it is read to its end).</summary>
internal sealed record SniffedContent(Stream Content, Func<bool> Truncated);
