using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// The one sanitiser between untrusted text (a server's error message, a model's answer, a suite's case id) and the
/// terminal. It removes the characters a terminal acts on instead of showing: C0 controls but tab and line feed (ESC
/// starts CSI <c>ESC[</c> and OSC <c>ESC]</c> sequences that recolour, move the cursor, retitle the window or plant
/// hyperlinks), DEL, C1 controls (U+0080–U+009F, where U+009B is a one-character CSI), and the bidirectional overrides
/// that make text read in another order than it is stored. What is left of a sequence (<c>[31m</c>) stays visible, so
/// the attempt shows. Applied at the output boundary: <see cref="Protect(IAnsiConsole)"/> on standard output (after
/// Spectre.Console lays text out, before it adds its own styling codes) and <see cref="Protect(TextWriter)"/> on
/// standard error, so no command has to remember it.
/// </summary>
internal static class TerminalText
{
    private static readonly System.Buffers.SearchValues<char> UnsafeChars = System.Buffers.SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not '\t' and not '\n').Select(c => (char)c))
        + "\u007F"
        + string.Concat(Enumerable.Range(0x80, 0x20).Select(c => (char)c))
        + "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary><paramref name="text"/> without the characters a terminal would act on; the same instance when it has none.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(UnsafeChars);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!IsUnsafe(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A character the terminal would act on rather than show.</summary>
    public static bool IsUnsafe(char c) => UnsafeChars.Contains(c);

    /// <summary>Cleans every text segment <paramref name="console"/> renders; its own control codes (live progress) pass.</summary>
    public static IAnsiConsole Protect(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Pipeline.Attach(new CleaningHook());
        return console;
    }

    /// <summary>A writer onto <paramref name="writer"/> that drops the characters <see cref="Clean"/> removes (line ends pass).</summary>
    public static TextWriter Protect(TextWriter writer) => new CleaningWriter(writer);

    private sealed class CleaningHook : IRenderHook
    {
        public IEnumerable<IRenderable> Process(RenderOptions options, IEnumerable<IRenderable> renderables) =>
            renderables.Select(r => (IRenderable)new CleanedRenderable(r));
    }

    private sealed class CleanedRenderable(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, maxWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) =>
            inner.Render(options, maxWidth).Select(s => s.IsControlCode || s.IsLineBreak ? s : new Segment(Clean(s.Text), s.Style));
    }

    private sealed class CleaningWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => inner.NewLine;
            set => inner.NewLine = value;
        }

        public override void Write(char value)
        {
            if (!IsUnsafe(value) || CoreNewLine.Contains(value))
            {
                inner.Write(value);
            }
        }

        public override void Write(string? value)
        {
            if (value is not null)
            {
                inner.Write(Clean(value));
            }
        }

        public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : Clean(value));

        public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : Clean(value));

        public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : Clean(value));

        public override void Flush() => inner.Flush();

        public override Task FlushAsync() => inner.FlushAsync();
    }
}
