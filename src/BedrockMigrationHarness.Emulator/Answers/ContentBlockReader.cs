using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>
/// Reads the content blocks of one Converse message (text, image, document, toolUse, toolResult, cachePoint,
/// reasoningContent) into a <see cref="ChatTurn"/>, checking each block's shape the way the service does.
/// </summary>
internal static partial class ContentBlockReader
{
    /// <summary>Characters an image counts as for the token estimate (≈ 1,600 tokens, a large image's cost on Claude).</summary>
    public const int ImageChars = 6400;

    public static readonly string[] ImageFormats = ["png", "jpeg", "gif", "webp"];
    public static readonly string[] DocumentFormats = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];
    private static readonly string[] TextDocumentFormats = ["csv", "html", "txt", "md"];
    private static readonly string[] BlockTypes = ["text", "image", "document", "toolUse", "toolResult", "cachePoint", "reasoningContent"];

    public const string DocumentNameRule = "The document file name can only contain alphanumeric characters, whitespace characters, hyphens, parentheses, and square brackets. The name can't contain more than one consecutive whitespace character. Check that the file name conforms to these restrictions and retry your request.";

    /// <param name="at">The message's path, e.g. <c>messages.1.member</c>.</param>
    /// <param name="chars">Adds the turn's characters for the input-token estimate.</param>
    public static ChatTurn Read(JsonArray content, string role, string at, RequestProblems problems, CachePrefixBuilder cache, ref long chars)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(cache);
        var texts = new List<string>();
        var toolUseIds = new List<string>();
        var toolResultIds = new List<string>();
        var images = new List<int>();
        var documents = new List<int>();
        cache.Append("role:" + role, 0);
        for (var j = 0; j < content.Count; j++)
        {
            var blockAt = string.Create(CultureInfo.InvariantCulture, $"{at}.content.{j + 1}.member");
            if (content[j] is not JsonObject { Count: 1 } single)
            {
                problems.Constraints.Add($"Value at '{at}.content' failed to satisfy constraint: Each content block must set exactly one member (text, image, document, toolUse, toolResult, cachePoint, reasoningContent)");
                break;
            }

            var (kind, value) = single.First();
            long blockChars;
            switch (kind)
            {
                case "text" when StringOf(value) is { } text:
                    texts.Add(text);
                    blockChars = text.Length;
                    break;
                case "image":
                    images.Add(ReadImage(value, $"{blockAt}.image", problems));
                    blockChars = ImageChars;
                    break;
                case "document":
                    var (size, format) = ReadDocument(value, $"{blockAt}.document", problems);
                    documents.Add(size);
                    blockChars = TextDocumentFormats.Contains(format, StringComparer.Ordinal) ? size : size / 4;
                    break;
                case "toolUse":
                    toolUseIds.Add(ReadToolUse(value, $"{blockAt}.toolUse", problems));
                    blockChars = value?.ToJsonString().Length ?? 0;
                    break;
                case "toolResult":
                    toolResultIds.Add(ReadToolResult(value, $"{blockAt}.toolResult", problems));
                    blockChars = value?.ToJsonString().Length ?? 0;
                    break;
                case "cachePoint":
                    CheckCachePoint(value, $"{blockAt}.cachePoint", problems);
                    cache.MarkCachePoint();
                    continue;
                case "reasoningContent":
                    // Earlier thinking, sent back in an assistant turn: not counted, as Claude drops it from the context.
                    continue;
                case "text":
                    problems.Constraints.Add($"Value at '{blockAt}.text' failed to satisfy constraint: Member must be a string");
                    continue;
                default:
                    problems.Constraints.Add($"Value at '{blockAt}' failed to satisfy constraint: Member must be one of the content blocks {string.Join(", ", BlockTypes)} (found `{kind}`; the emulator does not serve video, audio, guardContent, citationsContent or searchResult)");
                    continue;
            }

            chars += blockChars;
            cache.Append(kind == "text" ? "text:" + texts[^1] : kind + ":" + value?.ToJsonString(), blockChars);
        }

        return new ChatTurn(role, texts, toolResultIds.Count > 0)
        {
            ToolUseIds = toolUseIds,
            ToolResultIds = toolResultIds,
            ImageBytes = images,
            DocumentBytes = documents,
        };
    }

    /// <summary>A cachePoint block (system, messages or tools): <c>{"type": "default"}</c>.</summary>
    public static void CheckCachePoint(JsonNode? value, string at, RequestProblems problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (StringOf(value?["type"]) != "default")
        {
            problems.Constraints.Add($"Value at '{at}.type' failed to satisfy constraint: Member must satisfy enum value set: [default]");
        }
    }

    private static int ReadImage(JsonNode? value, string at, RequestProblems problems)
    {
        if (StringOf(value?["format"]) is not { } format || !ImageFormats.Contains(format, StringComparer.Ordinal))
        {
            problems.Constraints.Add($"Value '{StringOf(value?["format"])}' at '{at}.format' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", ImageFormats)}]");
        }

        return ReadBytes(value?["source"], $"{at}.source", problems);
    }

    private static (int Size, string? Format) ReadDocument(JsonNode? value, string at, RequestProblems problems)
    {
        var format = StringOf(value?["format"]);
        if (value?["format"] is not null && (format is null || !DocumentFormats.Contains(format, StringComparer.Ordinal)))
        {
            problems.Constraints.Add($"Value '{format}' at '{at}.format' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", DocumentFormats)}]");
        }

        var name = StringOf(value?["name"]);
        if (name is null)
        {
            problems.Constraints.Add($"Value null at '{at}.name' failed to satisfy constraint: Member must not be null");
        }
        else if (name.Length is 0 or > 200)
        {
            problems.Constraints.Add(string.Create(CultureInfo.InvariantCulture, $"Value at '{at}.name' failed to satisfy constraint: Member must have length between 1 and 200 (found {name.Length})"));
        }
        else if (!DocumentName().IsMatch(name))
        {
            problems.Rule(DocumentNameRule);
        }

        if (value?["source"]?["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            return (text.GetValue<string>().Length, format ?? "txt");
        }

        return (ReadBytes(value?["source"], $"{at}.source", problems), format);
    }

    /// <summary>The decoded size of <c>source.bytes</c> (base64 on the wire); 0 after reporting a problem.</summary>
    private static int ReadBytes(JsonNode? source, string at, RequestProblems problems)
    {
        if (source?["s3Location"] is not null)
        {
            problems.Constraints.Add($"Value at '{at}.s3Location' failed to satisfy constraint: the emulator serves only bytes sources; send the file's bytes");
            return 0;
        }

        if (StringOf(source?["bytes"]) is not { Length: > 0 } base64)
        {
            problems.Constraints.Add($"Value at '{at}.bytes' failed to satisfy constraint: Member must have length greater than or equal to 1");
            return 0;
        }

        var buffer = new byte[(base64.Length / 4 * 3) + 3];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            problems.Constraints.Add($"Value at '{at}.bytes' failed to satisfy constraint: Member must be base64-encoded binary data");
            return 0;
        }

        return written;
    }

    private static string ReadToolUse(JsonNode? value, string at, RequestProblems problems)
    {
        var id = StringOf(value?["toolUseId"]);
        CheckToolUseId(id, $"{at}.toolUseId", problems);
        if (StringOf(value?["name"]) is not { Length: > 0 })
        {
            problems.Constraints.Add($"Value null at '{at}.name' failed to satisfy constraint: Member must not be null");
        }

        if (value?["input"] is null)
        {
            problems.Constraints.Add($"Value null at '{at}.input' failed to satisfy constraint: Member must not be null");
        }

        return id ?? string.Empty;
    }

    private static string ReadToolResult(JsonNode? value, string at, RequestProblems problems)
    {
        var id = StringOf(value?["toolUseId"]);
        CheckToolUseId(id, $"{at}.toolUseId", problems);
        if (value?["content"] is not JsonArray content)
        {
            problems.Constraints.Add($"Value null at '{at}.content' failed to satisfy constraint: Member must not be null");
        }
        else
        {
            for (var k = 0; k < content.Count; k++)
            {
                if (content[k] is not JsonObject { Count: 1 } block || block.First().Key is not ("json" or "text" or "image" or "document"))
                {
                    problems.Constraints.Add(string.Create(CultureInfo.InvariantCulture, $"Value at '{at}.content.{k + 1}.member' failed to satisfy constraint: Member must set exactly one of json, text, image, document"));
                }
            }
        }

        if (value?["status"] is { } status && StringOf(status) is not ("success" or "error"))
        {
            problems.Constraints.Add($"Value '{StringOf(status)}' at '{at}.status' failed to satisfy constraint: Member must satisfy enum value set: [success, error]");
        }

        return id ?? string.Empty;
    }

    private static void CheckToolUseId(string? id, string at, RequestProblems problems)
    {
        if (id is null || id.Length is 0 or > 64 || !ToolUseId().IsMatch(id))
        {
            problems.Constraints.Add($"Value '{id}' at '{at}' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+ and have length between 1 and 64");
        }
    }

    public static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Letters and digits, hyphens, parentheses, square brackets and single whitespace characters (underscores pass too, as on the service).</summary>
    [GeneratedRegex(@"^(?!.*\s\s)[a-zA-Z0-9 \t\-()\[\]_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentName();

    [GeneratedRegex(@"^[a-zA-Z0-9_.:\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ToolUseId();
}
