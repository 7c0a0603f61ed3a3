using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>
/// A complete, fixed <see cref="ReportData"/> built by hand for the report tests: 5 cases × 3 samples × 2 arms (one of them a tool-calling conversation),
/// a fenced-JSON answer, a schema violation, a throttled-then-retried call, a timeout, an answer full of
/// markup that must stay inert, a NO-GO verdict, gates in all three states and fixed timestamps. The candidate
/// appends a prompt suffix to every case and asks for structured output on the two JSON cases (request differences),
/// and rejects one invoice-extract call with Bedrock's temperature/top_p ValidationException (a compatibility finding).
/// </summary>
internal static class ReportFixtures
{
    public const string BaselineModel = "anthropic.claude-3-haiku-20240307-v1:0";
    public const string CandidateModel = "anthropic.claude-3-5-haiku-20241022-v1:0";

    /// <summary>The answer that tries every trick; none of it may become markup in any report.</summary>
    public const string InjectedAnswer =
        "Summary: <script>document.title='PWNED'</script><script>alert(1)</script> </textarea> " +
        "<a href=\"javascript:alert(1)\">x</a> <img src=x onerror=alert(1)> breaking change: the v1 API is removed.";

    public static readonly DateTimeOffset StartedAt = new(2026, 11, 20, 9, 15, 0, TimeSpan.Zero);

    private const string Fingerprint = "3f9a1c0d5e7b2a4968f0c1d2e3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f30";

    private static readonly CheckResult Compliant = new([], [], [], null);

    /// <summary>Claude 3 Haiku's price (the baseline): $0.25 in / $1.25 out per 1M tokens, batch $0.125 / $0.625.</summary>
    private static readonly ModelPrice BaselinePrice = new(0.25, 1.25, null, null, new DateOnly(2026, 3, 21), "fixture price list", false, 2)
    {
        BatchInputPerMillion = 0.125,
        BatchOutputPerMillion = 0.625,
    };

    /// <summary>Claude 3.5 Haiku's price (the candidate): $0.80 in / $4.00 out per 1M tokens.</summary>
    private static readonly ModelPrice CandidatePrice = new(0.80, 4.00, null, null, new DateOnly(2026, 3, 21), "fixture price list", false, 2);

