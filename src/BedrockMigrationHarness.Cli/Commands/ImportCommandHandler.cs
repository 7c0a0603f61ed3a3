using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.Storage;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Pipeline;
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
            // Local sources are relative to the working directory (as --out is); s3:// ones are kept as they are.
            var sources = request.Sources.Select(s => s.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) ? s : env.Resolve(s)).ToList();
            var plan = ImportPlanBuilder.Build(new ImportOptions(
                sources, output, request.Model, request.Operation, request.Since, request.Until, request.Sample,
                request.Stratify, request.Seed, request.Redact, request.ExcludeMetadata, request.IncludeHarnessCalls,
                request.Candidate, request.Name, request.Region, request.InferSchemas));
            using var store = await S3StoreAsync(request, plan, cancellationToken);
            var reader = new InvocationLogReader(store);
            outcome = await ImportProgressDisplay.RunAsync(env, progress => new ImportPipeline(env.Time).RunAsync(plan, reader, progress, cancellationToken));
        }
        catch (Exception ex) when (ex is ImportSetupException or ImportSourceException)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is ObjectStoreException or NoCredentialsException)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.CouldNotComplete;
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

    /// <summary>
    /// The S3 reader when a source is <c>s3://</c>, built the way `bmh run` builds its Bedrock client: the region of
    /// --region or the default chain, the default credential chain (dummy keys for an explicit endpoint such as
    /// `bmh emulate`, said on stderr), and --endpoint; null when every source is local.
    /// </summary>
    private async Task<S3LogObjectStore?> S3StoreAsync(ImportRequest request, ImportPlan plan, CancellationToken cancellationToken)
    {
        if (!plan.Sources.Any(s => s.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var credentials = await CredentialChoice.ResolveAsync(request.Endpoint, cancellationToken);
        if (credentials.Source is null)
        {
            throw new NoCredentialsException($"bmh import: no AWS credentials to read S3 with. {credentials.Error}");
        }

        if (credentials.Note is { } note)
        {
            await env.Error.WriteLineAsync(note);
        }

        return S3LogObjectStore.Create(RegionResolver.Resolve(request.Region), request.Endpoint, credentials.Source);
    }

    /// <summary>S3 sources and no credentials: the import cannot run (exit 3, like a run without credentials).</summary>
    private sealed class NoCredentialsException(string message) : Exception(message);
}
