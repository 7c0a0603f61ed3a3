using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace BedrockMigrationHarness.Inputs;

/// <summary>A kind of input file: how problems name it and the most bytes it may hold.</summary>
/// <param name="Noun">How a problem names the file, e.g. "schema".</param>
/// <param name="MaxBytes">The size limit; a larger file is refused before it is read.</param>
public sealed record InputFileKind(string Noun, long MaxBytes)
{
    private const long MiB = 1024 * 1024;

    public static readonly InputFileKind Suite = new("suite file", 16 * MiB);

    /// <summary>One case of a <c>folder:</c> of case files: as large as a suite file may be.</summary>
    public static readonly InputFileKind CaseFile = new("case file", 16 * MiB);
    public static readonly InputFileKind Schema = new("schema", 4 * MiB);
    public static readonly InputFileKind Table = new("table", 64 * MiB);
    public static readonly InputFileKind BodyTemplate = new("body template", 1 * MiB);
    public static readonly InputFileKind PriceFile = new("price file", 4 * MiB);
    public static readonly InputFileKind EmulatorProfile = new("emulator profile", 4 * MiB);

    /// <summary>A judge's rubric (<c>rubric_file:</c>): instructions to a model, sent with every judge call.</summary>
    public static readonly InputFileKind Rubric = new("rubric file", 1 * MiB);

    /// <summary>An image sent as a content block: Bedrock takes at most 3.75 MB per image.</summary>
    public static readonly InputFileKind Image = new("image", 3 * MiB + 3 * MiB / 4);

    /// <summary>A document sent as a content block: Bedrock takes at most 4.5 MB per document.</summary>
    public static readonly InputFileKind Document = new("document", 4 * MiB + MiB / 2);

    public string Limit => string.Create(CultureInfo.InvariantCulture, $"{(double)MaxBytes / MiB:0.##} MiB");
}

