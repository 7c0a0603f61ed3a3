using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import;

/// <summary>Image and document blocks: their formats, and inline bytes (base64) turned into parts.</summary>
internal static class MediaBlocks
{
    /// <summary>Shown as the part's path when the bytes were inline in the logged body.</summary>
    public const string InlinePath = "inline";

    public static readonly ImmutableArray<string> ImageFormats = ["png", "jpeg", "gif", "webp"];

    public static readonly ImmutableArray<string> DocumentFormats = ["pdf", "csv", "doc", "docx", "xls", "xlsx", "html", "txt", "md"];

    public static byte[] DecodeBase64(string data, string path)
    {
        try
        {
            return Convert.FromBase64String(data);
        }
        catch (FormatException)
        {
            throw RecordRejectedException.Malformed($"{path} is not valid base64");
        }
    }

    public static ContentPart Part(MediaKind kind, string format, string? name, string path, ReadOnlyMemory<byte> bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        return kind == MediaKind.Image
            ? new ImagePart(format, path, sha, bytes)
            : new DocumentPart(format, name ?? "document", path, sha, bytes);
    }

    public static string CheckFormat(MediaKind kind, string format, string path)
    {
        var known = kind == MediaKind.Image ? ImageFormats : DocumentFormats;
        return known.Contains(format)
            ? format
            : throw RecordRejectedException.Unreplayable($"{path} has format `{format}`; the harness sends {string.Join(", ", known)}");
    }

    /// <summary>The Converse shape of a media source: <c>bytes</c> (base64), <c>s3Location.uri</c> or, as logs hold it, <c>s3Uri</c>.</summary>
    public static ContentPart FromConverseSource(MediaKind kind, string format, string? name, JsonElement source, string path)
    {
        if (JsonFields.OptionalString(source, "bytes", path) is { } base64)
        {
            return Part(kind, format, name, InlinePath, DecodeBase64(base64, JsonFields.Join(path, "bytes")));
        }

        var uri = JsonFields.OptionalString(source, "s3Uri", path)
            ?? (JsonFields.OptionalObject(source, "s3Location", path) is { } location
                ? JsonFields.RequiredString(location, "uri", JsonFields.Join(path, "s3Location"))
                : null);
        return uri is not null
            ? new PendingMediaPart(kind, format, name, uri, path)
            : throw RecordRejectedException.Unreplayable($"{path} holds neither bytes nor an S3 location (found {string.Join(", ", source.EnumerateObject().Select(p => p.Name))})");
    }
}
