using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;
using Spectre.Console;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// `bmh run`: load the suite and its price table, plan (and with --dry-run stop there), look both models'
/// lifecycle up, send through the runner into the journal, then analyse and write every report. Bad input
/// (and an estimate above --max-cost) exits 2 before any call is made; a stopped or aborted run still gets
/// its (partial) report, built from what the journal holds.
/// </summary>
internal sealed class RunCommandHandler(CliEnvironment env)
{
    public async Task<int> ExecuteAsync(RunRequest request, CancellationToken cancellationToken)
    {
        var suitePath = env.Resolve(request.SuitePath);
        SuiteDefinition suite;
        try
        {
            suite = ApplyOverrides(SuiteLoader.Load(suitePath), request);
        }
        catch (SuiteValidationException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }

        foreach (var (model, role) in new[] { (suite.BaselineModelId, "baseline"), (suite.CandidateModelId, "candidate") })
        {
            if (ModelIds.PinningWarning(model, role) is { } warning)
            {
                await env.Error.WriteLineAsync(warning);
            }
        }

        PriceTable? pricing;
        try
        {
            pricing = PriceTableLocator.Load(suitePath, suite.PricingFile);
        }
        catch (SuiteValidationException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }

        var directory = ResolveOutputDirectory(request, suite);
        var journalPath = Path.Combine(directory, JournalWriter.FileName);
        var shard = request.Shard is { } shardText ? ShardSpec.Parse(shardText, out _) : null;
        var plan = RunPlan.Create(suite).ForShard(shard);
        if (request.DryRun || request.MaxCost is not null)
        {
            var estimate = RunCostEstimator.Estimate(plan, pricing);
            if (request.DryRun)
            {
                CostEstimateText.Write(env.Out, estimate, pricing);
                return ExitCodes.Go;
            }

            if (estimate.TotalUsd is not { } usd || usd > request.MaxCost)
            {
                await env.Error.WriteLineAsync(estimate.TotalUsd is null
                    ? $"--max-cost cannot be checked. {CostEstimateText.Total(estimate, pricing)}"
                    : $"Not started: {CostEstimateText.Total(estimate, pricing)} That is above --max-cost {Num.Usd(request.MaxCost)}; lower --samples or raise --max-cost.");
                return ExitCodes.BadInput;
            }
        }

        JournalContents? previous = null;
        var settled = ImmutableHashSet<AttemptKey>.Empty;
        if (request.ResumeDirectory is not null)
        {
            try
            {
                previous = JournalReader.Read(journalPath);
            }
            catch (JournalFormatException ex)
            {
                await env.Error.WriteLineAsync(ex.Message);
                return ExitCodes.BadInput;
            }

            var fingerprint = SuiteFingerprint.Of(suite);
            if (previous.Header.Fingerprint != fingerprint)
            {
                await env.Error.WriteLineAsync(
                    $"{env.Display(journalPath)}: this journal was written for a different suite or plan " +
                    $"(suite '{previous.Header.Suite.Name}', fingerprint {previous.Header.Fingerprint[..12]}; now {fingerprint[..12]}). " +
                    "Resume with the same suite file and the same --samples/--concurrency/--region, or start a new run with another --out.");
                return ExitCodes.BadInput;
            }

            if (previous.Header.Shard != shard)
            {
                await env.Error.WriteLineAsync(
                    $"{env.Display(journalPath)}: this journal holds {Describe(previous.Header.Shard)}, not {Describe(shard)}. " +
                    (previous.Header.Shard is { } given ? $"Resume it with --shard {given}." : "Resume it without --shard."));
                return ExitCodes.BadInput;
            }

            foreach (var warning in previous.Warnings)
            {
                await env.Error.WriteLineAsync(warning);
            }

            settled = previous.SettledKeys(includeErrors: !request.RetryErrors);
        }
        else if (File.Exists(journalPath))
        {
            await env.Error.WriteLineAsync(
                $"{env.Display(directory)} already holds a run. Continue it with --resume {env.Display(directory)}, or choose another --out.");
            return ExitCodes.BadInput;
        }

        ModelTarget target;
        try
        {
            target = await ModelTarget.CreateAsync(request, suite, suitePath, env, cancellationToken);
        }
        catch (ModelTargetException ex)
        {
            await env.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }

        RunOutcome outcome;
        await using (target)
        {
            JournalWriter journal;
            if (previous is not null)
            {
                journal = JournalWriter.Continue(journalPath, previous.ValidLength, env.Time);
            }
            else
            {
                // The lifecycle goes into the header, so `bmh report` shows it without calling AWS.
                var (baselineLifecycle, candidateLifecycle) = await target.LookUpLifecycleAsync(suite, env.Time, cancellationToken);
                foreach (var failed in new[] { baselineLifecycle, candidateLifecycle }.Where(f => f.Error is not null))
                {
                    await env.Error.WriteLineAsync($"note: the lifecycle of {failed.ModelId} is unknown ({failed.Error}); the run goes on.");
                }

                Directory.CreateDirectory(directory);
                var header = new JournalHeader(JournalReader.FormatVersion, SuiteFingerprint.Of(suite), env.Time.GetUtcNow(),
                    env.Display(suitePath), suite, shard, pricing, baselineLifecycle, candidateLifecycle);
                journal = JournalWriter.Create(journalPath, header, env.Time);
            }

            await using (journal)
            {
                var remaining = plan.Without(settled);
                env.Out.MarkupLineInterpolated(
                    $"[bold]{suite.Name}[/]: {suite.BaselineModelId} [grey]→[/] {suite.CandidateModelId} on {target.Description}");
                var arms = RunPlan.ArmsOf(suite).Length;
                var cases = shard is null ? suite.Cases.Length : plan.Attempts.Length / Math.Max(1, suite.Samples * arms);
                var slice = shard is null ? string.Empty : $" (shard {shard} of {suite.Cases.Length} cases)";
                env.Out.MarkupLineInterpolated(
                    $"{cases} cases{slice} × {suite.Samples} samples × {arms} arms = {plan.Attempts.Length} calls, concurrency {suite.Concurrency}; journal {env.Display(journalPath)}");
                var runner = new Runner(target.Client, suite.Retry, env.Time);
                outcome = await RunProgressDisplay.RunAsync(env, plan.Attempts.Length, settled.Count,
                    progress => runner.RunAsync(remaining, suite.Concurrency, journal, progress, cancellationToken));
                await journal.CompleteAsync(new JournalEnd(env.Time.GetUtcNow(), outcome.Status, outcome.Message));
            }
        }

        if (outcome.Message is not null)
        {
            await env.Error.WriteLineAsync(outcome.Message);
        }

        var exit = await new ReportPipeline(env).WriteAsync(directory);
        return outcome.Status == RunStatus.Completed ? exit : ExitCodes.CouldNotComplete;
    }

