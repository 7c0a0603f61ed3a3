using BedrockMigrationHarness.Batch;
using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Run;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// `bmh run`: a thin adapter over <see cref="MigrationRun"/>. Maps the flags to options, prints, and maps outcomes
/// and exceptions to exit codes: bad input (and an estimate above --max-cost, or a directory held by another process)
/// exits 2 before any call; a stopped or aborted run, or a journal that cannot be written, exits 3 after writing the
/// (partial) report from what the journal holds.
/// </summary>
internal sealed class RunCommandHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var options = new MigrationRunOptions(
            env.Resolve(request.SuitePath), env.WorkingDirectory,
            request.OutputDirectory is { } output ? env.Resolve(output) : null,
            request.ResumeDirectory is { } resume ? env.Resolve(resume) : null,
            request.Samples, request.Concurrency, request.Region, request.RetryErrors, request.Shard, request.DryRun, request.MaxCost,
            request.UseEmulator, request.Endpoint, request.UntilDecided, request.MaxSamples, request.Batch, request.RoleArn);
        MigrationRun? run = null;
        RunOutcome outcome;
        try
        {
            run = new MigrationRunBuilder(env.Time).Build(options);
            await WarnOfUnpinnedModelsAsync(run.Suite);
            if (request.DryRun)
            {
                CostEstimateText.Write(env.Out, run.Estimate(), run.Pricing);
                if (run.Suite.Adaptive is { } adaptive)
                {
                    env.Out.MarkupLineInterpolated($"{CostEstimateText.AtTheCaps(adaptive, run.Suite.Samples, run.EstimateAtMaxSamples()!, run.Pricing)}");
                }

                if (run.Suite.Batch is { } batch)
                {
                    env.Out.MarkupLineInterpolated($"{CostEstimateText.Batch(batch, run.Estimate(), run.BatchQuotaProblems())}");
                }

                return ExitCodes.Go;
            }

            if (run.Pricing is null)
            {
                env.Out.MarkupLineInterpolated($"[yellow]Cost:[/] {CostEstimateText.NoPriceTable}; the reports have no cost figures and no cost gate.");
            }

            await using var target = await ModelTarget.CreateAsync(request, run.Suite, options.SuitePath, run.Directory, env, cancellationToken);
            var ports = new RunPorts(target.Client, new TargetLifecycle(target, env.Time), new TerminalObserver(env, target.Description)) { Batch = target.Batch };
            outcome = await run.RunAsync(ports, cancellationToken);
            if (outcome.Status != RunStatus.Completed && target.Batch is { } jobs)
            {
                await OfferToStopRunningJobsAsync(run, jobs, env.Display(options.SuitePath));
            }
        }
        catch (Exception ex) when (ex is SuiteValidationException or RunSetupException or ModelTargetException)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
        catch (NoCredentialsException ex)
        {
            await env.Error.WriteLineAsync($"{ex.Message} Nothing was sent and no run directory was created.");
            return ExitCodes.CouldNotComplete;
        }
        catch (AttemptSinkException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.CouldNotComplete;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await CrashReport.WriteAsync(env, run?.Directory, ex);
        }

        if (outcome.Message is not null)
        {
            await env.Error.WriteLineAsync(outcome.Message);
        }

        int exit;
        try
        {
            exit = await new ReportPipeline(env).WriteAsync(run.Directory, request.RequireAll);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return await CrashReport.WriteAsync(env, run.Directory, ex);
        }

        return outcome.Status == RunStatus.Completed ? exit : ExitCodes.CouldNotComplete;
    }

    /// <summary>
    /// After a batch run stopped before its jobs ended (Ctrl+C, a failed call): the jobs still running, and that --resume
    /// re-attaches to them. At a terminal it asks whether to stop them (StopModelInvocationJob each; no answer within a
    /// minute is no); elsewhere, or answered no, they are left running and the AWS CLI command to stop each is printed.
    /// </summary>
    private async Task OfferToStopRunningJobsAsync(MigrationRun run, IBatchInference batch, string suite)
    {
        JournalContents journal;
        try
        {
            journal = JournalReader.Read(run.JournalPath);
        }
        catch (JournalFormatException)
        {
            return;
        }

        var running = journal.BatchJobs.Where(j => j.JobArn is not null && j.End is null).Select(j => j.JobArn!).ToList();
        if (running.Count == 0)
        {
            return;
        }

        var resume = $"`bmh run {suite} --resume {env.Display(run.Directory)}`";
        var jobs = Num.Count(running.Count, "batch job", "batch jobs");
        if (env.Question is { } question && await question.AskAsync($"Stop the {jobs} this run left running (and billing)?", StopQuestionTimeout))
        {
            foreach (var arn in running)
            {
                try
                {
                    await batch.StopJobAsync(arn, CancellationToken.None);
                    await env.Error.WriteLineAsync($"Stopping {arn}.");
                }
                catch (BatchServiceException ex)
                {
                    await env.Error.WriteLineAsync($"{arn} was not stopped: {ex.Message} Stop it with: aws bedrock stop-model-invocation-job --job-identifier {arn}");
                }
            }

            await env.Error.WriteLineAsync($"What the stopped jobs answered before they stopped stays readable: {resume} reads it and sends the rest again.");
            return;
        }

        await env.Error.WriteLineAsync($"{jobs} may still be running (and billing); {resume} re-attaches to them and reads their answers. To stop them instead:");
        foreach (var arn in running)
        {
            await env.Error.WriteLineAsync($"  aws bedrock stop-model-invocation-job --job-identifier {arn}");
        }
    }

    /// <summary>How long the question to stop the batch jobs waits for an answer before it leaves them running.</summary>
    private static readonly TimeSpan StopQuestionTimeout = TimeSpan.FromMinutes(1);

    private async Task WarnOfUnpinnedModelsAsync(SuiteDefinition suite)
    {
        (string, string)[] models = [(suite.BaselineModelId, "baseline"), .. suite.Candidates.Select(c => (c.ModelId, "candidate"))];
        foreach (var (model, role) in suite.Judge is { } judge ? [.. models, (judge.ModelId, "judge")] : models)
        {
            if (ModelIds.PinningWarning(model, role) is { } warning)
            {
                await env.Error.WriteLineAsync(warning);
            }
        }
    }

    /// <summary>The lifecycle port over the target's control plane.</summary>
    private sealed class TargetLifecycle(ModelTarget target, TimeProvider time) : ILifecycleSource
    {
        public Task<(ModelLifecycleFacts Baseline, ImmutableArray<ModelLifecycleFacts> Candidates)> LookUpAsync(SuiteDefinition suite, CancellationToken cancellationToken) =>
            target.LookUpLifecycleAsync(suite, time, cancellationToken);
    }

    /// <summary>Notes on stderr; the plan line and the progress display on stdout.</summary>
    private sealed class TerminalObserver(CliEnvironment env, string where) : IRunObserver
    {
        public void Note(string message) => env.Error.WriteLine(message);

        public Task<RunOutcome> ObserveAsync(RunStart start, Func<IRunProgress, Task<RunOutcome>> run)
        {
            var suite = start.Suite;
            if (start.Judging is { } judging)
            {
                env.Out.MarkupLineInterpolated(
                    $"Judging {Num.Count(judging.Pairs, "pair", "pairs")} with {judging.ModelId} (2 calls each, one per order of the answers)");
                return RunProgressDisplay.RunAsync(env, "judge", start.TotalCalls, start.AlreadySettled, run);
            }

            if (start.Round is > 1)
            {
                env.Out.MarkupLineInterpolated(
                    $"Round {start.Round.Value}: every case to {Num.Count(suite.Samples, "sample", "samples")} = {Num.Count(start.TotalCalls, "call", "calls")}, {Num.Int(start.TotalCalls - start.AlreadySettled)} to send");
                return RunProgressDisplay.RunAsync(env, $"round {start.Round.Value}", start.TotalCalls, start.AlreadySettled, run);
            }

            env.Out.MarkupLineInterpolated($"[bold]{suite.Name}[/]: {suite.BaselineModelId} [grey]→[/] {suite.CandidateModelId} on {where}");
            var slice = start.Shard is null ? string.Empty : $" (shard {start.Shard} of {suite.Cases.Length} cases)";
            env.Out.MarkupLineInterpolated(
                $"{Num.Count(start.Cases, "case", "cases")}{slice} × {Num.Count(suite.Samples, "sample", "samples")} × {Num.Count(start.Arms, "arm", "arms")} = {Num.Count(start.TotalCalls, "call", "calls")}, concurrency {suite.Concurrency}; journal {env.Display(start.JournalPath)}");
            return RunProgressDisplay.RunAsync(env, null, start.TotalCalls, start.AlreadySettled, run);
        }
    }
}
