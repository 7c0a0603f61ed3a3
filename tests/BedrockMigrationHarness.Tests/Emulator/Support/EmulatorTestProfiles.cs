using BedrockMigrationHarness.Emulator;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Profiles built in code for emulator tests: instant latency, one model per behaviour.</summary>
internal static class EmulatorTestProfiles
{
    public const string Active = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    public const string Legacy = "anthropic.claude-3-5-sonnet-20241022-v2:0";
    public const string Eol = "anthropic.claude-v2:1";
    public const string Nova = "amazon.nova-micro-v1:0";

    /// <summary>A current model: every capability, with the sampling and thinking parameter rules.</summary>
    public const string Current = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    /// <summary>An old model without tool use or images.</summary>
    public const string Old = "anthropic.claude-instant-v1";
    public const string Throttled = "test.throttled-v1:0";
    public const string Faulty = "test.faulty-v1:0";
    public const string Midstream = "test.midstream-v1:0";

    public static EmulatorProfile Standard(long seed = 42) => new(seed, new Dictionary<string, ModelProfile>(StringComparer.Ordinal)
    {
        [Active] = new() { OutputTokens = new TokenDistribution(60, 10) },
        [Legacy] = new()
        {
            Lifecycle = ModelLifecycleStatus.Legacy,
            Name = "Claude 3.5 Sonnet v2",
            StartOfLife = new DateTimeOffset(2024, 10, 22, 0, 0, 0, TimeSpan.Zero),
            LegacyTime = new DateTimeOffset(2025, 8, 25, 0, 0, 0, TimeSpan.Zero),
            EndOfLifeTime = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            OutputTokens = new TokenDistribution(60, 10),
        },
        [Eol] = new() { Lifecycle = ModelLifecycleStatus.Eol },
        [Nova] = new() { OutputTokens = new TokenDistribution(40, 5) },
        [Current] = new() { OutputTokens = new TokenDistribution(60, 10) },
        [Old] = new() { OutputTokens = new TokenDistribution(60, 10) },
        [Throttled] = new() { Errors = new ErrorRates { Throttle = 1.0 } },
        [Faulty] = new() { Faults = new FaultRates { FencedJson = 1.0 } },
        [Midstream] = new() { Errors = new ErrorRates { Midstream = 1.0 } },
    });

    public static EmulatorProfile Single(string modelId, ModelProfile model, long seed = 42) =>
        new(seed, new Dictionary<string, ModelProfile>(StringComparer.Ordinal) { [modelId] = model });
}
