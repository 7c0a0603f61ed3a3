using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Vocabulary;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (1-based, as written: <c>--shard 2/4</c>). A case belongs to
/// exactly one shard, chosen by a hash of its id, so every sample and arm of a case run in the same shard (the
/// paired analysis needs both arms of a case) and the split does not depend on the order of the suite.
/// </summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>The most shards a plan can be cut into.</summary>
    public const int MaxCount = 1000;

    /// <summary>Reads <c>i/n</c>; null with <paramref name="problem"/> saying what is wrong.</summary>
    public static ShardSpec? Parse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count is >= 1 and <= MaxCount && index >= 1 && index <= count)
        {
            problem = null;
            return new ShardSpec(index, count);
        }

        problem = string.Create(CultureInfo.InvariantCulture,
            $"must be i/n with 1 ≤ i ≤ n ≤ {MaxCount}, e.g. --shard 2/4 for the second of four parallel jobs (found `{text}`).");
        return null;
    }

    /// <summary>Whether the case with this id runs in this shard.</summary>
    public bool Contains(string caseId) => Of(caseId, Count) == Index;

    /// <summary>The 1-based shard, of <paramref name="count"/>, that a case id falls in: SHA-256 of its UTF-8 bytes, modulo the count.</summary>
    public static int Of(string caseId, int count)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(caseId), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)count) + 1;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
