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
            EmulateCommand.Create(env),
            LifecycleCommand.Create(env),
        };
        return root;
    }
}
