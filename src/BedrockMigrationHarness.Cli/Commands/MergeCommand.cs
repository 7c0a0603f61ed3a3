using System.CommandLine;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh merge DIR... --out DIR`: join the journals of shard jobs into one run and write every report.</summary>
internal static class MergeCommand
{
    public static Command Create(CliEnvironment env)
    {
        var shards = new Argument<string[]>("DIR") { Description = "The directories of every shard (`bmh run --shard i/n --out DIR`).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out", "-o") { HelpName = "DIR", Description = "Directory for the merged journal and reports (must not hold a run yet).", Required = true };
        var command = new Command("merge", "Join the journals of `bmh run --shard i/n` jobs into one run and write every report; no model is called. " +
                                           "Refuses shards of different suites or plans, a shard given twice or missing, overlapping attempts, and an adaptive run (never sharded). Exit codes as for `run`.");
        var requireAll = RequireAllOption.Create();
        command.Add(shards);
        command.Add(output);
        command.Add(requireAll);
        command.SetAction((parse, _) => new MergeCommandHandler(env).ExecuteAsync(parse.GetValue(shards)!, parse.GetValue(output)!, parse.GetValue(requireAll)));
        return command;
    }
}

/// <summary>
/// Reads every shard's journal, joins them (<see cref="JournalMerger"/>), writes the merged journal into the output
/// directory and builds the reports from it as `bmh report` would. Bad input (unreadable journal, shards that do
/// not belong together, an output directory that already holds a run) exits 2 with one line per problem; an output
/// directory that cannot be written exits 3 with the cause.
/// </summary>
internal sealed class MergeCommandHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(IReadOnlyList<string> shardDirectories, string outputDirectory, bool requireAll = false)
    {
        var problems = new List<string>();
        var shards = new List<ShardJournal>();
        foreach (var given in shardDirectories)
        {
            try
            {
                var journal = JournalReader.Read(Path.Combine(env.Resolve(given), JournalWriter.FileName));
                shards.Add(new ShardJournal(given, journal));
            }
            catch (JournalFormatException ex)
            {
                problems.Add(ex.Message);
            }
        }

        var directory = env.Resolve(outputDirectory);
        var journalPath = Path.Combine(directory, JournalWriter.FileName);
        if (File.Exists(journalPath))
        {
            problems.Add($"{env.Display(directory)} already holds a run; choose another --out.");
        }

        MergedJournal? merged = null;
        if (problems.Count == 0)
        {
            try
            {
                merged = JournalMerger.Merge(shards);
            }
            catch (JournalMergeException ex)
            {
                problems.AddRange(ex.Problems);
            }
        }

        if (merged is null)
        {
            foreach (var problem in problems)
            {
                await env.Error.WriteLineAsync(problem);
            }

            return ExitCodes.BadInput;
        }

        foreach (var warning in shards.SelectMany(s => s.Journal.Warnings))
        {
            await env.Error.WriteLineAsync(warning);
        }

        try
        {
            Directory.CreateDirectory(directory);
            var writer = JournalWriter.Create(journalPath, merged.Header, env.Time);
            foreach (var record in merged.Records)
            {
                writer.Append(record);
            }

            await writer.CompleteAsync(merged.End);
        }
        catch (Exception ex) when (ex is AttemptSinkException or IOException or UnauthorizedAccessException)
        {
            await env.Error.WriteLineAsync($"{env.Display(journalPath)}: the merged journal could not be written: {ex.Message}");
            return ExitCodes.CouldNotComplete;
        }
        env.Out.MarkupLineInterpolated(
            $"Merged {shards.Count} shards of [bold]{merged.Header.Suite.Name}[/]: {merged.Records.Length} journal lines into {env.Display(journalPath)}");
        if (merged.End.Message is not null)
        {
            await env.Error.WriteLineAsync(merged.End.Message);
        }

        var exit = await new ReportPipeline(env).WriteAsync(directory, requireAll);
        return merged.End.Status == RunStatus.Completed ? exit : ExitCodes.CouldNotComplete;
    }
}
