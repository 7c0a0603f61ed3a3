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

    /// <summary>The suite with only what format 2 could hold: its fingerprint is the one the format-2 writer hashed.</summary>
    public static SuiteDefinition FormatTwoSuite()
    {
        return new SuiteDefinition(
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
    }

    /// <summary>The format-2 suite plus every member format 3 added: a conversation with every kind of part, tools, overrides.</summary>
    public static SuiteDefinition Suite()
    {
        var two = FormatTwoSuite();
        var conversation = new PromptCase("support-chat",
            [
                new Turn(TurnRole.User,
                [
                    new TextPart("Is this parcel damaged?"),
                    new ImagePart("png", "files/parcel.png", new string('a', 64), ReadOnlyMemory<byte>.Empty),
                    new DocumentPart("md", "refund policy", "files/refund-policy.md", new string('b', 64), ReadOnlyMemory<byte>.Empty),
                    new CachePointPart(),
                ]),
                new Turn(TurnRole.Assistant, [new ToolUsePart("call-1", "lookup_order", "{\"order_id\":\"A-1\"}")]),
                new Turn(TurnRole.User, [new ToolResultPart("call-1", "{\"status\":\"shipped\"}", true, false), new TextPart("And now?")]),
            ],
            null, null, [new Expectation(ExpectationKind.Contains, "shipped", null)], null)
        {
            System = new SystemOverride("You are a support agent.", true),
            Tools = new ToolConfiguration([new ToolDefinition("lookup_order", "Finds an order", "{\"type\":\"object\"}", true)],
                new ToolChoice(ToolChoiceKind.Tool, "lookup_order"), true),
            ExpectTool = new ToolExpectation("lookup_order", [new Expectation(ExpectationKind.EqualTo, "A-1", "/order_id")]),
            StructuredOutput = false,
            AdditionalFieldsJson = "{\"top_k\":5}",
            Inference = new InferenceOverride(1024, Optional<double?>.Of(null), Optional<double?>.Unset, null),
            Reference = new CaseReference("It shipped yesterday.", [new ToolCall(string.Empty, "lookup_order", "{\"order_id\":\"A-1\"}")],
                new ProductionCall("amazon.nova-lite-v1:0", "ff4b6c63-5561-4431-93b8-06a817275900", new DateTimeOffset(2025, 3, 11, 0, 38, 2, TimeSpan.Zero),
                    "ConverseStream", 302, 4, 38)),
        };
        return two with
        {
            Cases = two.Cases.Add(conversation),
            CacheSystemPrompt = true,
            StructuredOutput = true,
            AdditionalFieldsJson = "{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024}}",
            Candidate = new ArmOverrides(new SystemOverride("You are terse. Answer in JSON.", false), new InferenceOverride(null, Optional<double?>.Unset, Optional<double?>.Of(null), null),
                "{\"thinking\":null}", true, " Be brief."),
        };
    }

    /// <summary>
    /// <see cref="Suite"/> with a judge in reference mode over two cases (only <c>support-chat</c> has a reference), one
    /// case left out and one with its own rubric.
    /// </summary>
    public static SuiteDefinition JudgedSuite()
    {
        var suite = Suite();
        return suite with
        {
            Judge = new JudgeSettings("mistral.mistral-large-2407-v1:0", JudgeMode.Reference, "Shorter wins only when as complete.",
                ["support-chat", "greet"], JudgeSettings.DefaultInference),
            Cases =
            [
                suite.Cases[0] with { Judge = new CaseJudge(true, null) },
                suite.Cases[1],
                suite.Cases[2] with { Judge = new CaseJudge(false, "Be strict.") },
            ],
        };
    }

    public static JournalHeader Header()
    {
        var suite = Suite();
        var prices = new PriceTable("pricing.yaml", new Dictionary<string, ModelPrice>
        {
            ["anthropic.claude-3-haiku-20240307-v1:0"] = new(0.25, 1.25, 0.03, 0.3, new DateOnly(2026, 3, 21), "fixture price list", true, 2),
            ["anthropic.claude-3-5-haiku-20241022-v1:0"] = new(0.8, 4, null, null, new DateOnly(2026, 3, 21), "fixture price list", false, 1.5),
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
        var baseline = new ModelLifecycleFacts("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", T0, "LEGACY",
            new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var candidate = ModelLifecycleFacts.Failed("us.anthropic.claude-3-5-haiku-20241022-v1:0", T0, "AccessDenied: not allowed");
        return new JournalHeader(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), T0, "suites/format-fixture.yaml", suite,
            new ShardSpec(2, 3), prices, baseline, candidate);
    }

    public static ImmutableArray<AttemptRecord> Attempts() =>
    [
        new AttemptRecord("extract", Arm.Candidate, 1, 2, true, "us.anthropic.claude-3-5-haiku-20241022-v1:0", T0.AddSeconds(3),
            CallOutcome.Success, 812.25, 790, 120.5, 412, 37, "end_turn", "{\"total\":12.5,\"currency\":\"EUR\"} ü <b>", 200, null, null),
        new AttemptRecord("greet", Arm.BaselineRepeat, 0, 1, false, "anthropic.claude-3-haiku-20240307-v1:0", T0.AddSeconds(4),
            CallOutcome.Throttled, 35, null, null, null, null, null, null, 429, "ThrottlingException", "Too many requests, please wait."),
        new AttemptRecord("support-chat", Arm.Candidate, 0, 1, true, "us.anthropic.claude-3-5-haiku-20241022-v1:0", T0.AddSeconds(5),
            CallOutcome.Success, 640, 600, null, 1200, 40, "tool_use", "Let me check.", 200, null, null)
        {
            ToolCalls = [new ToolCall("tooluse_1", "lookup_order", "{\"order_id\":\"A-1\"}")],
            ReasoningText = "The user asks about an order.",
            CacheReadInputTokens = 1024,
            CacheWriteInputTokens = 0,
        },
    ];

    /// <summary>The attempts a format-2 journal could hold (journal-format2.jsonl).</summary>
    public static ImmutableArray<AttemptRecord> FormatTwoAttempts() => Attempts()[..2];

    public static JournalEnd End() => new(T0.AddMinutes(5), RunStatus.Aborted, "the candidate reached end of life");
}
