using System.Text;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>A <see cref="TextWriter"/> onto an <see cref="IAnsiConsole"/>, so components that log lines write where the command writes.</summary>
internal sealed class AnsiConsoleWriter(IAnsiConsole console) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\n')
        {
            console.WriteLine(_line.ToString().TrimEnd('\r'));
            _line.Clear();
        }
        else
        {
            _line.Append(value);
        }
    }

    /// <summary>Thread-safe, for loggers called from many requests at once.</summary>
    public static TextWriter Synchronized(IAnsiConsole console) => TextWriter.Synchronized(new AnsiConsoleWriter(console));
}
