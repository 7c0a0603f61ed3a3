using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Analysis;

/// <summary>
/// Reads the ValidationException messages Bedrock is known to send when a model rejects a parameter, and says which
/// parameter, what to do, and the suite override that removes the cause (per-arm <c>inference</c> with
/// <c>null</c> to leave a setting out, see docs/suite-format.md). A message it does not know gets general advice.
/// </summary>
internal static partial class ValidationMessages
{
    /// <summary>What a message means for the arm that got it.</summary>
    /// <param name="arm">"baseline" or "candidate": the arm the suggestion overrides.</param>
    public static (string? Parameter, string Advice, string? SuggestedOverride) Explain(string message, string arm)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Anthropic models' own errors come wrapped: "The model returned the following errors: <the model's message>".
        var inner = Wrapped().Match(message) is { Success: true } wrapped ? wrapped.Groups[1].Value : message;

        if (TemperatureAndTopP().IsMatch(inner))
        {
            return ("temperature, top_p",
                $"The {arm} model takes temperature or top_p, not both: leave top_p out on the {arm}.",
                $"{arm}: {{ inference: {{ top_p: null }} }}");
        }

        if (TemperatureWithThinking().IsMatch(inner))
        {
            return ("temperature",
                $"With extended thinking the {arm} model accepts only temperature 1: set it to 1 on the {arm} (or turn thinking off there).",
                $"{arm}: {{ inference: {{ temperature: 1 }} }}");
        }

        if (MaxTokens().Match(inner) is { Success: true } tokens)
        {
            return ("max_tokens",
                $"The {arm} model allows at most {tokens.Groups[2].Value} output tokens: lower max_tokens on the {arm}.",
                $"{arm}: {{ inference: {{ max_tokens: {tokens.Groups[2].Value} }} }}");
        }

        if (NoToolUse().Match(inner) is { Success: true } tools)
        {
            return tools.Groups[1].Success
                ? ("stream (with tools)", $"The {arm} model cannot call tools while streaming: set stream: false for the cases with tools.", null)
                : ("tools", $"The {arm} model cannot call tools (toolConfig): compare with a model that supports tool use, or drop tools from the suite.", null);
        }

        if (ExtraneousKey().Match(inner) is { Success: true } key)
        {
            var name = key.Groups[1].Value;
            return (name, $"The {arm} model does not accept \"{name}\": leave it out of the {arm}'s additional_fields.", null);
        }

        if (StructuredOutput().IsMatch(inner))
        {
            return ("structured_output", $"The {arm} model rejects the structured-output request or its schema: turn structured_output off on the {arm}.",
                $"{arm}: {{ structured_output: false }}");
        }

        if (Backticked().Match(inner) is { Success: true } named)
        {
            return (named.Groups[1].Value, $"The {arm} model rejects \"{named.Groups[1].Value}\": change or leave it out on the {arm}.", null);
        }

        return (null, $"The {arm} model rejects this request: compare it with the other arm's (What differs between the arms' requests) and the model's parameters in the Bedrock documentation.", null);
    }

    [GeneratedRegex(@"^\s*The model returned the following errors:\s*(.+)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Wrapped();

    [GeneratedRegex(@"`?temperature`?\s+and\s+`?top_p`?\s+cannot both be specified", RegexOptions.IgnoreCase)]
    private static partial Regex TemperatureAndTopP();

    [GeneratedRegex(@"temperature may only be set to 1 when thinking is enabled", RegexOptions.IgnoreCase)]
    private static partial Regex TemperatureWithThinking();

    [GeneratedRegex(@"max_tokens:\s*(\d+)\s*>\s*(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex MaxTokens();

    [GeneratedRegex(@"doesn'?t support tool use( in streaming mode)?", RegexOptions.IgnoreCase)]
    private static partial Regex NoToolUse();

    [GeneratedRegex(@"extraneous key \[([^\]]{1,100})\] is not permitted", RegexOptions.IgnoreCase)]
    private static partial Regex ExtraneousKey();

    [GeneratedRegex(@"outputConfig|output_config|textFormat|json_schema|structured output", RegexOptions.IgnoreCase)]
    private static partial Regex StructuredOutput();

    [GeneratedRegex(@"`([A-Za-z0-9_.\-]{1,64})`")]
    private static partial Regex Backticked();
}
