using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Hands out one <see cref="Random"/> per request, derived from hash(seed, model id, body, n) where n counts earlier
/// requests with the same model id and body. Runs are reproducible whatever the order concurrent calls arrive in,
/// and a retry of the same request (n + 1) draws afresh.
/// </summary>
internal sealed class RequestRandom(long seed)
{
    private readonly ConcurrentDictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>The generator for the next occurrence of (<paramref name="modelId"/>, <paramref name="body"/>).</summary>
    public Random Next(string modelId, ReadOnlySpan<byte> body)
    {
        var bodyHash = Convert.ToHexString(SHA256.HashData(body));
        var key = modelId + "\n" + bodyHash;
        var occurrence = _occurrences.AddOrUpdate(key, 0, static (_, n) => n + 1);
        var material = new byte[8 + 4];
        BinaryPrimitives.WriteInt64LittleEndian(material, seed);
        BinaryPrimitives.WriteInt32LittleEndian(material.AsSpan(8), occurrence);
        var digest = SHA256.HashData([.. material, .. Encoding.UTF8.GetBytes(key)]);

        // new Random(int) uses the seeded legacy algorithm, which is stable across .NET versions and platforms.
        return new Random(BinaryPrimitives.ReadInt32LittleEndian(digest));
    }
}
