using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>
/// Standard output that is not a terminal (a CI log, cron mail, a file): tables fit <c>COLUMNS</c> (132 when it is
/// unset or not a width), and lines of text are never broken, so a model id, a file path or a printed <c>aws …</c>
/// command stays whole on its line for the reader to copy (a log viewer wraps long lines for display without
/// changing them).
/// </summary>
internal static class RedirectedOutput
{
    /// <summary>The width when <c>COLUMNS</c> gives none: the gates table fits it.</summary>
    public const int DefaultWidth = 132;

    /// <summary>Wider than any line the harness prints, narrower than anything that would overflow a layout sum.</summary>
    private const int UnbrokenWidth = 1_000_000;

    /// <summary>The width <c>COLUMNS</c> asks for (a whole number from 20 to 10,000), else <see cref="DefaultWidth"/>.</summary>
    public static int Width(string? columns) =>
        int.TryParse(columns, NumberStyles.None, CultureInfo.InvariantCulture, out var width) && width is >= 20 and <= 10_000
            ? width
            : DefaultWidth;

    /// <summary>Lays <paramref name="console"/> out for a reader that is not a terminal (see the type's summary).</summary>
    public static IAnsiConsole Apply(IAnsiConsole console, string? columns)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Profile.Width = Width(columns);
        console.Pipeline.Attach(new UnbrokenLinesHook());
        return console;
    }

    private sealed class UnbrokenLinesHook : IRenderHook
    {
        public IEnumerable<IRenderable> Process(RenderOptions options, IEnumerable<IRenderable> renderables) =>
            renderables.Select(r => r is Markup or Text or Paragraph ? new Unbroken(r) : r);
    }

    private sealed class Unbroken(IRenderable inner) : IRenderable
    {
        public Measurement Measure(RenderOptions options, int maxWidth) => inner.Measure(options, UnbrokenWidth);

        public IEnumerable<Segment> Render(RenderOptions options, int maxWidth) => inner.Render(options, UnbrokenWidth);
    }
}
