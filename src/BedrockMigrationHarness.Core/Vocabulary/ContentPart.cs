namespace BedrockMigrationHarness.Vocabulary;

/// <summary>
/// One content block of a turn, as Converse defines them (<c>ContentBlock</c>). Binary parts carry their bytes for
/// sending, and the path and SHA-256 that the journal keeps instead of the bytes.
/// </summary>
public abstract record ContentPart;

/// <summary>A <c>text</c> block.</summary>
public sealed record TextPart(string Text) : ContentPart;

/// <summary>An <c>image</c> block sent as bytes.</summary>
/// <param name="Format">png, jpeg, gif or webp.</param>
/// <param name="Path">The file as written in the suite (display only).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Bytes"/>.</param>
/// <param name="Bytes">The file's bytes; empty when rebuilt from a journal (reports never need them).</param>
public sealed record ImagePart(string Format, string Path, string Sha256, ReadOnlyMemory<byte> Bytes) : ContentPart
{
    /// <summary>Equal by content hash: the bytes are not compared (a part rebuilt from a journal has none).</summary>
    public bool Equals(ImagePart? other) => other is not null && EqualityKey == other.EqualityKey;

    public override int GetHashCode() => EqualityKey.GetHashCode();

    private string EqualityKey => string.Join('\n', Format, Path, Sha256);
}

/// <summary>A <c>document</c> block sent as bytes.</summary>
/// <param name="Format">pdf, csv, doc, docx, xls, xlsx, html, txt or md.</param>
/// <param name="Name">The document's name as Bedrock requires it (letters, digits, single spaces, hyphens, parentheses, brackets).</param>
/// <param name="Path">The file as written in the suite (display only).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Bytes"/>.</param>
/// <param name="Bytes">The file's bytes; empty when rebuilt from a journal.</param>
public sealed record DocumentPart(string Format, string Name, string Path, string Sha256, ReadOnlyMemory<byte> Bytes) : ContentPart
{
    /// <summary>Equal by content hash: the bytes are not compared (a part rebuilt from a journal has none).</summary>
    public bool Equals(DocumentPart? other) => other is not null && EqualityKey == other.EqualityKey;

    public override int GetHashCode() => EqualityKey.GetHashCode();

    private string EqualityKey => string.Join('\n', Format, Name, Path, Sha256);
}

/// <summary>A <c>toolUse</c> block of an assistant turn: a tool call the conversation already made (scripted history).</summary>
/// <param name="InputJson">The call's arguments, a JSON object.</param>
public sealed record ToolUsePart(string ToolUseId, string Name, string InputJson) : ContentPart;

/// <summary>A <c>toolResult</c> block of a user turn: the scripted answer to a tool call.</summary>
/// <param name="Content">The result as a JSON value when <paramref name="IsJson"/>, else text.</param>
public sealed record ToolResultPart(string ToolUseId, string Content, bool IsJson, bool IsError) : ContentPart;

/// <summary>A <c>cachePoint</c> block: the prompt up to here may be cached.</summary>
public sealed record CachePointPart : ContentPart;
