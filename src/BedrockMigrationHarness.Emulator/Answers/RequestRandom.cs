using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Hands out one <see cref="Random"/> per request, derived from hash(seed, model id, body, n) where n counts earlier
/// requests with the same model id and body. Runs are reproducible whatever the order concurrent calls arrive in,
/// and a retry of the same request (n + 1) draws afresh. The body's top-level <c>requestMetadata</c> member is left out
/// of the hash: tags (a client's case id, a run name) name a request, they do not change what the model answers.
/// </summary>
internal sealed class RequestRandom(long seed)
{
    private readonly ConcurrentDictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>The generator for the next occurrence of (<paramref name="modelId"/>, <paramref name="body"/>).</summary>
    public Random Next(string modelId, ReadOnlySpan<byte> body)
    {
        var untagged = WithoutMember(body, "requestMetadata"u8);
        var bodyHash = Convert.ToHexString(untagged is null ? SHA256.HashData(body) : SHA256.HashData(untagged));
        var key = modelId + "\n" + bodyHash;
        var occurrence = _occurrences.AddOrUpdate(key, 0, static (_, n) => n + 1);
        var material = new byte[8 + 4];
        BinaryPrimitives.WriteInt64LittleEndian(material, seed);
        BinaryPrimitives.WriteInt32LittleEndian(material.AsSpan(8), occurrence);
        var digest = SHA256.HashData([.. material, .. Encoding.UTF8.GetBytes(key)]);

        // new Random(int) uses the seeded legacy algorithm, which is stable across .NET versions and platforms.
        return new Random(BinaryPrimitives.ReadInt32LittleEndian(digest));
    }

    /// <summary>
    /// The JSON object text without its top-level member <paramref name="name"/> (and the comma that joined it), byte for
    /// byte otherwise; null (use the text as it is, uncopied) when it has no such member or is not a JSON object.
    /// </summary>
    internal static byte[]? WithoutMember(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var start = (int)reader.TokenStartIndex;
                var matches = reader.ValueTextEquals(name);
                reader.Read();
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                if (!matches)
                {
                    continue;
                }

                // Cut the comma before the member, or, for the first member, the one after it.
                var before = body[..start].TrimEnd(" \t\r\n"u8);
                if (before.Length > 0 && before[^1] == (byte)',')
                {
                    return [.. before[..^1], .. body[end..]];
                }

                var after = body[end..].TrimStart(" \t\r\n"u8);
                return after.Length > 0 && after[0] == (byte)',' ? [.. body[..start], .. after[1..]] : [.. body[..start], .. after];
            }
        }
        catch (JsonException)
        {
            // Not JSON: hashed as it is (the handler has refused it before answering anyway).
        }

        return null;
    }
}