    private static SuiteDefinition ApplyOverrides(SuiteDefinition suite, RunRequest request)
    {
        var problems = ImmutableArray.CreateBuilder<SuiteProblem>();
        if (request.Samples is < 1)
        {
            problems.Add(new SuiteProblem("command line", null, "--samples", "must be a whole number ≥ 1, e.g. --samples 5."));
        }

        if (request.Concurrency is < 1)
        {
            problems.Add(new SuiteProblem("command line", null, "--concurrency", "must be a whole number ≥ 1, e.g. --concurrency 8."));
        }

        if (request.UseEmulator && request.Endpoint is not null)
        {
            problems.Add(new SuiteProblem("command line", null, "--emulator", "--emulator and --endpoint exclude each other: pick one."));
        }

        if (request.MaxCost is not null && !(request.MaxCost > 0))
        {
            problems.Add(new SuiteProblem("command line", null, "--max-cost", "must be an amount of US dollars > 0, e.g. --max-cost 5."));
        }

        if (request.RetryErrors && request.ResumeDirectory is null)
        {
            problems.Add(new SuiteProblem("command line", null, "--retry-errors", "only works with --resume DIR."));
        }

        if (request.Shard is { } shard && ShardSpec.Parse(shard, out var shardProblem) is null)
        {
            problems.Add(new SuiteProblem("command line", null, "--shard", shardProblem!));
        }

        if (request.ResumeDirectory is not null && request.OutputDirectory is not null)
        {
            problems.Add(new SuiteProblem("command line", null, "--resume", "--resume DIR continues in DIR: leave out --out."));
        }

        if (problems.Count > 0)
        {
            throw new SuiteValidationException(problems.ToImmutable());
        }

        return suite with
        {
            Samples = request.Samples ?? suite.Samples,
            Concurrency = request.Concurrency ?? suite.Concurrency,
            Region = request.Region ?? suite.Region,
        };
    }

    private static string Describe(ShardSpec? shard) => shard is null ? "the whole plan" : $"shard {shard}";

    private string ResolveOutputDirectory(RunRequest request, SuiteDefinition suite)
    {
        if (request.ResumeDirectory is { } resume)
        {
            return env.Resolve(resume);
        }

        if (request.OutputDirectory is { } output)
        {
            return env.Resolve(output);
        }

        var stamp = env.Time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        return env.Resolve(Path.Combine("reports", $"{suite.Name}-{stamp}"));
    }
}
