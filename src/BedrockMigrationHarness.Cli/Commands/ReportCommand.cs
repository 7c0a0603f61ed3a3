using System.CommandLine;
using BedrockMigrationHarness.Cli.Output;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh report DIR`: rebuild every report from the journal in DIR, calling no model.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var directory = new Argument<string>("DIR") { Description = "A run directory (it holds results.jsonl)." };
        var requireAll = RequireAllOption.Create();
        var command = new Command("report", "Rebuild every report of a run from its journal alone; no model is called. Exit codes as for `run`.")
        {
            directory, requireAll,
        };
        command.SetAction(async (parse, _) =>
        {
            var path = env.Resolve(parse.GetValue(directory)!);
            try
            {
                return await new ReportPipeline(env).WriteAsync(path, parse.GetValue(requireAll));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The trace goes into the run directory, beside the journal it was reading.
                return await CrashReport.WriteAsync(env, path, ex);
            }
        });
        return command;
    }
}
