namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// The prompt cache of one emulator: which (model, prefix) pairs have been written. The first request with a
/// prefix writes it (cacheWriteInputTokens), later ones read it (cacheReadInputTokens); it holds at most
/// <see cref="Capacity"/> prefixes and forgets the oldest first. Entries never expire by time, so answers do not
/// depend on the clock.
/// </summary>
internal sealed class PromptCache
{
    /// <summary>Prefixes remembered before the oldest is forgotten.</summary>
    public const int Capacity = 4096;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <summary>The usage of a request's prefix: (read, written) tokens; (0, 0) without a cachePoint.</summary>
    public (int Read, int Written) Use(string modelId, CachePrefix? prefix)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (prefix is null)
        {
            return (0, 0);
        }

        var key = modelId + "\n" + prefix.Hash;
        lock (_lock)
        {
            if (_written.Contains(key))
            {
                return (prefix.Tokens, 0);
            }

            if (_order.Count >= Capacity)
            {
                _written.Remove(_order.Dequeue());
            }

            _written.Add(key);
            _order.Enqueue(key);
            return (0, prefix.Tokens);
        }
    }
}
