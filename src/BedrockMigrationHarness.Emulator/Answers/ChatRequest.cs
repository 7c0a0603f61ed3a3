using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A tool the caller offers, with its JSON-Schema input.</summary>
internal sealed record ToolDefinition(string Name, JsonObject InputSchema);

/// <summary>One conversation turn, reduced to what answers depend on.</summary>
/// <param name="Texts">The text blocks of the turn, in order.</param>
/// <param name="HasToolResult">The turn carries a tool result (so the next answer is prose, not another tool call).</param>
internal sealed record ChatTurn(string Role, IReadOnlyList<string> Texts, bool HasToolResult);

/// <summary>
/// A runtime request in a model-neutral form, read from a Converse, Nova or Anthropic body.
/// </summary>
/// <param name="InputChars">Characters of system and message content, for the ≈ chars/4 input-token estimate.</param>
/// <param name="ForcedTool">The tool named by a "tool" tool choice, if any.</param>
/// <param name="OutputSchema">A JSON Schema the answer text must follow (Converse outputConfig).</param>
internal sealed record ChatRequest(
    IReadOnlyList<string> System,
    IReadOnlyList<ChatTurn> Turns,
    int? MaxTokens,
    IReadOnlyList<ToolDefinition> Tools,
    string? ForcedTool,
    JsonObject? OutputSchema,
    long InputChars)
{
    /// <summary>The system texts and the user turns' texts, one per line: what a profile rule's <c>prompt</c> regex searches.</summary>
    public string PromptText => string.Join("\n", System.Concat(Turns.Where(t => t.Role == "user").SelectMany(t => t.Texts)));

    /// <summary>Input tokens as the emulator counts them: about one per four characters, at least one.</summary>
    public int InputTokens => (int)Math.Max(1, Math.Min(int.MaxValue, (InputChars + 3) / 4));
}
