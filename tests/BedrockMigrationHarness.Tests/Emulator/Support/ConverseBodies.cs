using System.Text.Json.Nodes;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Converse request bodies built from their parts, as JSON text (the shapes of the Bedrock Runtime service model).</summary>
internal static class ConverseBodies
{
    public const string CachePoint = """{"cachePoint":{"type":"default"}}""";

    /// <summary>An order-lookup tool and a refund tool, the second with a required amount.</summary>
    public const string OrderTools = """
        {"toolSpec":{"name":"lookup_order","description":"Find an order by its id.","inputSchema":{"json":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"],"additionalProperties":false}}}},
        {"toolSpec":{"name":"issue_refund","description":"Refund an order.","inputSchema":{"json":{"type":"object","properties":{"order_id":{"type":"string"},"amount":{"type":"number","minimum":0}},"required":["order_id","amount"],"additionalProperties":false}}}}
        """;

    public static string Body(IEnumerable<string> messages, string extra = "") =>
        $$"""{"messages":[{{string.Join(",", messages)}}]{{extra}}}""";

    public static string Body(params string[] messages) => Body(messages, string.Empty);

    public static string User(params string[] blocks) => $$"""{"role":"user","content":[{{string.Join(",", blocks)}}]}""";

    public static string Assistant(params string[] blocks) => $$"""{"role":"assistant","content":[{{string.Join(",", blocks)}}]}""";

    public static string Text(string text) => $$"""{"text":{{JsonValue.Create(text).ToJsonString()}}}""";

    public static string Image(int bytes, string format = "png") =>
        """{"image":{"format":""" + $"\"{format}\"" + ""","source":{"bytes":""" + $"\"{Convert.ToBase64String(new byte[bytes])}\"" + "}}}";

    public static string Document(string name, int bytes = 100, string format = "pdf") =>
        """{"document":{"format":""" + $"\"{format}\"" + ""","name":""" + JsonValue.Create(name).ToJsonString() + ""","source":{"bytes":""" + $"\"{Convert.ToBase64String(new byte[bytes])}\"" + "}}}";

    public static string ToolUse(string id, string name = "lookup_order") =>
        """{"toolUse":{"toolUseId":""" + $"\"{id}\",\"name\":\"{name}\"" + ""","input":{"order_id":"A-1001"}}}""";

    public static string ToolResult(string id) =>
        """{"toolResult":{"toolUseId":""" + $"\"{id}\"" + ""","content":[{"json":{"status":"shipped"}},{"text":"Shipped on Monday."}],"status":"success"}}""";

    /// <summary><c>,"toolConfig":{...}</c> with the given tools (default <see cref="OrderTools"/>) and optional tool choice JSON.</summary>
    public static string ToolConfig(string? choice = null, string tools = OrderTools) =>
        $$""","toolConfig":{"tools":[{{tools}}]{{(choice is null ? string.Empty : $",\"toolChoice\":{choice}")}}}""";
}
