using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Small frozen suites for tests that do not exercise the loader.</summary>
internal static class SuiteFactory
{
    public static SuiteDefinition Create(int cases = 3, int samples = 2, int concurrency = 2, bool noiseFloor = false) => new(
        "unit-suite",
        "baseline.model-v1:0",
        "candidate.model-v2:0",
        "us-east-1",
        samples,
        concurrency,
        new InferenceSettings(256, 0.0, null, []),
        "You are terse.",
        false,
        30,
        noiseFloor,
        null,
        [.. Enumerable.Range(1, cases).Select(i => new PromptCase($"case-{i}", [Turn.UserText($"Prompt {i}")], null, null, [], null))],
        GateSettings.Default,
        new TrafficSettings(1_000_000));
}
