using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A tool the caller offers, with its JSON-Schema input.</summary>
/// <param name="Strict">The caller asked for strict tool use: the input always follows the schema.</param>
internal sealed record ToolDefinition(string Name, JsonObject InputSchema, bool Strict = false)
{
    public string? Description { get; init; }
}

/// <summary>One conversation turn, reduced to what answers and validation depend on.</summary>
/// <param name="Texts">The text blocks of the turn, in order.</param>
/// <param name="HasToolResult">The turn carries a tool result (so the next answer is prose, not another tool call).</param>
internal sealed record ChatTurn(string Role, IReadOnlyList<string> Texts, bool HasToolResult)
{
    /// <summary>The ids of the turn's toolUse blocks (assistant turns).</summary>
    public IReadOnlyList<string> ToolUseIds { get; init; } = [];

    /// <summary>The toolUseIds its toolResult blocks answer (user turns).</summary>
    public IReadOnlyList<string> ToolResultIds { get; init; } = [];

    /// <summary>Decoded sizes of the turn's images, in bytes.</summary>
    public IReadOnlyList<int> ImageBytes { get; init; } = [];

    /// <summary>Decoded sizes of the turn's documents, in bytes.</summary>
    public IReadOnlyList<int> DocumentBytes { get; init; } = [];
}

/// <summary>The prefix a request marks with its last <c>cachePoint</c>: a hash of its content and its size in tokens.</summary>
internal sealed record CachePrefix(string Hash, int Tokens);

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
    /// <summary>The kind of <c>toolConfig.toolChoice</c> given (<c>auto</c>, <c>any</c> or <c>tool</c>), or null.</summary>
    public string? ToolChoice { get; init; }

    public double? Temperature { get; init; }

    public double? TopP { get; init; }

    public bool HasStopSequences { get; init; }

    /// <summary>The body's <c>additionalModelRequestFields</c>, or null.</summary>
    public JsonObject? AdditionalFields { get; init; }

    /// <summary>What the last <c>cachePoint</c> (tools, then system, then messages) marks, or null when there is none.</summary>
    public CachePrefix? CachePrefix { get; init; }

    /// <summary>The system texts and the user turns' texts, one per line: what a profile rule's <c>prompt</c> regex searches.</summary>
    public string PromptText => string.Join("\n", System.Concat(Turns.Where(t => t.Role == "user").SelectMany(t => t.Texts)));

    /// <summary>Input tokens as the emulator counts them: about one per four characters, at least one.</summary>
    public int InputTokens => TokensOf(InputChars);

    /// <summary><c>thinking.budget_tokens</c> when <c>additionalModelRequestFields.thinking.type</c> is <c>enabled</c>; else null.</summary>
    public int? ThinkingBudget =>
        AdditionalFields?["thinking"] is JsonObject thinking && thinking["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String
        && type.GetValue<string>() == "enabled"
            ? thinking["budget_tokens"] is JsonValue budget && budget.TryGetValue<int>(out var n) ? n : 1024
            : null;

    /// <summary>Whether the answer is constrained to a schema: structured output, or a strict tool.</summary>
    public bool IsConstrained(ToolDefinition? tool) => tool is null ? OutputSchema is not null : tool.Strict;

    /// <summary>
    /// A request parameter by the name profile parameter rules use: <c>temperature</c>, <c>top_p</c>, <c>max_tokens</c>,
    /// <c>stop_sequences</c> and <c>tool_choice</c> (auto, any or tool) from the request; any other name is a dotted
    /// path into <c>additionalModelRequestFields</c> (<c>thinking.type</c>, <c>top_k</c>). Null when not set.
    /// </summary>
    public JsonNode? Parameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name)
        {
            case "temperature":
                return Temperature is { } t ? JsonValue.Create(t) : null;
            case "top_p":
                return TopP is { } p ? JsonValue.Create(p) : null;
            case "max_tokens":
                return MaxTokens is { } m ? JsonValue.Create(m) : null;
            case "stop_sequences":
                return HasStopSequences ? JsonValue.Create(true) : null;
            case "tool_choice":
                return ToolChoice is { } c ? JsonValue.Create(c) : null;
            default:
                JsonNode? node = AdditionalFields;
                foreach (var part in name.Split('.'))
                {
                    node = node is JsonObject obj ? obj[part] : null;
                }

                return node;
        }
    }

    /// <summary>Tokens of a character count, the emulator's way: about one per four characters, at least one.</summary>
    public static int TokensOf(long chars) => (int)Math.Max(1, Math.Min(int.MaxValue, (chars + 3) / 4));
}
