using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Tests.Bedrock.Support;
using BedrockMigrationHarness.Tests.Support;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli.Output;

/// <summary>No text from a server or a suite can drive the terminal: the one sanitiser at the output boundary.</summary>
[TestFixture]
public sealed class TerminalTextTests
{
    // CSI (recolour, clear screen), OSC (window title, hyperlink) ended by BEL, the one-character C1 CSI, a bidi override, CR, DEL.
    private const string Hostile = "a\u001b[31mred\u001b[2J\u001b]0;pwned\u0007\u001b]8;;http://x\u001b\\link\u009b2Jz\u202Eb\rc\u007F\td\ne";

    [Test]
    public void Clean_ControlSequences_StripsTheControlCharactersAndKeepsTabAndNewline()
    {
        Assert.That(TerminalText.Clean(Hostile), Is.EqualTo("a[31mred[2J]0;pwned]8;;http://x\\link2Jzbc\td\ne"));
    }

    [Test]
    public void Clean_PlainText_IsReturnedAsIs()
    {
        const string plain = "Réponse: 42 – ok\t✓\n";

        Assert.That(TerminalText.Clean(plain), Is.SameAs(plain));
    }

    [Test]
    public void Protect_Console_NoControlCharacterReachesTheTerminalFromTextOrTables()
    {
        using var output = new StringWriter();
        var console = TerminalText.Protect(AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        }));
        var table = new Table().AddColumn("case").AddRow(new Text(Hostile));

        console.WriteLine(Hostile);
        console.Write(table);
        console.MarkupLine($"[red]{Markup.Escape(Hostile)}[/]");

        var printed = output.ToString();
        Assert.Multiple(() =>
        {
            Assert.That(printed, Does.Contain("]0;pwned"), "what is left of the sequence stays visible");
            Assert.That(System.Text.RegularExpressions.Regex.Replace(printed, "\u001b\\[[0-9;]*m", ""), Has.None.Matches<char>(TerminalText.IsUnsafe),
                "only the console's own colour codes (SGR) remain");
        });
    }

    [Test]
    public void Protect_Writer_DropsControlsAndKeepsLineEnds()
    {
        using var inner = new StringWriter();
        var writer = TerminalText.Protect(inner);

        writer.WriteLine(Hostile);
        writer.Write('\u001b');
        writer.Write("x\u0007");

        Assert.That(inner.ToString(), Is.EqualTo(TerminalText.Clean(Hostile) + inner.NewLine + "x"));
    }

    [Test]
    public async Task Lifecycle_ServerErrorMessageWithEscapeSequences_PrintsItDefused()
    {
        await using var server = new RawHttpServer(CannedResponse.Json(
            400, """{"message":"\u001b]0;pwned\u0007\u001b[2JBad model \u001b[31mid"}""", ("x-amzn-ErrorType", "ValidationException")));
        using var directory = new TempDirectory();
        var cli = new CliHarness(directory.Path);

        var code = await cli.RunAsync("lifecycle", "acme.model-v1:0", "--endpoint", server.BaseUri.ToString(), "--region", "us-east-1");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That(cli.Error + cli.Out, Does.Contain("]0;pwned[2JBad model [31mid"));
            // Char by char: a culture-aware Does.Contain ignores control characters and would find "\u001b" anywhere.
            Assert.That(cli.Error + cli.Out, Has.None.Matches<char>(TerminalText.IsUnsafe));
        });
    }
}
