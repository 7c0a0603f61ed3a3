using System.IO.Compression;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Reads whole objects the logs point at (offloaded bodies, media) through the store, bounded in size, and undoes
/// gzip when the bytes start with its magic number (1f 8b), whatever the key's extension.
/// </summary>
internal static class ObjectReader
{
    public static bool TryParseS3(string text, out S3Uri uri)
    {
        uri = null!;
        if (!text.StartsWith("s3://", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        if (bucket.Length == 0)
        {
            return false;
        }

        uri = new S3Uri(bucket, slash < 0 ? string.Empty : rest[(slash + 1)..]);
        return true;
    }

    /// <summary>The object's bytes, gzip undone when <paramref name="gunzip"/> and the bytes are gzip.</summary>
    /// <exception cref="ObjectStoreException">No store, a bad URI, a failed read, or more than <paramref name="maxBytes"/>.</exception>
    public static async Task<byte[]> ReadAllAsync(ILogObjectStore? store, string location, bool gunzip, int maxBytes, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            throw new ObjectStoreException($"{location} is in S3 and this import has no S3 access (read the logs from an s3:// source)");
        }

        if (!TryParseS3(location, out var uri))
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
    public static async Task<Stream> OpenAsync(Stream stream, CancellationToken cancellationToken)
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

        Stream whole = new PrefixedStream(head.AsMemory(0, count), stream);
        return count == 2 && head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(whole, CompressionMode.Decompress) : whole;
    }

    /// <summary>The sniffed bytes put back in front of the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

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