/// <summary>
/// Opens every file a suite brings in (the suite, its schemas, tables, body template, the price file), and the
/// emulator's profile, the same way:
/// a regular file only (a folder, a device such as <c>/dev/zero</c>, a FIFO or a socket is refused before it is
/// opened), at most <see cref="InputFileKind.MaxBytes"/> bytes, strict UTF-8 (a UTF-8 byte-order mark is allowed;
/// an invalid byte is a problem naming its line, never a silent U+FFFD). Binary files (images, documents) are read the
/// same way without the decoding (<see cref="ReadBytes"/>).
/// </summary>
public static class InputFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's text, or null after reporting why not: problems with the file as a whole at
    /// <paramref name="referencedAt"/> (the line naming it) or, when that is null, on the file; a byte that is not
    /// UTF-8 on the file at its line.
    /// </summary>
    /// <param name="writtenAs">The path as the user wrote it, to quote in problems.</param>
    public static string? Read(string fullPath, string writtenAs, InputFileKind kind, SuiteProblem? referencedAt, ProblemCollector problems) =>
        ReadBytes(fullPath, writtenAs, kind, referencedAt, problems) is { } bytes
            ? Decode(bytes, DisplayPath.For(fullPath), kind, problems)
            : null;

    /// <summary>The file's bytes, or null after reporting why not (as <see cref="Read"/> does, without decoding).</summary>
    public static byte[]? ReadBytes(string fullPath, string writtenAs, InputFileKind kind, SuiteProblem? referencedAt, ProblemCollector problems)
    {
        var display = DisplayPath.For(fullPath);
        void Report(string message)
        {
            problems.Add(referencedAt is null ? new SuiteProblem(display, null, null, message) : referencedAt with { Message = message });
        }

        var type = FileType.Of(fullPath);
        if (type.Kind == FileKind.Missing)
        {
            Report($"the {kind.Noun} `{writtenAs}` was not found (looked for {display}); paths are relative to the suite file's folder");
            return null;
        }

        if (type.Kind != FileKind.Regular)
        {
            Report($"the {kind.Noun} `{writtenAs}` is {type.Description} ({display}), not a regular file; name a plain file");
            return null;
        }

        if (type.Size > kind.MaxBytes)
        {
            Report(TooLarge(kind, writtenAs, display));
            return null;
        }

        try
        {
            if (ReadAtMost(fullPath, kind.MaxBytes) is not { } read)
            {
                Report(TooLarge(kind, writtenAs, display));
                return null;
            }

            return read;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report($"the {kind.Noun} `{writtenAs}` could not be read: {e.Message}");
            return null;
        }
    }

    private static string TooLarge(InputFileKind kind, string writtenAs, string display) =>
        $"the {kind.Noun} `{writtenAs}` ({display}) is larger than {kind.Limit}, the most a {kind.Noun} may hold; split it or make it smaller";

    /// <summary>The file's bytes, or null when it holds more than <paramref name="maxBytes"/> (it may have grown since it was looked at).</summary>
    private static byte[]? ReadAtMost(string fullPath, long maxBytes)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        using var content = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > maxBytes)
            {
                return null;
            }
        }

        return content.ToArray();
    }

    /// <summary>Strict UTF-8 without the byte-order mark, or null after reporting the line of the first invalid byte.</summary>
    private static string? Decode(byte[] bytes, string display, InputFileKind kind, ProblemCollector problems)
    {
        var text = bytes.AsSpan();
        if (text.StartsWith(Encoding.UTF8.Preamble))
        {
            text = text[Encoding.UTF8.Preamble.Length..];
        }

        if (Utf8.IsValid(text))
        {
            return StrictUtf8.GetString(text);
        }

        _ = Utf8.ToUtf16(text, new char[text.Length], out var valid, out _, replaceInvalidSequences: false);
        var before = text[..valid];
        var line = before.Count((byte)'\n') + 1;
        var column = valid - (before.LastIndexOf((byte)'\n') + 1) + 1;
        problems.Add(display, line, null, string.Create(CultureInfo.InvariantCulture,
            $"the {kind.Noun} is not valid UTF-8: byte 0x{text[valid]:X2} at byte {column} of this line; save the file as UTF-8"));
        return null;
    }

    /// <summary>
    /// Null when <paramref name="fullPath"/> is a regular file (symbolic links followed); otherwise what it is
    /// ("a named pipe (FIFO)", "a character device", "a folder", "missing"), found without opening it.
    /// </summary>
    public static string? NotARegularFile(string fullPath)
    {
        var type = FileType.Of(fullPath);
        return type.Kind == FileKind.Regular ? null : type.Description;
    }

    private enum FileKind
    {
        Missing,
        Regular,
        Other,
    }

    /// <summary>What a path is, looked up without opening it (opening a FIFO waits for a writer), following symbolic links.</summary>
    private readonly record struct FileType(FileKind Kind, string Description, long Size)
    {
        private const int AtCurrentDirectory = -100;
        private const uint WantTypeAndSize = 0x0001 | 0x0200; // STATX_TYPE | STATX_SIZE

        public static FileType Of(string fullPath)
        {
            if (Directory.Exists(fullPath))
            {
                return new FileType(FileKind.Other, "a folder", 0);
            }

            if (!File.Exists(fullPath))
            {
                return new FileType(FileKind.Missing, "missing", 0);
            }

            return OperatingSystem.IsLinux() && Linux(fullPath) is { } type ? type : new FileType(FileKind.Regular, "a file", 0);
        }

        /// <summary>statx(2): its buffer has one layout on every Linux architecture. Null when the call is not available.</summary>
        private static FileType? Linux(string fullPath)
        {
            var buffer = new byte[256];
            try
            {
                if (Statx(AtCurrentDirectory, fullPath, 0, WantTypeAndSize, buffer) != 0)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }

            var mode = MemoryMarshal.Read<ushort>(buffer.AsSpan(28)) & 0xF000;
            var size = (long)Math.Min(MemoryMarshal.Read<ulong>(buffer.AsSpan(40)), long.MaxValue);
            return mode switch
            {
                0x8000 => new FileType(FileKind.Regular, "a file", size),
                0x2000 => new FileType(FileKind.Other, "a character device", 0),
                0x6000 => new FileType(FileKind.Other, "a block device", 0),
                0x1000 => new FileType(FileKind.Other, "a named pipe (FIFO)", 0),
                0xC000 => new FileType(FileKind.Other, "a socket", 0),
                0x4000 => new FileType(FileKind.Other, "a folder", 0),
                _ => new FileType(FileKind.Other, "a special file", 0),
            };
        }

        [DllImport("libc", EntryPoint = "statx")]
        private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
