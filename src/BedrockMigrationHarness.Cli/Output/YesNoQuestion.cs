namespace BedrockMigrationHarness.Cli.Output;

/// <summary>A yes/no question put to the person at the terminal; tests pass their own answers.</summary>
internal interface IYesNoQuestion
{
    /// <summary>True only for an explicit yes; no, an empty line, end of input or <paramref name="timeout"/> passing are no.</summary>
    Task<bool> AskAsync(string question, TimeSpan timeout);
}

/// <summary>
/// Asks on the terminal, and only there: with standard input or output redirected (CI, cron, a pipe) nobody can answer, so
/// the answer is no without asking.
/// </summary>
internal sealed class TerminalQuestion(TextWriter prompt) : IYesNoQuestion
{
    public async Task<bool> AskAsync(string question, TimeSpan timeout)
    {
        if (Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            return false;
        }

        await prompt.WriteAsync($"{question} [y/N] ");
        await prompt.FlushAsync();
        var line = Task.Run(Console.ReadLine);
        if (await Task.WhenAny(line, Task.Delay(timeout)) != line)
        {
            await prompt.WriteLineAsync();
            return false;
        }

        return (await line)?.Trim() is "y" or "Y" or "yes" or "Yes" or "YES";
    }
}
