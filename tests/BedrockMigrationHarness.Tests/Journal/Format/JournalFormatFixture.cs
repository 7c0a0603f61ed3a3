using System.Collections.Immutable;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Journal.Format;

/// <summary>
/// A journal with every member of every line kind set (and the optional ones left out where a real run leaves them
/// out), fixed to the byte, for the on-disk format's golden file.
/// </summary>
internal static class JournalFormatFixture
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static JournalHeader Header()
    {
        var suite = new SuiteDefinition(
            "format-fixture", "anthropic.claude-3-haiku-20240307-v1:0", "us.anthropic.claude-3-5-haiku-20241022-v1:0", "us-east-1",
            Samples: 2, Concurrency: 3,
            new InferenceSettings(512, 0.2, 0.9, ["\n\nHuman:", "</answer>"]),
            "You are terse.", Stream: true, TimeoutSeconds: 42.5, NoiseFloor: true,
            new InvokeSettings("{\"prompt\":\"{{prompt}}\",\"max_tokens\":{{max_tokens}}}", "/completion"),
            [
                new PromptCase("extract", [Turn.UserText("Extract the total from 'Invoice INV-7, total EUR 12.50'.")], "schemas/total.json",
                    "{\"type\":\"object\",\"required\":[\"total\"]}",
                    [new Expectation(ExpectationKind.EqualTo, "12.5", "/total"), new Expectation(ExpectationKind.Matches, "^EUR$", "/currency")],
                    Stream: false, InvokeBody: "{\"prompt\":\"Extract the total\",\"max_tokens\":512}"),
                new PromptCase("greet", [Turn.UserText("Say hello in French, ünïcödé <b>&</b>.")], null, null,
                    [new Expectation(ExpectationKind.Contains, "bonjour", null)], null),
            ],
            new GateSettings(0.9,
            [
                new GateSpec(GateKind.ComplianceFloor, 0.98, GateSeverity.Blocking),
                new GateSpec(GateKind.LatencyP99Increase, 0.2, GateSeverity.Warning),
                new GateSpec(GateKind.CandidateLifecycle, 0, GateSeverity.Warning),
            ]),
            new TrafficSettings(2_500_000),
            PricingFile: "pricing.yaml")
        {
            Retry = new RetrySettings(4, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(12)),
        };
        var prices = new PriceTable("pricing.yaml", new Dictionary<string, ModelPrice>
        {
            ["anthropic.claude-3-haiku-20240307-v1:0"] = new(0.25, 1.25, 0.03, 0.3, new DateOnly(2026, 3, 21), "fixture price list", true, 2),
            ["anthropic.claude-3-5-haiku-20241022-v1:0"] = new(0.8, 4, null, null, new DateOnly(2026, 3, 21), "fixture price list", false, 1.5),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
        var baseline = new ModelLifecycleFacts("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", T0, "LEGACY",
            new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var candidate = ModelLifecycleFacts.Failed("us.anthropic.claude-3-5-haiku-20241022-v1:0", T0, "AccessDenied: not allowed");
        return new JournalHeader(JournalReader.FormatVersion, SuiteFingerprint.Of(suite), T0, "suites/format-fixture.yaml", suite,
            new ShardSpec(2, 3), prices, baseline, candidate);
    }

    public static ImmutableArray<AttemptRecord> Attempts() =>
    [
        new AttemptRecord("extract", Arm.Candidate, 1, 2, true, "us.anthropic.claude-3-5-haiku-20241022-v1:0", T0.AddSeconds(3),
            CallOutcome.Success, 812.25, 790, 120.5, 412, 37, "end_turn", "{\"total\":12.5,\"currency\":\"EUR\"} ü <b>", 200, null, null),
        new AttemptRecord("greet", Arm.BaselineRepeat, 0, 1, false, "anthropic.claude-3-haiku-20240307-v1:0", T0.AddSeconds(4),
            CallOutcome.Throttled, 35, null, null, null, null, null, null, 429, "ThrottlingException", "Too many requests, please wait."),
    ];

    public static JournalEnd End() => new(T0.AddMinutes(5), RunStatus.Aborted, "the candidate reached end of life");
}
