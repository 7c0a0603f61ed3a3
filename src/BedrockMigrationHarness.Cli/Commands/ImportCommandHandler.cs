using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Import;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// `bmh import`: a thin adapter over <see cref="ImportPipeline"/>. Maps the flags to options, shows progress, prints the
/// summary, and maps outcomes to exit codes: bad options, unreadable sources, an output folder that is not empty, no
/// call kept and several models without --model exit 2; a suite written exits 0; an unexpected error exits 3 (the
/// trace in a crash file). Cancellation passes through (the command line reports an interrupted command, exit 3).
/// </summary>
internal sealed class ImportCommandHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var output = env.Resolve(request.Output);
        ImportOutcome outcome;
        try
        {
            var plan = ImportPlanBuilder.Build(new ImportOptions(
                request.Sources, output, request.Model, request.Operation, request.Since, request.Until, request.Sample,
                request.Stratify, request.Seed, request.Redact, request.ExcludeMetadata, request.IncludeHarnessCalls,
                request.Candidate, request.Name, request.Region));
            var reader = new InvocationLogReader(null);
            outcome = await ImportProgressDisplay.RunAsync(env, progress => new ImportPipeline(env.Time).RunAsync(plan, reader, progress, cancellationToken));
        }
        catch (Exception ex) when (ex is ImportSetupException or ImportSourceException)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await CrashReport.WriteAsync(env, null, ex);
        }

        foreach (var line in outcome.Summary)
        {
            env.Out.WriteLine(line);
        }

        if (outcome.Status != ImportStatus.SeveralModels)
        {
            env.Out.WriteLine(outcome.Status == ImportStatus.Written
                ? $"Suite: {env.Display(Path.Combine(output, "suite.yaml"))}; report: {env.Display(Path.Combine(output, ImportPipeline.ReportMarkdownFile))}"
                : $"Report: {env.Display(Path.Combine(output, ImportPipeline.ReportMarkdownFile))}");
        }

        if (outcome.Problem is { } problem)
        {
            await env.Error.WriteLineAsync(problem);
        }

        return outcome.Status == ImportStatus.Written ? ExitCodes.Go : ExitCodes.BadInput;
    }
}
