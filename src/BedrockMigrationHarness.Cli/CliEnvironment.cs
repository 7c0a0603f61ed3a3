using Spectre.Console;

namespace BedrockMigrationHarness.Cli;

/// <summary>What a command writes to and reads the time from; tests pass their own to read what a person would see.</summary>
/// <param name="Out">Standard output (progress, tables, the verdict).</param>
/// <param name="Error">Standard error (problems with the input, why a run stopped).</param>
/// <param name="Time">The clock.</param>
/// <param name="WorkingDirectory">Where relative paths (like the default reports/ folder) start.</param>
internal sealed record CliEnvironment(IAnsiConsole Out, TextWriter Error, TimeProvider Time, string WorkingDirectory)
{
    /// <summary>Who answers a yes/no question (stop the batch jobs of an interrupted run?); null: nobody, the answer is no.</summary>
    public Output.IYesNoQuestion? Question { get; init; }

    public static CliEnvironment FromSystem()
    {
        // Both streams pass the one sanitiser: no server message or suite text can drive the terminal.
        var console = Output.TerminalText.Protect(AnsiConsole.Console);
        if (Console.IsOutputRedirected)
        {
            // Attached after the sanitiser, so that it sees the text renderables first (Spectre runs the last hook first).
            Output.RedirectedOutput.Apply(console, Environment.GetEnvironmentVariable("COLUMNS"));
        }

        var error = Output.TerminalText.Protect(Console.Error);
        return new(console, error, TimeProvider.System, Directory.GetCurrentDirectory()) { Question = new Output.TerminalQuestion(error) };
    }

    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>A path as the user would type it: relative to the working directory when under it.</summary>
    public string Display(string path)
    {
        var relative = Path.GetRelativePath(WorkingDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
