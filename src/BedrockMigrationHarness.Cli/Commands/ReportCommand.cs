using System.CommandLine;
using BedrockMigrationHarness.Cli.Output;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh report DIR`: rebuild every report from the journal in DIR, calling no model.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var directory = new Argument<string>("DIR") { Description = "A run directory (it holds results.jsonl)." };
        var command = new Command("report", "Rebuild every report of a run from its journal alone; no model is called. Exit codes as for `run`.")
        {
            directory,
        };
        command.SetAction((parse, _) => new ReportPipeline(env).WriteAsync(env.Resolve(parse.GetValue(directory)!)));
        return command;
    }
}
