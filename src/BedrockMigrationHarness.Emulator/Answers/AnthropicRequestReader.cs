using System.Text.Json;
using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>Reads and validates an Anthropic Messages body sent to InvokeModel (<c>anthropic_version</c> present).</summary>
internal static class AnthropicRequestReader
{
    /// <exception cref="RequestValidationException">The body is not a valid Messages request.</exception>
    public static ChatRequest Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body["max_tokens"] is not JsonValue maxValue || maxValue.GetValueKind() != JsonValueKind.Number || !maxValue.TryGetValue<int>(out var maxTokens))
        {
            throw Malformed("#: required key [max_tokens] not found");
        }

        if (maxTokens < 1)
        {
            throw Malformed("#/max_tokens: 0 is not greater or equal to 1");
        }

        foreach (var name in new[] { "temperature", "top_p" })
        {
            if (body[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() is < 0 or > 1)
            {
                throw Malformed($"#/{name}: must be between 0 and 1");
            }
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            throw Malformed("#: required key [messages] not found");
        }

        long inputChars = 0;
        var system = new List<string>();
        switch (body["system"])
        {
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                system.Add(text.GetValue<string>());
                break;
            case JsonArray blocks:
                system.AddRange(blocks.Select(b => b?["text"]?.ToString()).OfType<string>());
                break;
            default:
                break;
        }

        inputChars += system.Sum(s => (long)s.Length);
        var turns = new List<ChatTurn>();
        foreach (var message in messages)
        {
            var role = message?["role"]?.ToString();
            if (role is not ("user" or "assistant"))
            {
                throw Malformed($"#/messages: role must be \"user\" or \"assistant\", not \"{role}\"");
            }

            var texts = new List<string>();
            var hasToolResult = false;
            switch (message!["content"])
            {
                case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                    texts.Add(text.GetValue<string>());
                    break;
                case JsonArray blocks:
                    foreach (var block in blocks.OfType<JsonObject>())
                    {
                        var type = block["type"]?.ToString();
                        if (type == "text" && block["text"]?.ToString() is { } blockText)
                        {
                            texts.Add(blockText);
                        }
                        else
                        {
                            hasToolResult |= type == "tool_result";
                            inputChars += block.ToJsonString().Length;
                        }
                    }

                    break;
                default:
                    throw Malformed("#/messages: content must be a string or a list of content blocks");
            }

            inputChars += texts.Sum(t => (long)t.Length);
            turns.Add(new ChatTurn(role, texts, hasToolResult));
        }

        if (turns[0].Role != "user")
        {
            throw Malformed("#/messages: the first message must use the \"user\" role");
        }

        var tools = new List<ToolDefinition>();
        if (body["tools"] is JsonArray toolList)
        {
            inputChars += toolList.ToJsonString().Length;
            foreach (var tool in toolList.OfType<JsonObject>())
            {
                if (tool["name"]?.ToString() is { Length: > 0 } name && tool["input_schema"] is JsonObject schema)
                {
                    tools.Add(new ToolDefinition(name, schema) { Description = ContentBlockReader.StringOf(tool["description"]) });
                }
            }
        }

        var forced = body["tool_choice"]?["type"]?.ToString() == "tool" ? body["tool_choice"]?["name"]?.ToString() : null;
        return new ChatRequest(system, turns, maxTokens, tools, forced, null, inputChars);
    }

    private static RequestValidationException Malformed(string detail) =>
        new($"Malformed input request: {detail}, please reformat your input and try again.");
}
