using System.CommandLine;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Commands;

namespace BedrockMigrationHarness.Cli;

/// <summary>The `bmh` command tree. Each command's handler is its own type; this only wires them.</summary>
internal static class BmhCommandLine
{
    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand(
            "bmh — Bedrock migration harness. Sends every prompt of a suite N times to a baseline and a candidate " +
            "model, checks and measures the answers, and writes a report with a GO / GO WITH WARNINGS / INCONCLUSIVE / NO-GO verdict.\n\n" +
            ExitCodes.HelpText)
        {
            RunCommand.Create(env),
            ReportCommand.Create(env),
            MergeCommand.Create(env),
            EmulateCommand.Create(env),
            LifecycleCommand.Create(env),
            ImportCommand.Create(env),
            PricesCommand.Create(env),
        };
        OptionalValueHelpAction.InstallOn(root);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A command line that does not parse (an unknown option, `--samples abc`) is bad
    /// input: System.CommandLine prints the problem and the help, and this returns 2, not its default 1 (which means NO-GO here).
    /// An exception no handler expected is not System.CommandLine's to print (a stack trace, exit 1): it becomes one line
    /// and exit 3 (<see cref="CrashReport"/>); a cancellation that escapes a command is an interrupted run, exit 3.
    /// </summary>
    public static async Task<int> InvokeAsync(CliEnvironment env, string[] args, InvocationConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var parse = Build(env).Parse(args);
        configuration ??= new InvocationConfiguration();
        configuration.EnableDefaultExceptionHandler = false;
        int code;
        try
        {
            code = await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("Interrupted before the run finished (exit 3).");
            return ExitCodes.CouldNotComplete;
        }
        catch (Exception ex)
        {
            return await CrashReport.WriteAsync(env, null, ex);
        }

        return parse.Errors.Count > 0 ? ExitCodes.BadInput : code;
    }
}
