using BedrockMigrationHarness.Cli;
using Spectre.Console;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Runs `bmh` in-process, as a person would from a terminal with redirected output, and keeps what it printed.</summary>
internal sealed class CliHarness(string workingDirectory, TimeProvider? time = null)
{
    public string Out { get; private set; } = "";

    public string Error { get; private set; } = "";

    /// <summary>Who answers the command's yes/no questions; null (the default): nobody, as with redirected input.</summary>
    public BedrockMigrationHarness.Cli.Output.IYesNoQuestion? Question { get; init; }

    public async Task<int> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public async Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        // The same output boundary as CliEnvironment.FromSystem: what is read here is what a terminal would get.
        var env = new CliEnvironment(
            BedrockMigrationHarness.Cli.Output.TerminalText.Protect(console),
            BedrockMigrationHarness.Cli.Output.TerminalText.Protect(error),
            time ?? TimeProvider.System,
            workingDirectory)
        {
            Question = Question,
        };
        var code = await BmhCommandLine.InvokeAsync(env, args, new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancellationToken);
        Out = output.ToString();
        Error = error.ToString();
        return code;
    }
}
