using System.Security.Cryptography;
using System.Text;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Follows a request's content in cache order (tools, then system, then messages) and remembers what its last
/// <c>cachePoint</c> marks: a SHA-256 of the content before it and that content's size in tokens.
/// </summary>
internal sealed class CachePrefixBuilder
{
    private readonly StringBuilder _canonical = new();
    private long _chars;

    /// <summary>Adds one piece of content: its canonical text (for the hash) and its characters (for the token estimate).</summary>
    public void Append(string canonical, long chars)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        _canonical.Append(canonical).Append('\u001e');
        _chars += chars;
    }

    /// <summary>A cachePoint: everything appended so far is the prefix.</summary>
    public void MarkCachePoint()
    {
        if (_chars > 0)
        {
            Result = new CachePrefix(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(_canonical.ToString()))), ChatRequest.TokensOf(_chars));
        }
    }

    /// <summary>The last marked prefix, or null when the request has no cachePoint after some content.</summary>
    public CachePrefix? Result { get; private set; }
}
