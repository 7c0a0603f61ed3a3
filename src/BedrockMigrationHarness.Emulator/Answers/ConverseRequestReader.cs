using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Reads and validates a Converse / ConverseStream body, or an Amazon Nova InvokeModel body (same shape; Nova also
/// spells <c>max_new_tokens</c> and <c>top_p</c>), the way the service does.
/// </summary>
internal static partial class ConverseRequestReader
{
    private static readonly string[] Roles = ["user", "assistant", "system"];

    /// <exception cref="RequestValidationException">The body breaks a constraint.</exception>
    public static ChatRequest Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var violations = new List<string>();
        long inputChars = 0;

        var system = new List<string>();
        if (body["system"] is JsonArray systemBlocks)
        {
            foreach (var block in systemBlocks.OfType<JsonObject>())
            {
                if (block["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                {
                    system.Add(text.GetValue<string>());
                    inputChars += text.GetValue<string>().Length;
                }
            }
        }
        else if (body["system"] is not null)
        {
            violations.Add("Value at 'system' failed to satisfy constraint: Member must be a list of system content blocks");
        }

        var turns = new List<ChatTurn>();
        if (body["messages"] is JsonArray messages)
        {
            for (var i = 0; i < messages.Count; i++)
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"messages.{i + 1}.member");
                if (messages[i] is not JsonObject message)
                {
                    violations.Add($"Value at '{at}' failed to satisfy constraint: Member must be a message object");
                    continue;
                }

                var role = (message["role"] as JsonValue)?.GetValueKind() == JsonValueKind.String ? message["role"]!.GetValue<string>() : null;
                if (role is null)
                {
                    violations.Add($"Value null at '{at}.role' failed to satisfy constraint: Member must not be null");
                }
                else if (!Roles.Contains(role, StringComparer.Ordinal))
                {
                    violations.Add($"Value '{role}' at '{at}.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]");
                }

                var texts = new List<string>();
                var hasToolResult = false;
                if (message["content"] is not JsonArray { Count: > 0 } content)
                {
                    violations.Add($"Value at '{at}.content' failed to satisfy constraint: Member must be a non-empty list of content blocks");
                }
                else
                {
                    foreach (var block in content)
                    {
                        if (block is not JsonObject { Count: 1 } single)
                        {
                            violations.Add($"Value at '{at}.content' failed to satisfy constraint: Each content block must set exactly one member (text, image, document, toolUse, toolResult, ...)");
                            break;
                        }

                        var (kind, value) = single.First();
                        if (kind == "text" && value is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                        {
                            texts.Add(text.GetValue<string>());
                            inputChars += text.GetValue<string>().Length;
                        }
                        else
                        {
                            hasToolResult |= kind == "toolResult";
                            inputChars += value?.ToJsonString().Length ?? 0;
                        }
                    }
                }

                turns.Add(new ChatTurn(role ?? "user", texts, hasToolResult));
            }
        }
        else if (body["messages"] is not null)
        {
            violations.Add("Value at 'messages' failed to satisfy constraint: Member must be a list of messages");
        }

        var maxTokens = ReadInferenceConfig(body["inferenceConfig"], violations);
        var (tools, forcedTool) = ReadTools(body["toolConfig"], violations);
        if (body["toolConfig"] is { } toolConfig)
        {
            inputChars += toolConfig.ToJsonString().Length;
        }

        CheckRequestMetadata(body["requestMetadata"], violations);
        var outputSchema = ReadOutputSchema(body["outputConfig"], violations);
        if (violations.Count > 0)
        {
            throw RequestValidationException.FromConstraints(violations);
        }

        if (turns.Count == 0 || turns[0].Role != "user")
        {
            throw new RequestValidationException("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }

        return new ChatRequest(system, turns, maxTokens, tools, forcedTool, outputSchema, inputChars);
    }

    private static int? ReadInferenceConfig(JsonNode? node, List<string> violations)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject config)
        {
            violations.Add("Value at 'inferenceConfig' failed to satisfy constraint: Member must be an object");
            return null;
        }

        int? maxTokens = null;
        foreach (var name in new[] { "maxTokens", "max_new_tokens" })
        {
            if (config[name] is { } value)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n))
                {
                    if (n < 1)
                    {
                        violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value '{n}' at 'inferenceConfig.{name}' failed to satisfy constraint: Member must have value greater than or equal to 1"));
                    }

                    maxTokens = n;
                }
                else
                {
                    violations.Add($"Value '{value.ToJsonString()}' at 'inferenceConfig.{name}' failed to satisfy constraint: Member must be an integer");
                }
            }
        }

        foreach (var name in new[] { "temperature", "topP", "top_p" })
        {
            if (config[name] is { } value)
            {
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
                {
                    violations.Add($"Value '{value.ToJsonString()}' at 'inferenceConfig.{name}' failed to satisfy constraint: Member must be a number");
                }
                else if (v.GetValue<double>() is var x && (x < 0 || x > 1))
                {
                    var bound = x < 0 ? "greater than or equal to 0" : "less than or equal to 1";
                    violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value '{x}' at 'inferenceConfig.{name}' failed to satisfy constraint: Member must have value {bound}"));
                }
            }
        }

        if (config["stopSequences"] is JsonArray stops && stops.Any(s => s is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String || sv.GetValue<string>().Length == 0))
        {
            violations.Add("Value at 'inferenceConfig.stopSequences' failed to satisfy constraint: Member must contain non-empty strings");
        }

        return maxTokens;
    }

    private static (List<ToolDefinition> Tools, string? Forced) ReadTools(JsonNode? node, List<string> violations)
    {
        var tools = new List<ToolDefinition>();
        if (node is not JsonObject config)
        {
            return (tools, null);
        }

        if (config["tools"] is not JsonArray { Count: > 0 } list)
        {
            violations.Add("Value at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1");
            return (tools, null);
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i]?["toolSpec"] is not JsonObject spec)
            {
                continue;
            }

            var name = spec["name"]?.GetValueKind() == JsonValueKind.String ? spec["name"]!.GetValue<string>() : null;
            if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value '{name}' at 'toolConfig.tools.{i + 1}.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+ and have length less than or equal to 64"));
                continue;
            }

            if (spec["inputSchema"]?["json"] is not JsonObject schema)
            {
                violations.Add(string.Create(CultureInfo.InvariantCulture, $"Value null at 'toolConfig.tools.{i + 1}.member.toolSpec.inputSchema.json' failed to satisfy constraint: Member must not be null"));
                continue;
            }

            tools.Add(new ToolDefinition(name, schema));
        }

        var forced = config["toolChoice"]?["tool"]?["name"]?.ToString();
        return (tools, forced);
    }

    /// <summary>The service's RequestMetadata shape: 1–16 entries; keys of 1–256 and values of 0–256 characters of its set.</summary>
    private static void CheckRequestMetadata(JsonNode? node, List<string> violations)
    {
        const string Characters = "[a-zA-Z0-9\\s:_@$#=/+,-.]";
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject { Count: >= 1 and <= 16 } map)
        {
            violations.Add("Value at 'requestMetadata' failed to satisfy constraint: Member must be a map of 1 to 16 string entries");
            return;
        }

        foreach (var (key, value) in map)
        {
            if (key.Length is 0 or > 256 || !MetadataCharacters().IsMatch(key))
            {
                violations.Add($"Value at 'requestMetadata' failed to satisfy constraint: Map keys must have length 1 to 256 and satisfy regular expression pattern: {Characters}+");
            }

            if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String || text.GetValue<string>() is var v && (v.Length > 256 || (v.Length > 0 && !MetadataCharacters().IsMatch(v))))
            {
                violations.Add($"Value at 'requestMetadata.{key}' failed to satisfy constraint: Member must be a string of at most 256 characters satisfying regular expression pattern: {Characters}*");
            }
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9\s:_@$#=/+,\-.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex MetadataCharacters();

    private static JsonObject? ReadOutputSchema(JsonNode? node, List<string> violations)
    {
        var schema = node?["textFormat"]?["structure"]?["jsonSchema"]?["schema"];
        switch (schema)
        {
            case null:
                return null;
            case JsonObject obj:
                return obj;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                try
                {
                    if (JsonNode.Parse(text.GetValue<string>()) is JsonObject parsed)
                    {
                        return parsed;
                    }
                }
                catch (JsonException)
                {
                    // Reported below.
                }

                break;
            default:
                break;
        }

        violations.Add("Value at 'outputConfig.textFormat.structure.jsonSchema.schema' failed to satisfy constraint: Member must be a JSON Schema object serialized as a string");
        return null;
    }
}
