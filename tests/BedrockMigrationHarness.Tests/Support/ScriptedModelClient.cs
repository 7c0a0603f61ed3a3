using System.Collections.Concurrent;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>
/// An <see cref="IModelClient"/> whose answers a test scripts per call, for runner tests that need exact
/// sequences of failures (the emulator covers the wire; this covers the runner's decisions).
/// </summary>
internal sealed class ScriptedModelClient(Func<ModelRequest, int, ModelCallResult> answer) : IModelClient
{
    private readonly ConcurrentDictionary<string, int> _callsPerPrompt = new();
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentQueue<ModelRequest> Calls { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static ModelCallResult Ok(string text = "ok", double latencyMs = 10) =>
        new(CallOutcome.Success, text, "end_turn", 5, 2, (long)latencyMs, latencyMs, null, 200, null, null);

    public async Task<ModelCallResult> SendAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        do
        {
            seen = Volatile.Read(ref _maxInFlight);
        }
        while (now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen);

        try
        {
            Calls.Enqueue(request);
            var n = _callsPerPrompt.AddOrUpdate(request.ModelId + "|" + request.LastUserText, 1, (_, c) => c + 1);
            await Task.Delay(1, cancellationToken);
            return answer(request, n);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
