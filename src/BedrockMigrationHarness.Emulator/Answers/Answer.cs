using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A tool call the model makes.</summary>
internal sealed record ToolCall(string ToolUseId, string Name, JsonObject Input);

/// <summary>Extended thinking shown before the answer: its text, its signature and its tokens (part of the output tokens).</summary>
internal sealed record ReasoningBlock(string Text, string Signature, int Tokens);

/// <summary>
/// What the model answers, before any wire format: either <see cref="Text"/> or <see cref="ToolUse"/>.
/// </summary>
/// <param name="StopReason">Converse vocabulary: end_turn, tool_use or max_tokens (the Anthropic strings are the same).</param>
internal sealed record Answer(string? Text, ToolCall? ToolUse, string StopReason, int InputTokens, int OutputTokens)
{
    /// <summary>Extended thinking before the answer, when the request enables it.</summary>
    public ReasoningBlock? Reasoning { get; init; }

    /// <summary>Input tokens read from the prompt cache (part of the prompt, not of <see cref="InputTokens"/>).</summary>
    public int CacheReadInputTokens { get; init; }

    /// <summary>Input tokens written to the prompt cache (part of the prompt, not of <see cref="InputTokens"/>).</summary>
    public int CacheWriteInputTokens { get; init; }

    /// <summary>The answer as one text: the text, or the tool input as JSON.</summary>
    public string AsText => Text ?? ToolUse?.Input.ToJsonString() ?? string.Empty;
}
