using System.Collections.Immutable;
using System.Globalization;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>
/// De-duplication: a record whose request id, or whose request body (<see cref="LoggedRequest.BodySha256"/>), was
/// already kept is a duplicate; the first is kept and the number of times each body was seen is counted. Memory grows
/// with the distinct requests read, not with the records' size: ids and hashes are kept as 128-bit values where they
/// can be, and each distinct body its first request id and count (about 300 bytes a request, measured in docs/import.md).
/// </summary>
internal sealed class Deduplicator
{
    private readonly HashSet<Guid> _guidIds = [];
    private readonly HashSet<string> _otherIds = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, BodySeen> _bodies = [];

    /// <summary>Null when <paramref name="invocation"/> is the first of its kind (now remembered), else why it is a duplicate.</summary>
    public string? DuplicateOf(LoggedInvocation invocation)
    {
        var newId = Guid.TryParse(invocation.RequestId, out var guid) ? _guidIds.Add(guid) : _otherIds.Add(invocation.RequestId);
        if (!newId)
        {
            return $"request id {invocation.RequestId} was already read";
        }

        var key = BodyKey(invocation.Request.BodySha256);
        if (_bodies.TryGetValue(key, out var first))
        {
            first.Count++;
            return $"same request body as request {first.RequestId}";
        }

        _bodies[key] = new BodySeen(invocation.RequestId);
        return null;
    }

    /// <summary>How often the body of <paramref name="invocation"/> was seen (1 when it was never repeated).</summary>
    public int TimesSeen(LoggedInvocation invocation) =>
        _bodies.TryGetValue(BodyKey(invocation.Request.BodySha256), out var seen) ? seen.Count : 1;

    /// <summary>The most repeated request bodies (seen at least twice), most seen first, at most <paramref name="count"/>.</summary>
    public ImmutableArray<RepeatedRequest> TopRepeats(int count) =>
    [
        .. _bodies.Values.Where(b => b.Count > 1)
            .OrderByDescending(b => b.Count).ThenBy(b => b.RequestId, StringComparer.Ordinal)
            .Take(count)
            .Select(b => new RepeatedRequest(b.RequestId, b.Count)),
    ];

    /// <summary>The first 128 bits of a hex SHA-256 (any other text is hashed first, so a malformed hash still de-duplicates).</summary>
    private static UInt128 BodyKey(string sha256) =>
        sha256.Length >= 32 && UInt128.TryParse(sha256.AsSpan(0, 32), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key)
            ? key
            : UInt128.Parse(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sha256))).AsSpan(0, 32),
                NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private sealed class BodySeen(string requestId)
    {
        public string RequestId { get; } = requestId;

        public int Count { get; set; } = 1;
    }
}

/// <summary>A request body seen more than once: the request kept for it, and how many times it was seen in all.</summary>
internal sealed record RepeatedRequest(string RequestId, int TimesSeen);
