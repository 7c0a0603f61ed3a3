using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace BedrockMigrationHarness.Import.Writing;

/// <summary>
/// Writes a <see cref="YamlTree"/> through YamlDotNet's emitter, so every text is escaped by the library rather than by
/// hand. A text is a literal block (<c>|</c>) when it has several lines and a block can hold it exactly and visibly
/// (no carriage return, no control or invisible character, no trailing white space on a line); a short identifier-like
/// text (<c>anthropic.claude-3-haiku-20240307-v1:0</c>) is plain; every other text is double-quoted, with escapes. Lines
/// are never folded, so a very long line stays one line.
/// </summary>
internal static partial class YamlTreeWriter
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~",
    };

    /// <summary>Writes <paramref name="root"/> as one document, with <paramref name="header"/> lines as comments above it.</summary>
    public static void Write(TextWriter output, YamlTree root, IEnumerable<string> header)
    {
        var emitter = new Emitter(output, new EmitterSettings(2, int.MaxValue, false, 1024));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        foreach (var line in header)
        {
            emitter.Emit(new Comment(OneLine(line), false));
        }

        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
    }

    /// <summary>The file's text of <see cref="Write"/>.</summary>
    public static string ToText(YamlTree root, IEnumerable<string> header)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        Write(writer, root, header);
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, YamlTree node)
    {
        switch (node)
        {
            case YamlTree.Map map:
                emitter.Emit(new MappingStart(null, null, true, map.Flow ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var entry in map.Entries)
                {
                    if (entry.Comment is { } comment)
                    {
                        emitter.Emit(new Comment(OneLine(comment), false));
                    }

                    emitter.Emit(TextScalar(entry.Key));
                    Emit(emitter, entry.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case YamlTree.Seq seq:
                emitter.Emit(new SequenceStart(null, null, true, seq.Flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in seq.Items)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case YamlTree.Plain plain:
                emitter.Emit(new Scalar(null, null, plain.Value, ScalarStyle.Plain, true, false));
                break;
            case YamlTree.Text text:
                emitter.Emit(TextScalar(text.Value));
                break;
        }
    }

    private static Scalar TextScalar(string text) => new(null, null, text, StyleOf(text), true, true);

    /// <summary>The style that reads back as exactly <paramref name="text"/> (see the class comment).</summary>
    internal static ScalarStyle StyleOf(string text)
    {
        if (SafePlain().IsMatch(text) && !ReservedWords.Contains(text))
        {
            return ScalarStyle.Plain;
        }

        var blockSafe = text.Contains('\n', StringComparison.Ordinal)
            && !text.Any(IsInvisible)
            && !text.Split('\n').Any(line => line.Length > 0 && char.IsWhiteSpace(line[^1]));
        return blockSafe ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
    }

    /// <summary>A character a reader would not see in a literal block, or that a block cannot hold as it is.</summary>
    private static bool IsInvisible(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t') || c is '\u2028' or '\u2029' or '\uFEFF' or '\u200B' || c is '\uFFFE' or '\uFFFF';

    /// <summary>A comment is one line: line breaks and control characters become spaces.</summary>
    private static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._/+-]*(:[A-Za-z0-9._/+-]+)*$")]
    private static partial Regex SafePlain();
}
