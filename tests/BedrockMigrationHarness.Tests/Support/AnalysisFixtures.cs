using System.Globalization;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Test data for the checks and the analysis: suites, journal headers and attempt records.</summary>
internal static class AnalysisFixtures
{
    /// <summary>A ticket-triage schema: required string title, priority in low/medium/high, integer effort, nothing else.</summary>
    public const string TicketSchema = """
        {
          "type": "object",
          "required": ["title", "priority"],
          "additionalProperties": false,
          "properties": {
            "title": { "type": "string" },
            "priority": { "type": "string", "enum": ["low", "medium", "high"] },
            "effort": { "type": "integer" }
          }
        }
        """;

    public const string CompliantTicket = """{"title":"Printer on fire","priority":"high","effort":3}""";

    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static PromptCase Case(string id = "case-00", string? schema = TicketSchema, params Expectation[] expectations) =>
        new(id, [Turn.UserText("Triage this ticket.")], schema is null ? null : "ticket.schema.json", schema, [.. expectations], null);

    public static string CaseId(int index) => "case-" + index.ToString("00", CultureInfo.InvariantCulture);

    /// <summary>A suite of <paramref name="cases"/> ticket cases with <paramref name="samples"/> samples and the given (or default) gates.</summary>
    public static SuiteDefinition Suite(int cases = 20, int samples = 5, GateSettings? gates = null, bool noiseFloor = false) =>
        new("fixture", "model-a", "model-b", "us-east-1", samples, 4,
            new InferenceSettings(512, 0, null, []), null, false, 60, noiseFloor, null,
            [.. Enumerable.Range(0, cases).Select(static i => Case(CaseId(i)))],
            gates ?? GateSettings.Default, new TrafficSettings(100_000));

    public static JournalHeader Header(SuiteDefinition suite) => new(JournalReader.FormatVersionFor(suite), "fingerprint", Start, "suite.yaml", suite);

    public static JournalEnd Completed { get; } = new(Start.AddMinutes(30), RunStatus.Completed, null);

    public static GateSettings OnlyGate(GateKind kind, double threshold, GateSeverity severity = GateSeverity.Blocking) =>
        new(0.95, [new GateSpec(kind, threshold, severity)]);

    public static AttemptRecord Answer(string caseId, Arm arm, int sample, string text = CompliantTicket,
        double latencyMs = 1000, int outputTokens = 100, int @try = 1, double? ttftMs = null) =>
        new(caseId, arm, sample, @try, true, arm == Arm.Candidate ? "model-b" : "model-a", Start, CallOutcome.Success,
            latencyMs, (long)latencyMs, ttftMs, 50, outputTokens, "end_turn", text, 200, null, null);

    public static AttemptRecord Failure(string caseId, Arm arm, int sample, CallOutcome outcome = CallOutcome.ServerError,
        bool final = true, int @try = 1, double latencyMs = 50) =>
        new(caseId, arm, sample, @try, final, arm == Arm.Candidate ? "model-b" : "model-a", Start, outcome,
            latencyMs, null, null, null, null, null, null, 500, outcome.ToString(), "failed");

    /// <summary>
    /// A full run: every case × sample on both arms; <paramref name="text"/>, <paramref name="latency"/> and
    /// <paramref name="tokens"/> choose each answer from (arm, case index, sample).
    /// </summary>
    public static List<AttemptRecord> Run(SuiteDefinition suite,
        Func<Arm, int, int, string>? text = null,
        Func<Arm, int, int, double>? latency = null,
        Func<Arm, int, int, int>? tokens = null,
        bool withRepeat = false)
    {
        var records = new List<AttemptRecord>();
        Arm[] arms = withRepeat ? [Arm.Baseline, Arm.Candidate, Arm.BaselineRepeat] : [Arm.Baseline, Arm.Candidate];
        foreach (Arm arm in arms)
        {
            for (int c = 0; c < suite.Cases.Length; c++)
            {
                for (int s = 0; s < suite.Samples; s++)
                {
                    records.Add(Answer(suite.Cases[c].Id, arm, s,
                        text?.Invoke(arm, c, s) ?? CompliantTicket,
                        latency?.Invoke(arm, c, s) ?? DefaultLatency(c, s),
                        tokens?.Invoke(arm, c, s) ?? 100 + s));
                }
            }
        }

        return records;
    }

    /// <summary>Deterministic latencies that differ by case and sample: 800–1,600 ms.</summary>
    public static double DefaultLatency(int caseIndex, int sample) => 800 + (caseIndex * 37 % 400) + (sample * 97 % 400);
}
