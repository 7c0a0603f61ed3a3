using BedrockMigrationHarness.Cli.Output;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Cli.Output;

[TestFixture]
public sealed class RedirectedOutputTests
{
    [TestCase("80", 80)]
    [TestCase("200", 200)]
    [TestCase(null, 132)]
    [TestCase("", 132)]
    [TestCase("wide", 132)]
    [TestCase("-80", 132)]
    [TestCase("0", 132)]
    [TestCase("99999999999", 132)]
    public void Width_ColumnsVariable_IsItsWidthOrTheDefault(string? columns, int expected) =>
        Assert.That(RedirectedOutput.Width(columns), Is.EqualTo(expected));

    [Test]
    public void Apply_Columns_TablesFitIt()
    {
        using var output = new StringWriter();
        var console = RedirectedOutput.Apply(PlainConsole(output), "60");
        var table = new Table().AddColumn("a").AddColumn("b");
        table.AddRow(new string('x', 50), new string('y', 50));

        console.Write(table);

        Assert.That(output.ToString().Split('\n').Max(static l => l.Length), Is.EqualTo(60));
    }

    [Test]
    public void Apply_LongLinesWithIdsPathsAndCommands_AreNeverBroken()
    {
        using var output = new StringWriter();
        // In the order the CLI attaches them: the sanitiser first.
        var console = RedirectedOutput.Apply(TerminalText.Protect(PlainConsole(output)), "40");
        const string command = "  aws bedrock-runtime converse --endpoint-url http://127.0.0.1:5000/ --region us-east-1 --model-id MODEL";
        const string header = "support-tickets: anthropic.claude-3-5-sonnet-20241022-v2:0 → us.anthropic.claude-sonnet-4-5-20250929-v1:0";

        console.WriteLine(command);
        console.MarkupLineInterpolated($"[bold]{header}[/]");
        console.MarkupLineInterpolated($"Report: [link]{"reports/support-tickets-20261202T100000Z/report.html"}[/]");

        Assert.That(output.ToString(), Is.EqualTo(command + "\n" + header + "\nReport: reports/support-tickets-20261202T100000Z/report.html\n"));
    }

    private static IAnsiConsole PlainConsole(StringWriter output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(output),
    });
}
