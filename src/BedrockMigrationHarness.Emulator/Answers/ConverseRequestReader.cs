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

    /// <summary>At most this many images in one request.</summary>
    public const int MaxImages = 20;

    /// <summary>At most this many documents in one request.</summary>
    public const int MaxDocuments = 5;

    /// <summary>3.75 MB: the largest image.</summary>
    public const int MaxImageBytes = 3_932_160;

    /// <summary>4.5 MB: the largest document.</summary>
    public const int MaxDocumentBytes = 4_718_592;

    /// <exception cref="RequestValidationException">The body breaks a constraint.</exception>
    public static ChatRequest Read(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var problems = new RequestProblems();
        var violations = problems.Constraints;
        var cache = new CachePrefixBuilder();
        long inputChars = 0;

        // Cache order is tools, then system, then messages.
        var (tools, forcedTool, toolChoice) = ReadTools(body["toolConfig"], problems, cache);
        if (body["toolConfig"] is { } toolConfig)
        {
            inputChars += toolConfig.ToJsonString().Length;
        }

        var system = new List<string>();
        if (body["system"] is JsonArray systemBlocks)
        {
            for (var i = 0; i < systemBlocks.Count; i++)
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"system.{i + 1}.member");
                if (systemBlocks[i] is JsonObject { Count: 1 } block && ContentBlockReader.StringOf(block["text"]) is { Length: > 0 } text)
                {
                    system.Add(text);
                    inputChars += text.Length;
                    cache.Append("system:" + text, text.Length);
                }
                else if (systemBlocks[i] is JsonObject { Count: 1 } point && point.ContainsKey("cachePoint"))
                {
                    ContentBlockReader.CheckCachePoint(point["cachePoint"], $"{at}.cachePoint", problems);
                    cache.MarkCachePoint();
                }
                else
                {
                    violations.Add($"Value at '{at}' failed to satisfy constraint: Member must be one of the system blocks text (non-empty) or cachePoint (the emulator does not serve guardContent)");
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

                var role = ContentBlockReader.StringOf(message["role"]);
                if (role is null)
                {
                    violations.Add($"Value null at '{at}.role' failed to satisfy constraint: Member must not be null");
                }
                else if (!Roles.Contains(role, StringComparer.Ordinal))
                {
                    violations.Add($"Value '{role}' at '{at}.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant, system]");
                }

                if (message["content"] is not JsonArray { Count: > 0 } content)
                {
                    violations.Add($"Value at '{at}.content' failed to satisfy constraint: Member must be a non-empty list of content blocks");
                    turns.Add(new ChatTurn(role ?? "user", [], false));
                    continue;
                }

                turns.Add(ContentBlockReader.Read(content, role ?? "user", at, problems, cache, ref inputChars));
            }
        }
        else if (body["messages"] is not null)
        {
            violations.Add("Value at 'messages' failed to satisfy constraint: Member must be a list of messages");
        }

        var inference = ReadInferenceConfig(body["inferenceConfig"], violations);
        CheckRequestMetadata(body["requestMetadata"], violations);
        var outputSchema = ReadOutputSchema(body["outputConfig"], violations);
        var additional = body["additionalModelRequestFields"];
        if (additional is not null and not JsonObject)
        {
            violations.Add("Value at 'additionalModelRequestFields' failed to satisfy constraint: Member must be a JSON object");
        }

        ConversationRules.Check(turns, body["toolConfig"] is not null, problems);
        problems.ThrowIfAny();
        return new ChatRequest(system, turns, inference.MaxTokens, tools, forcedTool, outputSchema, inputChars)
        {
            ToolChoice = toolChoice,
            Temperature = inference.Temperature,
            TopP = inference.TopP,
            HasStopSequences = inference.HasStopSequences,
            AdditionalFields = additional as JsonObject,
            CachePrefix = cache.Result,
        };
    }

    private sealed record InferenceSettings(int? MaxTokens, double? Temperature, double? TopP, bool HasStopSequences);

    private static InferenceSettings ReadInferenceConfig(JsonNode? node, List<string> violations)
    {
        if (node is null)
        {
            return new InferenceSettings(null, null, null, false);
        }

        if (node is not JsonObject config)
        {
            violations.Add("Value at 'inferenceConfig' failed to satisfy constraint: Member must be an object");
            return new InferenceSettings(null, null, null, false);
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

        var unit = new Dictionary<string, double>(StringComparer.Ordinal);
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
                else
                {
                    unit[name == "top_p" ? "topP" : name] = x;
                }
            }
        }

        var stops = config["stopSequences"];
        if (stops is JsonArray list && list.Any(s => s is not JsonValue sv || sv.GetValueKind() != JsonValueKind.String || sv.GetValue<string>().Length == 0))
        {
            violations.Add("Value at 'inferenceConfig.stopSequences' failed to satisfy constraint: Member must contain non-empty strings");
        }

        return new InferenceSettings(
            maxTokens,
            unit.TryGetValue("temperature", out var temperature) ? temperature : null,
            unit.TryGetValue("topP", out var topP) ? topP : null,
            stops is JsonArray { Count: > 0 });
    }

    private static (List<ToolDefinition> Tools, string? Forced, string? Choice) ReadTools(JsonNode? node, RequestProblems problems, CachePrefixBuilder cache)
    {
        var violations = problems.Constraints;
        var tools = new List<ToolDefinition>();
        if (node is not JsonObject config)
        {
            return (tools, null, null);
        }

        if (config["tools"] is not JsonArray { Count: > 0 } list)
        {
            violations.Add("Value at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1");
            return (tools, null, null);
        }

        for (var i = 0; i < list.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"toolConfig.tools.{i + 1}.member");
            if (list[i] is JsonObject { Count: 1 } point && point.ContainsKey("cachePoint"))
            {
                ContentBlockReader.CheckCachePoint(point["cachePoint"], $"{at}.cachePoint", problems);
                cache.MarkCachePoint();
                continue;
            }

            if (list[i]?["toolSpec"] is not JsonObject spec)
            {
                violations.Add($"Value at '{at}' failed to satisfy constraint: Member must be a toolSpec or a cachePoint (the emulator does not serve systemTool)");
                continue;
            }

            var name = ContentBlockReader.StringOf(spec["name"]);
            if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                violations.Add($"Value '{name}' at '{at}.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+ and have length less than or equal to 64");
                continue;
            }

            if (spec["inputSchema"]?["json"] is not JsonObject schema)
            {
                violations.Add($"Value null at '{at}.toolSpec.inputSchema.json' failed to satisfy constraint: Member must not be null");
                continue;
            }

            var strict = spec["strict"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
            tools.Add(new ToolDefinition(name, schema, strict) { Description = ContentBlockReader.StringOf(spec["description"]) });
            cache.Append("tool:" + spec.ToJsonString(), spec.ToJsonString().Length);
        }

        string? choice = null;
        string? forced = null;
        if (config["toolChoice"] is { } choiceNode)
        {
            if (choiceNode is JsonObject { Count: 1 } one && one.First().Key is "auto" or "any" or "tool")
            {
                choice = one.First().Key;
                forced = choice == "tool" ? ContentBlockReader.StringOf(one["tool"]?["name"]) : null;
                if (choice == "tool" && forced is null)
                {
                    violations.Add("Value null at 'toolConfig.toolChoice.tool.name' failed to satisfy constraint: Member must not be null");
                }
            }
            else
            {
                violations.Add("Value at 'toolConfig.toolChoice' failed to satisfy constraint: Member must set exactly one of auto, any, tool");
            }
        }

        return (tools, forced, choice);
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
        if (node?["textFormat"] is { } format && ContentBlockReader.StringOf(format["type"]) != "json_schema")
        {
            violations.Add("Value at 'outputConfig.textFormat.type' failed to satisfy constraint: Member must satisfy enum value set: [json_schema]");
        }

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
