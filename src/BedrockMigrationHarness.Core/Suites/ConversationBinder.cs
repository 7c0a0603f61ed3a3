using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Vocabulary;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds a case's <c>messages:</c>: turns of role and content, content as a text template or a list of blocks (text,
/// image, document, cache point, a scripted tool call or tool result). Images and documents are read here, once per
/// file, through the suite's folder. Checks what Bedrock checks: roles alternate, the first and the last turn are the
/// user's, tool calls are assistant blocks answered by tool results in the next (user) turn, and file formats and sizes.
/// </summary>
/// <param name="template">Reads a template value: (node, field, rule) → the template, or null after a problem.</param>
internal sealed partial class ConversationBinder(YamlFieldReader reader, SuiteFolder folder, Func<YamlNode?, string, string, TemplateSource?> template)
{
    private const string TurnExample = "- { role: user, content: \"Where is my order?\" }";

    /// <summary>Bedrock's limits per request: 20 images, 5 documents.</summary>
    private const int MaxImages = 20;
    private const int MaxDocuments = 5;

    private static readonly ImmutableArray<string> TurnKeys = ["role", "content"];
    private static readonly ImmutableArray<string> BlockKinds = ["text", "image", "document", "cache_point", "tool_use", "tool_result"];
    private static readonly ImmutableArray<string> BlockKeys = [.. BlockKinds, "name"];
    private static readonly ImmutableArray<string> ToolUseKeys = ["id", "name", "input"];
    private static readonly ImmutableArray<string> ToolResultKeys = ["id", "content", "status"];
    private static readonly ImmutableArray<string> DocumentFormats = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];

    // Shared with the binders of the suite's case files (ForFile), so an image every case file names is read and held once.
    private Dictionary<string, ContentPart?> _files = new(StringComparer.Ordinal);

    /// <summary>A binder for another file of the suite (a case file) that reads its images and documents through this one's cache.</summary>
    public ConversationBinder ForFile(YamlFieldReader fileReader, Func<YamlNode?, string, string, TemplateSource?> fileTemplate) =>
        new(fileReader, folder, fileTemplate) { _files = _files };

    /// <summary>The turns, or null after reporting why they cannot be sent.</summary>
    public ImmutableArray<TurnOptions>? Bind(YamlNode node, string field)
    {
        if (reader.Sequence(node, field, $"messages must be a list of turns, e.g. messages: [ {TurnExample[2..]} ]") is not { } list)
        {
            return null;
        }

        if (list.Children.Count == 0)
        {
            reader.Report(list, field, $"messages: holds no turn; give at least the user's, e.g. {TurnExample}");
            return null;
        }

        var turns = ImmutableArray.CreateBuilder<TurnOptions>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (Turn(list.Children[i], $"{field}[{i}]") is { } turn)
            {
                turns.Add(turn);
            }
        }

        return turns.Count == list.Children.Count && CheckOrder(turns, list, field) && CheckCounts(turns, list, field) ? turns.ToImmutable() : null;
    }

    private TurnOptions? Turn(YamlNode node, string field)
    {
        if (reader.Mapping(node, field, $"a turn must be a mapping, e.g. {TurnExample}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, TurnKeys);
        const string RoleRule = "role must be user or assistant";
        var roleNode = reader.Required(map, "role", field, "role: user");
        TurnRole? role = reader.Text(roleNode, YamlFieldReader.Join(field, "role"), RoleRule) switch
        {
            null => null,
            "user" => TurnRole.User,
            "assistant" => TurnRole.Assistant,
            var other => RefuseRole(roleNode!, YamlFieldReader.Join(field, "role"), $"{RoleRule} (found `{other}`)"),
        };
        var contentField = YamlFieldReader.Join(field, "content");
        var content = reader.Required(map, "content", field, "content: \"Where is my order?\"");
        if (role is not { } r || content is null)
        {
            return null;
        }

        ImmutableArray<PartOptions>? parts = null;
        if (content is YamlSequenceNode blocks)
        {
            parts = Blocks(blocks, contentField, r);
        }
        else if (content is YamlScalarNode)
        {
            parts = template(content, contentField, "content must be text") is { } text ? [new PartOptions(text, null)] : null;
        }
        else
        {
            reader.Report(content, contentField,
                "content must be text (one text block) or a list of blocks, e.g. content: [ { text: \"See the file\" }, { document: policy.md } ]");
        }

        return parts is { } bound ? new TurnOptions(r, bound, field, YamlFieldReader.Line(map)) : null;
    }

    private ImmutableArray<PartOptions>? Blocks(YamlSequenceNode blocks, string field, TurnRole role)
    {
        if (blocks.Children.Count == 0)
        {
            reader.Report(blocks, field, "content: holds no block; Bedrock rejects an empty turn");
            return null;
        }

        var parts = ImmutableArray.CreateBuilder<PartOptions>();
        for (var i = 0; i < blocks.Children.Count; i++)
        {
            var blockField = $"{field}[{i}]";
            if (Block(blocks.Children[i], blockField, role) is { } part)
            {
                parts.Add(part);
            }
        }

        if (parts.Count > 0 && parts.All(p => p.Fixed is CachePointPart))
        {
            reader.Report(blocks, field, "a turn of cache points only has nothing to send; add the text or file they follow");
            return null;
        }

        return parts.Count == blocks.Children.Count ? parts.ToImmutable() : null;
    }

    private PartOptions? Block(YamlNode node, string field, TurnRole role)
    {
        const string Rule = "a block must be a mapping with one of text:, image:, document:, cache_point:, tool_use: or tool_result:, e.g. - image: photos/parcel.png";
        if (reader.Mapping(node, field, Rule) is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, BlockKeys);
        var kinds = BlockKinds.Where(k => YamlFieldReader.Get(map, k) is not null).ToList();
        if (kinds.Count != 1)
        {
            reader.Report(map, field, kinds.Count == 0 ? Rule : $"a block holds exactly one of text:, image:, document:, cache_point:, tool_use: and tool_result: (found {string.Join(", ", kinds)}); split it into one block each");
            return null;
        }

        var kind = kinds[0];
        var value = YamlFieldReader.Get(map, kind)!;
        var valueField = YamlFieldReader.Join(field, kind);
        if (YamlFieldReader.Get(map, "name") is { } nameNode && kind != "document")
        {
            reader.Report(nameNode, YamlFieldReader.Join(field, "name"), "name: belongs to a document: block only");
            return null;
        }

        switch (kind)
        {
            case "text":
                return template(value, valueField, "text must be text (a Scriban template)") is { } text ? new PartOptions(text, null) : null;
            case "cache_point":
                return reader.Bool(value, valueField, "cache_point must be true (the prompt up to here may be cached)") is true
                    ? new PartOptions(null, new CachePointPart())
                    : Refuse<PartOptions>(value, valueField, "cache_point: false marks nothing; remove the block");
            case "image":
                return FilePart(value, valueField, InputFileKind.Image, null) is { } image ? new PartOptions(null, image) : null;
            case "document":
                return FilePart(value, valueField, InputFileKind.Document, YamlFieldReader.Get(map, "name")) is { } document ? new PartOptions(null, document) : null;
            case "tool_use" when role != TurnRole.Assistant:
                return Refuse<PartOptions>(value, valueField, "a tool_use block belongs to an assistant turn: it is the call the model made before");
            case "tool_use":
                return ToolUse(value, valueField) is { } use ? new PartOptions(null, use) : null;
            case "tool_result" when role != TurnRole.User:
                return Refuse<PartOptions>(value, valueField, "a tool_result block belongs to a user turn: it answers the assistant's tool_use");
            default:
                return ToolResult(value, valueField) is { } result ? new PartOptions(null, result) : null;
        }
    }

    private ToolUsePart? ToolUse(YamlNode node, string field)
    {
        const string Example = "tool_use: { id: call-1, name: lookup_order, input: { order_id: A-1001 } }";
        if (reader.Mapping(node, field, $"tool_use must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, ToolUseKeys);
        var id = Id(map, field);
        var nameNode = reader.Required(map, "name", field, "name: lookup_order");
        var name = reader.Text(nameNode, YamlFieldReader.Join(field, "name"), "name must be the tool's name");
        var input = reader.Mapping(reader.Required(map, "input", field, "input: { order_id: A-1001 }"), YamlFieldReader.Join(field, "input"),
            "input must be a mapping of the call's arguments, e.g. input: { order_id: A-1001 }");
        return id is null || name is null || input is null ? null : new ToolUsePart(id, name, YamlJson.Of(input));
    }

    private ToolResultPart? ToolResult(YamlNode node, string field)
    {
        const string Example = "tool_result: { id: call-1, content: { status: shipped } }";
        if (reader.Mapping(node, field, $"tool_result must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, ToolResultKeys);
        var id = Id(map, field);
        var content = reader.Required(map, "content", field, "content: { status: shipped } (JSON) or content: \"Shipped\" (text)");
        const string StatusRule = "status must be success or error";
        var statusField = YamlFieldReader.Join(field, "status");
        var status = reader.Text(YamlFieldReader.Get(map, "status"), statusField, StatusRule) ?? "success";
        if (status is not ("success" or "error"))
        {
            reader.Report(YamlFieldReader.Get(map, "status")!, statusField, $"{StatusRule} (found `{status}`)");
            return null;
        }

        return id is null || content is null
            ? null
            : content is YamlScalarNode scalar
                ? new ToolResultPart(id, scalar.Value ?? string.Empty, false, status == "error")
                : new ToolResultPart(id, YamlJson.Of(content), true, status == "error");
    }

    private string? Id(YamlMappingNode map, string field)
    {
        var node = reader.Required(map, "id", field, "id: call-1");
        var id = reader.Text(node, YamlFieldReader.Join(field, "id"), "id must be text, e.g. id: call-1");
        if (id is not null && !ToolBinder.NamePattern().IsMatch(id))
        {
            reader.Report(node!, YamlFieldReader.Join(field, "id"), $"a tool call id may hold only letters, digits, `_` and `-`, 1 to 64 of them (found `{id}`)");
            return null;
        }

        return id;
    }

    /// <summary>An image or document block's file: read once, checked, hashed.</summary>
    private ContentPart? FilePart(YamlNode node, string field, InputFileKind kind, YamlNode? nameNode)
    {
        if (reader.Text(node, field, $"{kind.Noun} must be the path of a file, e.g. {kind.Noun}: files/x") is not { } written)
        {
            return null;
        }

        var at = new SuiteProblem(reader.File, YamlFieldReader.Line(node), field, string.Empty);
        var name = nameNode is null ? null : DocumentName(nameNode, field);
        var key = string.Join('\n', kind.Noun, folder.FullPath(written), name);
        if (!_files.TryGetValue(key, out var part))
        {
            part = folder.ReadBytes(written, kind, at, reader.Problems) is { } bytes ? Part(bytes, written, kind, name, at) : null;
            _files[key] = part;
        }

        return part;
    }

    private ContentPart? Part(byte[] bytes, string written, InputFileKind kind, string? name, SuiteProblem at)
    {
        if (bytes.Length == 0)
        {
            reader.Problems.Add(at with { Message = $"the {kind.Noun} `{written}` is empty; Bedrock rejects an empty {kind.Noun}" });
            return null;
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (kind == InputFileKind.Image)
        {
            if (ImageFormat(bytes) is { } format)
            {
                return new ImagePart(format, written, sha256, bytes);
            }

            reader.Problems.Add(at with { Message = $"the image `{written}` is not PNG, JPEG, GIF or WebP (by its first bytes), the formats Bedrock takes; convert it" });
            return null;
        }

        var extension = Path.GetExtension(written).TrimStart('.').ToLowerInvariant();
        if (!DocumentFormats.Contains(extension))
        {
            reader.Problems.Add(at with
            {
                Message = $"the document `{written}` has no extension Bedrock takes ({string.Join(", ", DocumentFormats)}); the format is told by the extension: rename or convert it",
            });
            return null;
        }

        return new DocumentPart(extension, name ?? DefaultName(written), written, sha256, bytes);
    }

    private string? DocumentName(YamlNode node, string field)
    {
        const string Rule = "a document's name may hold letters, digits, single spaces, `-`, `(`, `)`, `[` and `]`, as Bedrock requires, e.g. name: Refund policy";
        var nameField = field[..field.LastIndexOf('.')] + ".name";
        if (reader.Text(node, nameField, Rule) is not { } name)
        {
            return null;
        }

        if (!DocumentNamePattern().IsMatch(name))
        {
            reader.Report(node, nameField, $"{Rule} (found `{name}`)");
            return null;
        }

        return name;
    }

    /// <summary>The file's name without its extension, each character Bedrock refuses made a space, spaces single.</summary>
    internal static string DefaultName(string written)
    {
        var stem = Path.GetFileNameWithoutExtension(written);
        var kept = new string([.. stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '(' or ')' or '[' or ']' ? c : ' ')]);
        var name = string.Join(' ', kept.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return name.Length == 0 ? "document" : name;
    }

    private static string? ImageFormat(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "png",
        [0xFF, 0xD8, 0xFF, ..] => "jpeg",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "webp",
        _ => null,
    };

    /// <summary>Alternation, first and last turn the user's, and every tool call answered in the next turn (by id).</summary>
    private bool CheckOrder(ImmutableArray<TurnOptions>.Builder turns, YamlSequenceNode list, string field)
    {
        var problems = 0;
        void Report(int index, string message)
        {
            reader.Problems.Add(reader.File, turns[index].Line, turns[index].Field, message);
            problems++;
        }

        if (turns[0].Role != TurnRole.User)
        {
            Report(0, "the first turn must be the user's (Bedrock starts a conversation with a user message)");
        }

        for (var i = 1; i < turns.Count; i++)
        {
            if (turns[i].Role == turns[i - 1].Role)
            {
                Report(i, string.Create(CultureInfo.InvariantCulture,
                    $"two {Name(turns[i].Role)} turns in a row (turns {i - 1} and {i}); roles must alternate: merge them into one turn"));
            }
        }

        if (turns[^1].Role != TurnRole.User)
        {
            reader.Problems.Add(reader.File, YamlFieldReader.Line(list), field,
                "the last turn must be the user's: the case measures the model's answer to it");
            problems++;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < turns.Count; i++)
        {
            var calls = turns[i].Parts.Select(p => p.Fixed).OfType<ToolUsePart>().Select(u => u.ToolUseId).ToList();
            foreach (var id in calls.Where(id => !ids.Add(id)))
            {
                Report(i, $"the tool call id `{id}` is used twice; each tool_use needs its own id");
            }

            var answered = i + 1 < turns.Count
                ? turns[i + 1].Parts.Select(p => p.Fixed).OfType<ToolResultPart>().Select(r => r.ToolUseId).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var id in calls.Where(id => !answered.Contains(id)))
            {
                Report(i, $"the tool call `{id}` has no tool_result with that id in the next (user) turn; Bedrock requires every call answered: add one");
            }

            var asked = i > 0 ? turns[i - 1].Parts.Select(p => p.Fixed).OfType<ToolUsePart>().Select(u => u.ToolUseId).ToHashSet(StringComparer.Ordinal) : [];
            foreach (var result in turns[i].Parts.Select(p => p.Fixed).OfType<ToolResultPart>().Where(r => !asked.Contains(r.ToolUseId)))
            {
                Report(i, $"the tool_result `{result.ToolUseId}` answers no tool_use of the turn before it; give the assistant turn a tool_use with that id");
            }
        }

        return problems == 0;
    }

    /// <summary>At most <see cref="MaxImages"/> images and <see cref="MaxDocuments"/> documents in one conversation, as Bedrock allows.</summary>
    private bool CheckCounts(ImmutableArray<TurnOptions>.Builder turns, YamlSequenceNode list, string field)
    {
        var parts = turns.SelectMany(t => t.Parts).Select(p => p.Fixed).ToList();
        var images = parts.OfType<ImagePart>().Count();
        var documents = parts.OfType<DocumentPart>().Count();
        if (images <= MaxImages && documents <= MaxDocuments)
        {
            return true;
        }

        reader.Report(list, field, string.Create(CultureInfo.InvariantCulture,
            $"a request may carry at most {MaxImages} images and {MaxDocuments} documents (Bedrock's limits); this case has {images} and {documents}: split it"));
        return false;
    }

    private static string Name(TurnRole role) => role == TurnRole.User ? "user" : "assistant";

    private T? Refuse<T>(YamlNode node, string field, string message)
        where T : class
    {
        reader.Report(node, field, message);
        return null;
    }

    private TurnRole? RefuseRole(YamlNode node, string field, string message)
    {
        reader.Report(node, field, message);
        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9()\[\]-]+( [A-Za-z0-9()\[\]-]+)*$")]
    private static partial Regex DocumentNamePattern();
}
