using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// Behaviour for some cases only: a request matches when its case id (the <c>case_id</c> entry of the request
/// metadata) equals <see cref="CaseId"/> and its prompt text (system and user turns) matches <see cref="Prompt"/>;
/// a condition that is null always holds, and at least one is set. Every setting the rule gives replaces the
/// model's (and an earlier matching rule's) setting of the same name as a whole; the rest stay.
/// </summary>
public sealed record CaseRule(string? CaseId, Regex? Prompt)
{
    /// <summary>How long a prompt regex may search one request before the rule counts as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    public LatencyProfile? Latency { get; init; }

    public TokenDistribution? OutputTokens { get; init; }

    public FaultRates? Faults { get; init; }

    public ErrorRates? Errors { get; init; }

    public IReadOnlyList<WrongAnswer>? WrongAnswers { get; init; }

    public ToolFaultRates? ToolFaults { get; init; }

    /// <summary>The right tool call for the matched requests: which tool, with which arguments.</summary>
    public ToolPlan? ToolCall { get; init; }

    /// <summary>The right text answer for the matched requests: fields put over the generated one, and no tool call.</summary>
    public JsonObject? Answer { get; init; }

    /// <summary>How the model plays a judge for the matched requests (a judge request carries the judged case's id).</summary>
    public JudgeBehaviour? Judge { get; init; }

    /// <summary>Whether the rule applies to a request with this case id (null: none sent) and prompt text.</summary>
    public bool Matches(string? caseId, string promptText)
    {
        if (CaseId is not null && !string.Equals(CaseId, caseId, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            return Prompt is null || Prompt.IsMatch(promptText);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>The model with this rule's settings in place of its own.</summary>
    public ModelProfile ApplyTo(ModelProfile model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model with
        {
            Latency = Latency ?? model.Latency,
            OutputTokens = OutputTokens ?? model.OutputTokens,
            Faults = Faults ?? model.Faults,
            Errors = Errors ?? model.Errors,
            WrongAnswers = WrongAnswers ?? model.WrongAnswers,
            ToolFaults = ToolFaults ?? model.ToolFaults,
            ToolCall = ToolCall ?? model.ToolCall,
            Answer = Answer ?? model.Answer,
            Judge = Judge ?? model.Judge,
        };
    }
}

/// <summary>
/// A planted wrong answer: with probability <see cref="Rate"/> the value at <see cref="Pointer"/> (an RFC 6901 JSON
/// pointer into the structured answer) becomes <see cref="Value"/>, or, when <see cref="AnotherEnumValue"/> is set,
/// another value of that field's schema <c>enum</c>; so the JSON stays schema-valid while expectations fail.
/// </summary>
/// <param name="Value">The value to put; ignored when <see cref="AnotherEnumValue"/> is set.</param>
public sealed record WrongAnswer(string Pointer, JsonNode? Value, bool AnotherEnumValue, double Rate = 1.0);