    /// <summary>The baseline is LEGACY at the start of the run: extended access from 2026-12-01, end of life 2027-03-01 (100 days left).</summary>
    private static readonly ModelLifecycleFacts BaselineLifecycle = new(BaselineModel, BaselineModel, StartedAt, "LEGACY",
        new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));

    private static readonly ModelLifecycleFacts CandidateLifecycle = new(CandidateModel, CandidateModel, StartedAt, "ACTIVE", null, null, null);

    /// <summary>Bedrock's message when a model takes temperature or top_p but not both.</summary>
    public const string TopPMessage =
        "The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.";

    public static ReportData Create()
    {
        var attempts = Attempts();
        var header = Header();
        var analysis = Analysis() with
        {
            Requests = RequestComparer.Compare([.. header.Suite.Cases.Select(c => (c.Id, BaselineRequest(header.Suite, c), CandidateRequest(header.Suite, c)))]),
            Compatibility = CompatibilityAnalyzer.Find(header.Suite, [.. attempts.Select(a => a.Record)]),
        };
        return new ReportData(analysis, header, attempts);
    }

    /// <summary>A reference answer that tries to become markup; it must show as text.</summary>
    public const string InjectedReference = "<script>alert('ref')</script> Version 2.0 adds SSO; breaking: the v1 API is removed.";

    /// <summary>
    /// <see cref="Create"/> as an imported suite: four cases carry the production answer as their reference (one of them
    /// full of markup, one a tool call with no text), three with production figures; the analysis of them is fixed by hand.
    /// </summary>
    public static ReportData WithReferences()
    {
        var data = Create();
        var logged = new DateTimeOffset(2026, 11, 2, 14, 30, 0, TimeSpan.Zero);
        ProductionCall Production(string requestId, double? latency, int input, int output) =>
            new(BaselineModel, requestId, logged, "Converse", latency, input, output);
        var references = new Dictionary<string, CaseReference>(StringComparer.Ordinal)
        {
            ["ticket-priority"] = new("{\"priority\": \"high\", \"reason\": \"customer-facing outage\"}", [], Production("req-1", 790, 350, 22)),
            ["release-notes-summary"] = new(InjectedReference, [], Production("req-2", 1350, 348, 139)),
            ["invoice-extract"] = new("{\"invoice\": \"INV-1042\", \"total\": 1234.5, \"currency\": \"EUR\"}", [], Production("req-3", 880, 352, 41)),
            ["order-status"] = new("", [new ToolCall("tooluse_p", "lookup_order", "{\"order_id\": \"A-1001\"}")], null),
        };
        var suite = data.Header.Suite with
        {
            Cases = [.. data.Header.Suite.Cases.Select(c => references.TryGetValue(c.Id, out var r) ? c with { Reference = r } : c)],
        };
        var reference = new ReferenceSummary(
            4,
            new ReferenceSimilarity(3, new Estimate(0.93, new Interval(0.86, 1.0)), new Estimate(0.71, new Interval(0.55, 0.86)),
                new Estimate(-0.22, new Interval(-0.38, -0.07))),
            new ToolChoiceAgreement(1, 3, new Estimate(1.0, new Interval(0.439, 1.0)), 3, new Estimate(2 / 3.0, new Interval(0.208, 0.939))),
            new ProductionComparison(3,
                new ProductionFigure(3, 880, 900, 850),
                new ProductionFigure(3, 1256, 1375, 1560),
                new ProductionFigure(3, 350, 412, 412),
                new ProductionFigure(3, 67.3, 67.7, 106.6)),
            [
                new CaseReferenceResult("ticket-priority", 1.0, 0.71, null, null),
                new CaseReferenceResult("release-notes-summary", 0.82, 0.64, null, null),
                new CaseReferenceResult("invoice-extract", 0.97, 0.78, null, null),
                new CaseReferenceResult("order-status", null, null, 1.0, 2 / 3.0),
            ]);
        return data with
        {
            Header = data.Header with { Suite = suite },
            Analysis = data.Analysis with { Reference = reference },
        };
    }

    private static ModelRequest BaselineRequest(SuiteDefinition suite, PromptCase @case) => RunPlan.RequestFor(suite, @case, Arm.Baseline);

    public const string JudgeModel = "anthropic.claude-3-5-sonnet-20240620-v1:0";

    /// <summary>A judge's reason that tries to become markup in every format; it must stay text.</summary>
    public const string InjectedReason =
        "<script>alert('judge')</script> A | B **bold** `code` [x](javascript:alert(1)) <img src=x onerror=alert(2)> # heading";

    /// <summary>The judge's price: $3.00 in / $15.00 out per 1M tokens.</summary>
    private static readonly ModelPrice JudgePrice = new(3.00, 15.00, null, null, new DateOnly(2026, 3, 21), "fixture price list", false, 2);

    /// <summary>
    /// <see cref="Create"/> with a pairwise judge: every case × sample judged in both orders (the journal's judge records
    /// included, one retried and failed), 2 wins, 7 ties (two of them disagreements, one per position), 4 losses of 13
    /// judged pairs, one judge failed and one not judged (the candidate's error); the quality gate FAILs. One reason is
    /// full of markup. The judge summary and the gate are fixed by hand.
    /// </summary>
    public static ReportData WithJudge()
    {
        var data = Create();
        var suite = data.Header.Suite with
        {
            Gates = data.Header.Suite.Gates with { Gates = data.Header.Suite.Gates.Gates.Add(GateSettings.QualityLossDefault) },
            Judge = new JudgeSettings(JudgeModel, JudgeMode.Pairwise, JudgeSettings.DefaultRubric, [], JudgeSettings.DefaultInference),
        };
        var prices = data.Header.Pricing! with { Models = data.Header.Pricing.Models.Add(JudgeModel, JudgePrice) };
        var records = ImmutableArray.CreateBuilder<CheckedAttempt>();
        var clock = 0;
        void Verdict(string caseId, int sample, Arm arm, string winner, string reason)
        {
            var input = "{\"winner\":\"" + winner + "\",\"confidence\":0.8,\"reason\":" + System.Text.Json.JsonSerializer.Serialize(reason) + "}";
            records.Add(new CheckedAttempt(
                new AttemptRecord(caseId, arm, sample, 1, true, JudgeModel, StartedAt.AddMinutes(2).AddSeconds(clock += 1), CallOutcome.Success,
                    1200, 1150, null, 900, 60, "tool_use", "", 200, null, null)
                {
                    ToolCalls = [new ToolCall($"tooluse_j{clock}", "record_verdict", input)],
                },
                null));
        }

        // (case, sample, verdict with the baseline shown first, verdict with the candidate shown first, reason of the latter)
        (string Case, int Sample, string Second, string First, string Reason)[] pairs =
        [
            ("ticket-priority", 0, "A", "B", "Answer A wraps the JSON in a code fence; B is the bare object asked for."),
            ("ticket-priority", 1, "A", "B", InjectedReason),
            ("ticket-priority", 2, "tie", "tie", "Both give the same priority and reason."),
            ("release-notes-summary", 0, "A", "B", "Answer A leaves out the word 'breaking' the user asked about."),
            ("release-notes-summary", 1, "A", "A", "Answer A reads more clearly."),
            ("order-status", 0, "B", "B", "Answer B is shorter."),
            ("order-status", 1, "A", "B", "Answer A issues a refund nobody asked for; B looks the order up."),
            ("order-status", 2, "B", "A", "Answer A looks the order up, as the customer asked."),
            ("invoice-extract", 0, "B", "A", "Answer A also extracts the due date."),
            ("invoice-extract", 2, "tie", "tie", "Both extract the same fields."),
            ("sentiment", 0, "tie", "tie", "Both answer positive."),
            ("sentiment", 1, "tie", "tie", "Both answer positive."),
            ("sentiment", 2, "tie", "tie", "Both answer positive."),
        ];
        foreach (var (caseId, sample, second, first, reason) in pairs)
        {
            Verdict(caseId, sample, Arm.JudgeCandidateSecond, second, "The order of the answers: " + second + ".");
            Verdict(caseId, sample, Arm.JudgeCandidateFirst, first, reason);
        }

        // release-notes-summary sample 2: the first order was throttled, then the service failed; the pair is "judge failed".
        Verdict("release-notes-summary", 2, Arm.JudgeCandidateSecond, "A", "Answer A mentions the breaking change.");
        records.Add(new CheckedAttempt(new AttemptRecord("release-notes-summary", Arm.JudgeCandidateFirst, 2, 1, false, JudgeModel,
            StartedAt.AddMinutes(2).AddSeconds(clock += 1), CallOutcome.Throttled, 80, null, null, null, null, null, null, 429, "ThrottlingException",
            "Too many requests, please wait before trying again."), null));
        records.Add(new CheckedAttempt(new AttemptRecord("release-notes-summary", Arm.JudgeCandidateFirst, 2, 2, true, JudgeModel,
            StartedAt.AddMinutes(2).AddSeconds(clock += 1), CallOutcome.ServiceUnavailable, 95, null, null, null, null, null, null, 503,
            "ServiceUnavailableException", "The judge model is unavailable."), null));

        var judge = new JudgeSummary(
            JudgeModel, JudgeMode.Pairwise, Pairs: 15, Judged: 13, Wins: 2, Ties: 7, Losses: 4, Disagreements: 2,
            new Estimate(2 / 13.0, new Interval(0.043, 0.422)), FirstPositionPicks: 1, new Estimate(11 / 13.0, new Interval(0.578, 0.957)),
            JudgeFailed: 1, NotJudged: 1, Calls: 29, InputTokens: 24_300, OutputTokens: 1_620, SpendUsd: 0.0972,
            [
                new JudgedCase("ticket-priority", 0, 1, 2, 0, 2 / 3.0,
                    ["Answer A wraps the JSON in a code fence; B is the bare object asked for.", InjectedReason]),
                new JudgedCase("release-notes-summary", 0, 1, 1, 1, 0.5, ["Answer A leaves out the word 'breaking' the user asked about."]),
                new JudgedCase("order-status", 1, 1, 1, 0, 0, ["Answer A issues a refund nobody asked for; B looks the order up."]),
                new JudgedCase("sentiment", 0, 3, 0, 0, 0, []),
                new JudgedCase("invoice-extract", 1, 1, 0, 0, -0.5, []),
            ]);
        var gate = new GateResult(GateSettings.QualityLossDefault, "quality loss", "rate", GateState.Fail, 4 / 13.0, 2 / 13.0, 2 / 13.0,
            new Interval(0.06, 0.31),
            "The judge preferred the baseline's answer in 4 of 13 judged pairs and the candidate's in 2: a net loss of 15.4 points " +
            "(95% CI +6.0 to +31.0), above the 5.0 points allowed.", null);
        var analysis = data.Analysis with
        {
            Gates = data.Analysis.Gates.Add(gate),
            Verdict = data.Analysis.Verdict with { Reasons = data.Analysis.Verdict.Reasons.Add("The judge prefers the baseline's answers: net loss 15.4 points, above the 5.0 allowed (blocking gate).") },
            Judge = judge,
        };
        return data with
        {
            Header = data.Header with { Suite = suite, Pricing = prices },
            Analysis = analysis,
            Attempts = data.Attempts.AddRange(records),
        };
    }

    /// <summary>
    /// <see cref="Create"/> as an adaptive run (Pocock, PASS at 90%, at most 100 samples per case, $5.00): three looks at 5, 10
    /// and 20 samples per case. The format compliance drop (limit -1 point) narrows from undecided to a FAIL at look 3; the p50
    /// latency increase (limit +20%) is undecided at look 1 and passes from look 2. The looks are fixed by hand.
    /// </summary>
    public static ReportData WithAdaptive()
    {
        var data = Create();
        LookGateSummary Drop(LookGateState state, double estimate, Interval fail, Interval pass) =>
            new(GateKind.ComplianceDrop, "format compliance drop", "rate", state, estimate, -0.01, false, fail, pass);
        LookGateSummary P50(LookGateState state, double estimate, Interval fail, Interval pass) =>
            new(GateKind.LatencyP50Increase, "p50 latency increase", "ms", state, estimate, 0.20, true, fail, pass);
        ImmutableArray<LookSummary> looks =
        [
            new(1, 5, 0.05, 0.9979, 0.604,
                [Drop(LookGateState.Undecided, -0.06, new(-0.21, 0.05), new(-0.10, -0.02)), P50(LookGateState.Undecided, 0.04, new(-0.15, 0.34), new(-0.05, 0.22))],
                52, 0.0123, LookStop.Continue, 10, true),
            new(2, 10, 0.10, 0.9912, 0.712,
                [Drop(LookGateState.Undecided, -0.07, new(-0.16, 0.01), new(-0.11, -0.03)), P50(LookGateState.Pass, 0.03, new(-0.09, 0.17), new(-0.03, 0.09))],
                104, 0.0251, LookStop.Continue, 20, true),
            new(3, 20, 0.20, 0.984, 0.781,
                [Drop(LookGateState.Fail, -0.075, new(-0.13, -0.02), new(-0.10, -0.05)), P50(LookGateState.Pass, 0.035, new(-0.05, 0.12), new(-0.01, 0.08))],
                206, 0.0502, LookStop.Decided, null, true),
        ];
        var adaptive = new AdaptiveSummary(
            new AdaptiveSettings(100, 5.00, 0.90, SpendingFunction.Pocock), looks, LookStop.Decided,
            "Stopped at look 3: the format compliance drop failed, its 98.4% interval [-13.0, -2.0] points wholly below the 1.0-point limit.");
        return data with
        {
            Analysis = data.Analysis with { Run = data.Analysis.Run with { Samples = 20 }, Adaptive = adaptive },
        };
    }

    /// <summary>
    /// <see cref="WithAdaptive"/> stopped by its cap: at most 20 samples per case, and at look 3 the format compliance drop is
    /// still undecided (its interval reaches past the limit on both sides).
    /// </summary>
    public static ReportData WithAdaptiveAtTheCap()
    {
        var data = WithAdaptive();
        var adaptive = data.Analysis.Adaptive!;
        var last = adaptive.Looks[^1];
        var undecided = last.Gates[0] with { State = LookGateState.Undecided, Estimate = -0.04, FailInterval = new(-0.09, 0.01), PassInterval = new(-0.06, -0.02) };
        var capped = adaptive with
        {
            Settings = adaptive.Settings with { MaxSamples = 20, MaxCostUsd = null },
            Looks = adaptive.Looks.SetItem(2, last with { Fraction = 1, FailLevel = 0.9563, PassLevel = 0.8, Gates = last.Gates.SetItem(0, undecided), Stop = LookStop.MaxSamples }),
            Stop = LookStop.MaxSamples,
            StopReason = "Stopped at the 20-samples-per-case cap: format compliance drop still undecided, its estimate 3.0 points past the 1.0-point limit; about 60 samples per case would decide it.",
        };
        return data with { Analysis = data.Analysis with { Adaptive = capped } };
    }

    /// <summary>The candidate's per-arm settings: a prompt suffix everywhere, structured output where the case has a schema.</summary>
    private static ModelRequest CandidateRequest(SuiteDefinition suite, PromptCase @case) =>
        RunPlan.RequestFor(suite, @case, Arm.Candidate) with
        {
            Messages = @case.Messages.SetItem(@case.Messages.Length - 1, Turn.UserText(@case.Prompt + "\nAnswer with the JSON or the word only.")),
            StructuredOutput = @case.SchemaJson is { } schema ? new StructuredOutputRequest(schema, "answer") : null,
        };

    /// <summary>A synthetic run of <paramref name="cases"/> × <paramref name="samples"/> with long answers, for the scale bound.</summary>
    public static ReportData Large(int cases, int samples)
    {
        var fixture = Create();
        var records = ImmutableArray.CreateBuilder<CheckedAttempt>(cases * samples * 2);
        var comparisons = ImmutableArray.CreateBuilder<CaseComparison>(cases);
        var filler = string.Join(' ', Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 20));
        for (var c = 0; c < cases; c++)
        {
            var id = "case-" + c.ToString("0000", CultureInfo.InvariantCulture);
            foreach (var arm in new[] { Arm.Baseline, Arm.Candidate })
            {
                for (var s = 0; s < samples; s++)
                {
                    var latency = 500 + ((c * 37 + s * 11 + (int)arm * 50) % 700);
                    records.Add(new CheckedAttempt(
                        new AttemptRecord(id, arm, s, 1, true, arm == Arm.Baseline ? BaselineModel : CandidateModel,
                            StartedAt.AddMilliseconds(c * 100 + s), CallOutcome.Success, latency, latency - 20, latency / 4.0,
                            300, 150 + ((c + s) % 60), "end_turn", $"{id} sample {s} {arm}: {filler}", 200, null, null),
                        Compliant));
                }
            }

            var arms = new CaseArmSummary(samples, 0, samples, samples, 1.0, null, 800, 1100, 170, ImmutableSortedDictionary<FormatDeviation, int>.Empty);
            var regressed = c % 10 == 0;
            comparisons.Add(new CaseComparison(id, arms, arms, 0.9, null,
                regressed ? ["p50 latency +30% (812 ms → 1056 ms)"] : [], regressed ? 1 + (c % 7) : 0,
                regressed ? CaseLabel.Regressed : CaseLabel.UnchangedOrBetter));
        }

        var analysis = fixture.Analysis with
        {
            Run = fixture.Analysis.Run with { CaseCount = cases, Samples = samples },
            Cases = CaseComparer.Sort(comparisons.MoveToImmutable()),
        };
        return new ReportData(analysis, fixture.Header, records.MoveToImmutable());
    }

    private static JournalHeader Header()
    {
        var suite = new SuiteDefinition(
            "support-triage", BaselineModel, CandidateModel, "us-east-1", 3, 4,
            new InferenceSettings(512, 0.0, 0.9, []), "You are a careful support assistant.", Stream: true, TimeoutSeconds: 30,
            NoiseFloor: false, Invoke: null,
            [
                new PromptCase("ticket-priority", [Turn.UserText("Classify the priority of this ticket as JSON {\"priority\": ..., \"reason\": ...}: 'Checkout is down for all EU customers.'")],
                    "schemas/priority.json", "{\"type\":\"object\",\"required\":[\"priority\"],\"properties\":{\"priority\":{\"enum\":[\"low\",\"medium\",\"high\"]}}}", [], null),
                new PromptCase("release-notes-summary", [Turn.UserText("Summarize these release notes in one sentence and say whether there is a breaking change.")],
                    null, null, [new Expectation(ExpectationKind.Contains, "breaking", null)], null),
                new PromptCase("invoice-extract", [Turn.UserText("Extract invoice number, total and currency as JSON from: 'Invoice INV-1042, total EUR 1234.50, due 2026-12-01'.")],
                    "schemas/invoice.json", "{\"type\":\"object\",\"required\":[\"invoice\",\"total\",\"currency\"]}", [], null),
                new PromptCase("order-status", [Turn.UserText("Hi, I ordered a kettle last week."), new Turn(TurnRole.Assistant, [new TextPart("Sorry to hear it has not arrived. What is the order number?")]),
                    Turn.UserText("It is A-1001. Where is it?")], null, null, [], null),
                new PromptCase("sentiment", [Turn.UserText("Answer with one word, positive or negative: 'The new dashboard is great.'")],
                    null, null, [new Expectation(ExpectationKind.EqualTo, "positive", null)], null),
            ],
            GateSettings.Default,
            new TrafficSettings(100_000));
        var prices = new PriceTable("prompts/pricing.yaml", new Dictionary<string, ModelPrice>
        {
            [BaselineModel] = BaselinePrice,
            [CandidateModel] = CandidatePrice,
        }.ToImmutableSortedDictionary(StringComparer.Ordinal));
        return new JournalHeader(1, Fingerprint, StartedAt, "prompts/support-triage.yaml", suite, null, prices, BaselineLifecycle, CandidateLifecycle);
    }

    private static ImmutableArray<CheckedAttempt> Attempts()
    {
        var list = ImmutableArray.CreateBuilder<CheckedAttempt>();
        var clock = 0;

        void Answer(string caseId, Arm arm, int sample, double latency, int outputTokens, string text, CheckResult check, int tryNumber = 1,
            ToolCall? tool = null, string? reasoning = null, int? cacheRead = null, int? cacheWrite = null)
        {
            var model = arm == Arm.Baseline ? BaselineModel : CandidateModel;
            list.Add(new CheckedAttempt(
                new AttemptRecord(caseId, arm, sample, tryNumber, true, model, StartedAt.AddSeconds(clock += 3), CallOutcome.Success,
                    latency, (long)(latency - 35), Math.Round(latency * 0.28, 1), 412, outputTokens, tool is null ? "end_turn" : "tool_use", text, 200, null, null)
                {
                    ToolCalls = tool is null ? [] : [tool],
                    ReasoningText = reasoning,
                    CacheReadInputTokens = cacheRead,
                    CacheWriteInputTokens = cacheWrite,
                },
                check));
        }

        void Error(string caseId, Arm arm, int sample, int tryNumber, bool final, CallOutcome outcome, double latency, int? status, string? type, string message)
        {
            var model = arm == Arm.Baseline ? BaselineModel : CandidateModel;
            list.Add(new CheckedAttempt(
                new AttemptRecord(caseId, arm, sample, tryNumber, final, model, StartedAt.AddSeconds(clock += 3), outcome,
                    latency, null, null, null, null, null, null, status, type, message),
                null));
        }

        const string PriorityJson = "{\"priority\": \"high\", \"reason\": \"customer-facing outage\"}";
        for (var s = 0; s < 3; s++)
        {
            Answer("ticket-priority", Arm.Baseline, s, 780 + (s * 40), 22, PriorityJson, Compliant with { ExtractedJson = PriorityJson });
        }

        Answer("ticket-priority", Arm.Candidate, 0, 705, 31, "```json\n{\"priority\": \"high\", \"reason\": \"outage\"}\n```",
            new CheckResult([FormatDeviation.Fenced], [], [], "{\"priority\": \"high\", \"reason\": \"outage\"}"));
        Answer("ticket-priority", Arm.Candidate, 1, 742, 27, "{\"priority\": \"urgent\", \"reason\": \"checkout outage for EU customers\"}",
            new CheckResult([FormatDeviation.EnumViolation], ["#/priority: value is not one of the enum values (low, medium, high)"], [],
                "{\"priority\": \"urgent\", \"reason\": \"checkout outage for EU customers\"}"));
        Answer("ticket-priority", Arm.Candidate, 2, 731, 22, PriorityJson, Compliant with { ExtractedJson = PriorityJson });

        Answer("release-notes-summary", Arm.Baseline, 0, 1320, 140, "Version 2.0 adds single sign-on and has one breaking change: the v1 API is removed.", Compliant);
        Answer("release-notes-summary", Arm.Baseline, 1, 1405, 138, "Version 2.0 adds SSO; the breaking change is that the v1 API is gone.", Compliant);
        Answer("release-notes-summary", Arm.Baseline, 2, 1290, 142, "Version 2.0 adds single sign-on and one breaking change: the v1 API is removed.", Compliant);
        Answer("release-notes-summary", Arm.Candidate, 0, 1610, 236, "Version 2.0 adds single sign-on. Breaking: the v1 API is removed, so clients must move to v2.",
            new CheckResult([], [], ["text does not contain \"breaking\""], null));
        Answer("release-notes-summary", Arm.Candidate, 1, 1580, 248, InjectedAnswer, Compliant);
        Answer("release-notes-summary", Arm.Candidate, 2, 1495, 229, "Version 2.0 adds single sign-on and has one breaking change: the v1 API is removed for good.", Compliant);

        const string Invoice = "{\"invoice\": \"INV-1042\", \"total\": 1234.5, \"currency\": \"EUR\"}";
        const string InvoiceDue = "{\"invoice\": \"INV-1042\", \"total\": 1234.50, \"currency\": \"EUR\", \"dueDate\": \"2026-12-01\"}";
        for (var s = 0; s < 3; s++)
        {
            Answer("invoice-extract", Arm.Baseline, s, 910 + (s * 25), 41, Invoice, Compliant with { ExtractedJson = Invoice });
        }

        Error("invoice-extract", Arm.Candidate, 0, 1, false, CallOutcome.Throttled, 120, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
        Answer("invoice-extract", Arm.Candidate, 0, 874, 52, InvoiceDue, Compliant with { ExtractedJson = InvoiceDue }, tryNumber: 2);
        Error("invoice-extract", Arm.Candidate, 1, 1, false, CallOutcome.ClientTimeout, 30000, null, null, "No answer within the suite's timeout of 30 s.");
        Error("invoice-extract", Arm.Candidate, 1, 2, true, CallOutcome.ValidationError, 95, 400, "ValidationException", TopPMessage);
        Answer("invoice-extract", Arm.Candidate, 2, 902, 52, InvoiceDue, Compliant with { ExtractedJson = InvoiceDue });

        for (var s = 0; s < 3; s++)
        {
            Answer("sentiment", Arm.Baseline, s, 402 + (s * 9), 2, "positive", Compliant);
            Answer("sentiment", Arm.Candidate, s, 388 + (s * 7), 2, "positive", Compliant);
        }

        // A tool-using case: the baseline always looks the order up; the candidate reasons first, adds an argument once,
        // and once issues a refund instead. Both arms read the cached system prompt and tools (the baseline wrote it first).
        const string Lookup = "{\"order_id\": \"A-1001\"}";
        for (var s = 0; s < 3; s++)
        {
            Answer("order-status", Arm.Baseline, s, 640 + (s * 12), 38, "", Compliant, tool: new ToolCall($"tooluse_b{s}", "lookup_order", Lookup),
                cacheRead: s == 0 ? 0 : 1800, cacheWrite: s == 0 ? 1800 : 0);
        }

        Answer("order-status", Arm.Candidate, 0, 598, 61, "Let me look that order up.", Compliant,
            tool: new ToolCall("tooluse_c0", "lookup_order", "{\"order_id\": \"A-1001\", \"include_items\": true}"),
            reasoning: "The customer asks where order A-1001 is. I should call lookup_order with its id.", cacheRead: 1800, cacheWrite: 0);
        Answer("order-status", Arm.Candidate, 1, 611, 57, "", new CheckResult([], [], ["called issue_refund, expected lookup_order"], null),
            tool: new ToolCall("tooluse_c1", "issue_refund", "{\"order_id\": \"A-1001\", \"reason\": \"<b>late</b>\"}"),
            reasoning: "The order is late; a refund would make the customer happy.", cacheRead: 1800, cacheWrite: 0);
        Answer("order-status", Arm.Candidate, 2, 587, 40, "", Compliant, tool: new ToolCall("tooluse_c2", "lookup_order", Lookup), cacheRead: 1800, cacheWrite: 0);

        return list.ToImmutable();
    }

    private static RunAnalysis Analysis()
    {
        var run = new RunInfo(
            "support-triage", "prompts/support-triage.yaml", BaselineModel, CandidateModel, "us-east-1",
            CaseCount: 5, Samples: 3, StartedAt, StartedAt.AddMinutes(2).AddSeconds(42), RunStatus.Completed, null,
            Fingerprint, 0.95, "Hyndman-Fan type 7 (linear interpolation); bootstrap intervals");

        var baseline = new ArmSummary(
            Arm.Baseline, BaselineModel, Planned: 15, Finished: 15, Answered: 15,
            ImmutableSortedDictionary<CallOutcome, int>.Empty, Calls: 15, ThrottledCalls: 0, RetriedCalls: 0,
            new Estimate(1.0, new Interval(0.757, 1.0)), ImmutableSortedDictionary<FormatDeviation, int>.Empty,
            new Estimate(1.0, new Interval(0.610, 1.0)), new Estimate(0.0, new Interval(0.0, 0.243)),
            new PercentileSet(12, new Estimate(857.5, new Interval(640, 1290)), new Estimate(1317, null), new Estimate(1405, null),
                "p99 of 12 values is not a p99: fewer than 100 values, it is close to the maximum."),
            new PercentileSet(12, new Estimate(240.1, new Interval(179.2, 361.2)), new Estimate(368.8, null), new Estimate(393.4, null), null),
            new Estimate(412, null), new Estimate(68.3, new Interval(32.1, 104.5)), 41)
        {
            // order-status: one cache write of 1,800 tokens, then two reads, over 15 answers.
            MeanCacheReadInputTokens = new Estimate(240, new Interval(0, 480)),
            MeanCacheWriteInputTokens = new Estimate(120, new Interval(0, 240)),
            TotalTokens = new TokenTotals(Input: 15 * 412, Output: 1025, CacheRead: 3600, CacheWrite: 1800),
        };

        var candidate = new ArmSummary(
            Arm.Candidate, CandidateModel, Planned: 15, Finished: 15, Answered: 14,
            ImmutableSortedDictionary.CreateRange(new Dictionary<CallOutcome, int> { [CallOutcome.ValidationError] = 1 }),
            Calls: 17, ThrottledCalls: 1, RetriedCalls: 2,
            new Estimate(9 / 11.0, new Interval(0.523, 0.949)),
            ImmutableSortedDictionary.CreateRange(new Dictionary<FormatDeviation, int> { [FormatDeviation.Fenced] = 1, [FormatDeviation.EnumViolation] = 1 }),
            new Estimate(5 / 6.0, new Interval(0.436, 0.970)), new Estimate(1 / 12.0, new Interval(0.015, 0.354)),
            new PercentileSet(11, new Estimate(874, new Interval(705, 1495)), new Estimate(1580, null), new Estimate(1607, null),
                "p99 of 11 values is not a p99: fewer than 100 values, it is close to the maximum."),
            new PercentileSet(11, new Estimate(244.7, new Interval(197.4, 418.6)), new Estimate(442.4, null), new Estimate(450, null), null),
            new Estimate(412, null), new Estimate(94.8, new Interval(41.2, 151.3)), 52)
        {
            // order-status: three cache reads of 1,800 tokens over 14 answers; reasoning of 80 and 58 characters.
            MeanCacheReadInputTokens = new Estimate(5400 / 14.0, new Interval(0, 771.4)),
            MeanCacheWriteInputTokens = new Estimate(0, new Interval(0, 0)),
            AnswersWithReasoning = 2,
            MeanReasoningChars = 69,
            // The retried calls reported no usage.
            TotalTokens = new TokenTotals(Input: 14 * 412, Output: 1327, CacheRead: 5400, CacheWrite: 0),
        };

        static CaseArmSummary Side(int answered, int errors, int compliant, int? met, double p50, double p99, double tokens,
            params (FormatDeviation Kind, int Count)[] deviations) =>
            new(answered, errors, compliant, met ?? answered, answered == 0 ? null : compliant / (double)answered,
                met is { } m && answered > 0 ? m / (double)answered : null, p50, p99, tokens,
                deviations.ToImmutableSortedDictionary(d => d.Kind, d => d.Count));

        ImmutableArray<CaseComparison> cases =
        [
            new("ticket-priority", Side(3, 0, 3, null, 820, 858, 22), Side(3, 0, 1, null, 731, 741, 26.7, (FormatDeviation.Fenced, 1), (FormatDeviation.EnumViolation, 1)),
                0.71, null, ["format compliance 100.0% → 33.3% (1 fenced, 1 not in enum) | schema \"priority\""], 0.67, CaseLabel.Regressed),
            new("release-notes-summary", Side(3, 0, 3, 3, 1320, 1403, 140), Side(3, 0, 3, 2, 1580, 1609, 237.7),
                0.58, null, [], 1 / 3.0 * 5, CaseLabel.Worse),
            new("invoice-extract", Side(3, 0, 3, null, 935, 959, 41), Side(2, 1, 2, null, 888, 902, 52),
                0.93, null, [], 1 / 3.0, CaseLabel.Worse),
            new("order-status", Side(3, 0, 3, 3, 652, 663, 38), Side(3, 0, 3, 2, 598, 610, 52.7),
                0.4, null, [], 1 / 3.0, CaseLabel.Worse),
            new("sentiment", Side(3, 0, 3, 3, 411, 420, 2), Side(3, 0, 3, 3, 395, 402, 2), 1.0, null, [], 0, CaseLabel.UnchangedOrBetter),
        ];

        var specs = GateSettings.Default.Gates;
        ImmutableArray<GateResult> gates =
        [
            new(specs[0], "format compliance floor", "rate", GateState.Fail, 1.0, 9 / 11.0, 9 / 11.0 - 1.0, new Interval(0.523, 0.949),
                "Candidate compliance is 81.8% (95% CI 52.3% to 94.9%), below the 98.0% floor.", null),
            new(specs[1], "format compliance drop", "rate", GateState.Fail, 1.0, 9 / 11.0, 9 / 11.0 - 1.0, new Interval(-0.477, -0.021),
                "Compliance dropped 18.2 points (95% CI -47.7 to -2.1), more than the 1.0 point allowed.", null),
            new(specs[2], "correctness drop", "rate", GateState.Inconclusive, 1.0, 5 / 6.0, 5 / 6.0 - 1.0, new Interval(-0.564, 0.154),
                "Correctness changed -16.7 points (100.0% to 83.3%; 95% CI -56.4 to +15.4), beyond the 5.0-point limit but within the noise; 1 cases worse, 0 better (exact sign test p = 0.5).", 30),
            new(specs[3], "p50 latency increase", "ms", GateState.Pass, 857.5, 874, 0.019, new Interval(-0.18, 0.16),
                "p50 latency rose 1.9% (95% CI -18.0% to +16.0%), within the +20% allowed.", null),
            new(specs[4], "p99 latency increase", "ms", GateState.Inconclusive, 1405, 1607, 0.144, new Interval(-0.12, 0.61),
                "p99 latency rose 14.4%, but the interval (-12.0% to +61.0%) straddles the +20% limit.", 40),
            new(specs[5], "output tokens increase", "tokens", GateState.Fail, 68.3, 94.8, 0.388, new Interval(0.28, 0.49),
                "Mean output tokens rose 38.8% (95% CI +28.0% to +49.0%), more than the +25% allowed.", null),
            new(specs[6], "error rate", "rate", GateState.Inconclusive, 0.0, 1 / 12.0, 1 / 12.0, new Interval(0.015, 0.354),
                "Candidate error rate is 8.3% (95% CI 1.5% to 35.4%): 12 attempts cannot tell it from the 5.0% limit.", 25),
            new(specs[7], "monthly cost increase", "usd", GateState.Fail, 18.8375, 70.88, 70.88 / 18.8375 - 1, new Interval(1.91, 3.84),
                "Monthly cost rose 276% (95% CI +191% to +384%), above the 10% limit.", null),
            new(specs[8], "candidate lifecycle", "stage", GateState.Pass, null, null, null, null,
                $"The candidate {CandidateModel} is ACTIVE at the start of the run.", null),
        ];

        var verdict = new VerdictResult(Verdict.NoGo,
        [
            "Format compliance of the candidate is 81.8% (95% CI 52.3% to 94.9%), below the 98.0% floor (blocking gate).",
            "Compliance dropped 18.2 points against the baseline, more than the 1.0 point allowed (blocking gate).",
            "Mean output tokens rose 38.8%, more than the +25% allowed (warning).",
            "Error rate 8.3% cannot be told from the 5.0% limit yet: about 25 samples per case would decide it.",
        ], ExitCodes.NoGo);

        // Cost by hand: per 1,000 requests = 1000 × (mean input × input price + mean output × output price) / 1e6.
        // Baseline 1000 × (412 × 0.25 + 68.3 × 1.25) / 1e6 = $0.188375; candidate 1000 × (412 × 0.80 + 94.8 × 4.00) / 1e6 = $0.7088.
        // At 100,000 requests per month: $18.8375 and $70.88, a delta of $52.0425; extended access doubles the baseline: $37.675.
        var cost = new CostSummary(
            "prompts/pricing.yaml", 100_000,
            new ArmCost(BaselineModel, BaselinePrice, new Estimate(0.188375, new Interval(0.15, 0.23)), new Estimate(18.8375, new Interval(15, 23))),
            new ArmCost(CandidateModel, CandidatePrice, new Estimate(0.7088, new Interval(0.52, 0.91)), new Estimate(70.88, new Interval(52, 91))),
            new Estimate(52.0425, new Interval(35.5, 70.25)), new Estimate(70.88 / 18.8375 - 1, new Interval(1.91, 3.84)),
            new Estimate(37.675, new Interval(30, 46)), 2, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), 0.0123, false);
        var lifecycle = new LifecycleSummary(ArmLifecycle.Of(BaselineLifecycle), ArmLifecycle.Of(CandidateLifecycle));
        return new RunAnalysis(run, baseline, candidate, null, cases, gates, verdict, lifecycle, cost);
    }
}
