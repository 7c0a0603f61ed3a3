using System.Collections.Immutable;
using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Analysis;

/// <summary>The final attempts of one arm of one case, gathered once for every statistic that needs them.</summary>
/// <param name="measuresLatency">False in a batch run, whose records carry no latency (0): no latency is gathered.</param>
internal sealed class CaseArmData(bool hasExpectations, bool measuresLatency)
{
    /// <summary>Whether the case has expectations, so that its answers count towards correctness.</summary>
    public bool HasExpectations { get; } = hasExpectations;

    public int Finished { get; private set; }

    public int Answered { get; private set; }

    public int Compliant { get; private set; }

    public int ExpectationsMet { get; private set; }

    /// <summary>Client latency of successful answers (ms).</summary>
    public List<double> Latency { get; } = [];

    /// <summary>The service's <c>metrics.latencyMs</c> of the successful answers that report it (ms).</summary>
    public List<double> ServerLatency { get; } = [];

    public List<double> TimeToFirstToken { get; } = [];

    public List<double> OutputTokens { get; } = [];

    public List<double> InputTokens { get; } = [];

    /// <summary>Per answer with token counts, beside <see cref="InputTokens"/>: cache reads (0 when not reported).</summary>
    public List<double> CacheReadTokens { get; } = [];

    /// <summary>As <see cref="CacheReadTokens"/>, for cache writes.</summary>
    public List<double> CacheWriteTokens { get; } = [];

    /// <summary>Whether any answer reported cache usage.</summary>
    public bool ReportsCache { get; private set; }

    /// <summary>Characters of reasoning per answer that had reasoning.</summary>
    public List<double> ReasoningChars { get; } = [];

    /// <summary>Answer texts, their extracted JSON and their tool calls by sample index, for similarity and tool agreement.</summary>
    public SortedDictionary<int, (string Text, string? Json, ImmutableArray<ToolCall> ToolCalls)> Answers { get; } = [];

    public SortedDictionary<FormatDeviation, int> Deviations { get; } = [];

    public SortedDictionary<CallOutcome, int> ErrorsByKind { get; } = [];

    /// <summary>Checks of every answer, for per-expectation counts.</summary>
    public List<CheckResult> Checks { get; } = [];

    public int Errors => Finished - Answered;

    public void Add(CheckedAttempt attempt)
    {
        var record = attempt.Record;
        Finished++;
        if (attempt.Check is not { } check)
        {
            ErrorsByKind[record.Outcome] = ErrorsByKind.GetValueOrDefault(record.Outcome) + 1;
            return;
        }

        Answered++;
        Checks.Add(check);
        if (check.FormatCompliant)
        {
            Compliant++;
        }

        if (check.ExpectationsMet)
        {
            ExpectationsMet++;
        }

        foreach (FormatDeviation deviation in check.Deviations)
        {
            Deviations[deviation] = Deviations.GetValueOrDefault(deviation) + 1;
        }

        if (measuresLatency)
        {
            Latency.Add(record.ClientLatencyMs);
        }

        if (record.ServerLatencyMs is { } server)
        {
            ServerLatency.Add(server);
        }

        if (record.TimeToFirstTokenMs is { } ttft)
        {
            TimeToFirstToken.Add(ttft);
        }

        if (record.OutputTokens is { } output)
        {
            OutputTokens.Add(output);
        }

        if (record.InputTokens is { } input)
        {
            InputTokens.Add(input);
            CacheReadTokens.Add(record.CacheReadInputTokens ?? 0);
            CacheWriteTokens.Add(record.CacheWriteInputTokens ?? 0);
        }

        ReportsCache |= record.CacheReadInputTokens is not null || record.CacheWriteInputTokens is not null;
        if (record.ReasoningText is { } reasoning)
        {
            ReasoningChars.Add(reasoning.Length);
        }

        Answers[record.Sample] = (record.Text ?? string.Empty, check.ExtractedJson, record.ToolCalls.IsDefault ? [] : record.ToolCalls);
    }
}

/// <summary>One arm over every case of the suite (in suite order), plus its call counters.</summary>
internal sealed class ArmData
{
    /// <param name="measuresLatency">False in a batch run (its records carry latency 0, not a measurement).</param>
    public ArmData(Arm arm, string modelId, IReadOnlyList<Suites.PromptCase> cases, bool measuresLatency)
    {
        Arm = arm;
        ModelId = modelId;
        Cases = new CaseArmData[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            Cases[i] = new CaseArmData(!cases[i].Expectations.IsEmpty, measuresLatency);
        }
    }

    public Arm Arm { get; }

    public string ModelId { get; }

    public CaseArmData[] Cases { get; }

    public int Calls { get; private set; }

    public int ThrottledCalls { get; private set; }

    public int RetriedCalls { get; set; }

    /// <summary>Tokens of every call with usage, retries included.</summary>
    public TokenTotals Tokens { get; private set; } = TokenTotals.None;

    /// <summary>Counts one call: its tokens join <see cref="Tokens"/>.</summary>
    public void AddCall(AttemptRecord record)
    {
        Calls++;
        if (record.Outcome.IsThrottle())
        {
            ThrottledCalls++;
        }

        Tokens = new TokenTotals(
            Tokens.Input + (record.InputTokens ?? 0),
            Tokens.Output + (record.OutputTokens ?? 0),
            Tokens.CacheRead + (record.CacheReadInputTokens ?? 0),
            Tokens.CacheWrite + (record.CacheWriteInputTokens ?? 0));
    }

    /// <summary>Whether any record of this arm was seen.</summary>
    public bool HasRecords => Calls > 0;

    /// <summary>Per case, a metric's values as arrays (the bootstrap's input).</summary>
    public double[][] PerCase(Func<CaseArmData, List<double>> metric)
    {
        var result = new double[Cases.Length][];
        for (int i = 0; i < Cases.Length; i++)
        {
            result[i] = [.. metric(Cases[i])];
        }

        return result;
    }

    public int Sum(Func<CaseArmData, int> count)
    {
        int total = 0;
        foreach (CaseArmData data in Cases)
        {
            total += count(data);
        }

        return total;
    }
}
