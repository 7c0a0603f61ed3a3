using System.Collections.Immutable;

namespace BedrockMigrationHarness.Vocabulary;

/// <summary>One tool offered to the model (<c>toolSpec</c>).</summary>
/// <param name="InputSchemaJson">The JSON Schema of the tool's input (a JSON object whose type is object).</param>
/// <param name="Strict">Ask Bedrock to enforce the input schema (strict tool use).</param>
public sealed record ToolDefinition(string Name, string? Description, string InputSchemaJson, bool Strict);

/// <summary>How the model may use tools (<c>toolChoice</c>).</summary>
public enum ToolChoiceKind
{
    /// <summary>The model decides whether to call a tool.</summary>
    Auto,
    /// <summary>The model must call some tool.</summary>
    Any,
    /// <summary>The model must call <see cref="ToolChoice.ToolName"/>.</summary>
    Tool,
}

/// <summary>The <c>toolChoice</c> sent; <see cref="ToolName"/> only for <see cref="ToolChoiceKind.Tool"/>.</summary>
public sealed record ToolChoice(ToolChoiceKind Kind, string? ToolName = null);

/// <summary>The <c>toolConfig</c> of a request.</summary>
/// <param name="Choice">Null leaves <c>toolChoice</c> out (Bedrock's default is auto).</param>
/// <param name="CachePoint">A <c>cachePoint</c> after the tools.</param>
public sealed record ToolConfiguration(ImmutableArray<ToolDefinition> Tools, ToolChoice? Choice, bool CachePoint)
{
    /// <summary>Equal when every tool, the choice and the cache point are equal (not the array's identity).</summary>
    public bool Equals(ToolConfiguration? other) =>
        other is not null && Tools.SequenceEqual(other.Tools) && Choice == other.Choice && CachePoint == other.CachePoint;

    public override int GetHashCode() => HashCode.Combine(Tools.Length, Choice, CachePoint);
}

/// <summary>
/// Structured output: ask Bedrock to make the text answer an instance of a JSON Schema
/// (<c>outputConfig.textFormat</c>, type <c>json_schema</c>).
/// </summary>
/// <param name="SchemaJson">The schema's JSON text (sent as a string, as the API requires).</param>
/// <param name="Name">The schema's name sent with it.</param>
public sealed record StructuredOutputRequest(string SchemaJson, string Name);

/// <summary>A tool call in an answer (<c>toolUse</c> block).</summary>
/// <param name="InputJson">The arguments as raw JSON (what the model sent, unvalidated).</param>
public sealed record ToolCall(string ToolUseId, string Name, string InputJson);
