using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// The files beside an imported suite's cases: each tool's input schema in <c>tools/&lt;name&gt;.json</c> (one file per
/// distinct schema: two cases offering the same tool share it; the same name with another schema gets
/// <c>&lt;name&gt;-2.json</c>), images and documents in <c>files/&lt;first 16 hex of SHA-256&gt;.&lt;format&gt;</c>.
/// Paths returned are relative to the suite's folder, with <c>/</c>.
/// </summary>
internal sealed class SuiteFiles(string suiteDirectory)
{
    public const string ToolsFolder = "tools";
    public const string MediaFolder = "files";
    public const string SchemasFolder = "schemas";

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, string> _schemaPaths = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _media = new(StringComparer.Ordinal);

    /// <summary>Distinct tool schemas written.</summary>
    public int ToolSchemas => _schemaPaths.Count;

    /// <summary>Distinct images and documents written.</summary>
    public int MediaFiles => _media.Count;

    /// <summary>The path of <paramref name="tool"/>'s input schema, written on first use.</summary>
    public string SchemaOf(ToolDefinition tool)
    {
        var pretty = Pretty(tool.InputSchemaJson);
        var key = tool.Name + "\n" + pretty;
        if (_schemaPaths.TryGetValue(key, out var path))
        {
            return path;
        }

        var name = tool.Name;
        for (var n = 2; !_taken.Add(name); n++)
        {
            name = $"{tool.Name}-{n}";
        }

        path = $"{ToolsFolder}/{name}.json";
        Write(path, Encoding.UTF8.GetBytes(pretty + "\n"));
        _schemaPaths[key] = path;
        return path;
    }

    /// <summary>Writes a case's inferred answer schema as <c>schemas/&lt;case id&gt;.json</c> and returns that path.</summary>
    public string Schema(string caseId, string schemaJson)
    {
        var path = $"{SchemasFolder}/{caseId}.json";
        Write(path, Encoding.UTF8.GetBytes(Pretty(schemaJson) + "\n"));
        return path;
    }

    /// <summary>The path of an image's or document's bytes, written on first use.</summary>
    public string MediaOf(ReadOnlyMemory<byte> bytes, string format)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        var path = $"{MediaFolder}/{hash[..16]}.{format}";
        if (_media.Add(path))
        {
            Write(path, bytes.ToArray());
        }

        return path;
    }

    /// <summary>Writes a file of the suite (a path relative to its folder).</summary>
    public void Write(string relativePath, byte[] bytes)
    {
        var full = Path.Combine(suiteDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    /// <summary>A JSON text indented, for a person to read; the same JSON value.</summary>
    public static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
