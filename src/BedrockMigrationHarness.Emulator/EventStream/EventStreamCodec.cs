using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Emulator.EventStream;

/// <summary>
/// Encodes and decodes event-stream frames:
/// <c>[total_len u32][headers_len u32][prelude_crc u32][headers][payload][message_crc u32]</c>, all big-endian.
/// </summary>
internal static class EventStreamCodec
{
    private const int PreludeLength = 12;
    private const int TrailerLength = 4;

    /// <summary>The bytes of one frame. Only string headers can be encoded.</summary>
    /// <exception cref="ArgumentException">A header is not a string header or is too long.</exception>
    public static byte[] Encode(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headers = new List<byte>();
        foreach (var header in message.Headers)
        {
            if (header.Type != EventStreamHeader.StringType)
            {
                throw new ArgumentException($"Header '{header.Name}' has type {header.Type}; only string headers (7) are encoded.", nameof(message));
            }

            var name = Encoding.UTF8.GetBytes(header.Name);
            var value = Encoding.UTF8.GetBytes(header.Value);
            if (name.Length > byte.MaxValue || value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"Header '{header.Name}' is too long.", nameof(message));
            }

            headers.Add((byte)name.Length);
            headers.AddRange(name);
            headers.Add(EventStreamHeader.StringType);
            headers.Add((byte)(value.Length >> 8));
            headers.Add((byte)value.Length);
            headers.AddRange(value);
        }

        var payload = message.Payload.Span;
        var total = PreludeLength + headers.Count + payload.Length + TrailerLength;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(0), (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)headers.Count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.Compute(frame.AsSpan(0, 8)));
        headers.CopyTo(frame, PreludeLength);
        payload.CopyTo(frame.AsSpan(PreludeLength + headers.Count));
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - TrailerLength), Crc32.Compute(frame.AsSpan(0, total - TrailerLength)));
        return frame;
    }

    /// <summary>Decodes every frame of a complete stream, checking both CRCs of each.</summary>
    /// <exception cref="FormatException">A frame is truncated, malformed or fails a CRC check.</exception>
    public static IReadOnlyList<EventStreamMessage> DecodeAll(ReadOnlySpan<byte> stream)
    {
        var messages = new List<EventStreamMessage>();
        var offset = 0;
        while (offset < stream.Length)
        {
            messages.Add(Decode(stream[offset..], out var consumed));
            offset += consumed;
        }

        return messages;
    }

    /// <summary>Decodes the frame at the start of <paramref name="data"/>.</summary>
    /// <exception cref="FormatException">The frame is truncated, malformed or fails a CRC check.</exception>
    public static EventStreamMessage Decode(ReadOnlySpan<byte> data, out int consumed)
    {
        if (data.Length < PreludeLength + TrailerLength)
        {
            throw new FormatException("Truncated event-stream prelude.");
        }

        var total = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
        var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != Crc32.Compute(data[..8]))
        {
            throw new FormatException("Event-stream prelude CRC mismatch.");
        }

        if (total < PreludeLength + TrailerLength + headersLength || total > data.Length)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Event-stream frame length {total} is inconsistent (headers {headersLength}, available {data.Length})."));
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[(total - TrailerLength)..]) != Crc32.Compute(data[..(total - TrailerLength)]))
        {
            throw new FormatException("Event-stream message CRC mismatch.");
        }

        var headers = DecodeHeaders(data.Slice(PreludeLength, headersLength));
        var payload = data[(PreludeLength + headersLength)..(total - TrailerLength)].ToArray();
        consumed = total;
        return new EventStreamMessage(headers, payload);
    }

    private static List<EventStreamHeader> DecodeHeaders(ReadOnlySpan<byte> data)
    {
        var headers = new List<EventStreamHeader>();
        var i = 0;
        while (i < data.Length)
        {
            int nameLength = data[i++];
            var name = Encoding.UTF8.GetString(data.Slice(i, nameLength));
            i += nameLength;
            var type = data[i++];
            string value;
            switch (type)
            {
                case 0:
                    value = "true";
                    break;
                case 1:
                    value = "false";
                    break;
                case 2:
                    value = ((sbyte)data[i]).ToString(CultureInfo.InvariantCulture);
                    i += 1;
                    break;
                case 3:
                    value = BinaryPrimitives.ReadInt16BigEndian(data[i..]).ToString(CultureInfo.InvariantCulture);
                    i += 2;
                    break;
                case 4:
                    value = BinaryPrimitives.ReadInt32BigEndian(data[i..]).ToString(CultureInfo.InvariantCulture);
                    i += 4;
                    break;
                case 5:
                case 8:
                    value = BinaryPrimitives.ReadInt64BigEndian(data[i..]).ToString(CultureInfo.InvariantCulture);
                    i += 8;
                    break;
                case 6:
                case 7:
                    int length = BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
                    i += 2;
                    value = type == 7 ? Encoding.UTF8.GetString(data.Slice(i, length)) : Convert.ToBase64String(data.Slice(i, length));
                    i += length;
                    break;
                case 9:
                    value = Convert.ToHexString(data.Slice(i, 16));
                    i += 16;
                    break;
                default:
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown event-stream header type {type} for '{name}'."));
            }

            headers.Add(new EventStreamHeader(name, type, value));
        }

        return headers;
    }
}
