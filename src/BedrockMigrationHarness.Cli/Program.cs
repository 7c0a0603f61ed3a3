using System.CommandLine;
using BedrockMigrationHarness.Cli;

// Ctrl+C cancels the command, which may then take its time: an interrupted batch run asks whether to stop its jobs.
// System.CommandLine's own handling would end the process 2 s after Ctrl+C, too soon for an answer, so it is off and
// this handler cancels instead; a second Ctrl+C ends the process at once.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    try
    {
        e.Cancel = !interrupt.IsCancellationRequested;
        interrupt.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // The command has returned and the process is ending: let Ctrl+C end it.
        e.Cancel = false;
    }
};
return await BmhCommandLine.InvokeAsync(CliEnvironment.FromSystem(), args, new InvocationConfiguration { ProcessTerminationTimeout = null }, interrupt.Token);
