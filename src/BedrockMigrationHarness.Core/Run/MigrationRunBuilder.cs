using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Run;

/// <summary>
/// Options → an immutable <see cref="MigrationRun"/>, the way Polly's pipeline builder works: every option is checked
/// at once and every problem is reported together (flags and suite alike), then nothing downstream re-validates.
/// A resumed run's journal is checked here too (same plan, same shard), so a run that cannot continue fails before
/// any endpoint is set up. The clock and the randomness (backoff jitter) come from outside.
/// </summary>
public sealed class MigrationRunBuilder(TimeProvider time)
{
    /// <summary>The most samples per case and arm: the suite's own limit, one number for the key and the flag.</summary>
    public const int MaxSamples = SuiteOptionsBinder.MaxSamples;

    /// <summary>The most calls in flight: the suite's own limit, one number for the key and the flag.</summary>
    public const int MaxConcurrency = SuiteOptionsBinder.MaxConcurrency;

    /// <summary>The most planned attempts of one run (cases × samples × arms): a journal of ~6 GB.</summary>
    public const long MaxPlannedCalls = 10_000_000;

    private const string CommandLine = SuiteProblem.CommandLine;

    /// <summary>Uniform draws in [0, 1) for the backoff's jitter; <see cref="Random.Shared"/> when null.</summary>
    public Func<double>? Jitter { get; init; }

    /// <summary>Checks <paramref name="options"/>, loads the suite and its price table, and freezes the run.</summary>
    /// <exception cref="SuiteValidationException">Every problem of the flags and the suite, each with where it is.</exception>
    /// <exception cref="RunSetupException">The run cannot start as asked (journal, directory, cost).</exception>
    public MigrationRun Build(MigrationRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = ImmutableArray.CreateBuilder<SuiteProblem>();
        CheckFlags(options, problems);
        SuiteDefinition? loaded = null;
        try
        {
            loaded = SuiteLoader.Load(options.SuitePath);
        }
        catch (SuiteValidationException ex)
        {
            problems.AddRange(ex.Problems);
        }

        var shard = options.Shard is { } text ? ShardSpec.Parse(text, out _) : null;
        JournalContents? previous = null;
        if (loaded is not null && problems.Count == 0)
        {
            // A resumed adaptive run takes its settings from the journal when no flag or suite key gives them.
            previous = options.ResumeDirectory is { } resume ? MigrationRun.ReadJournal(Path.Combine(resume, JournalWriter.FileName)) : null;
            loaded = loaded with { Adaptive = AdaptiveOf(loaded, options, previous?.Header.Suite.Adaptive, problems) };
            loaded = loaded with { Batch = BatchOf(loaded, options, previous?.Header.Suite.Batch, problems) };
            CheckPlan(loaded, options, problems);
        }

        if (problems.Count > 0)
        {
            throw new SuiteValidationException(problems.ToImmutable());
        }

        var suite = loaded! with
        {
            Samples = options.Samples ?? loaded.Samples,
            Concurrency = options.Concurrency ?? loaded.Concurrency,
            Region = options.Region ?? loaded.Region,
        };
        var pricing = PriceTableLocator.Load(options.SuitePath, suite.PricingFile);
        var directory = options.ResumeDirectory ?? options.OutputDirectory ?? Path.Combine(options.WorkingDirectory, "reports",
            $"{suite.Name}-{time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
        var run = new MigrationRun(suite, pricing, shard, directory, options, time, Jitter);
        if (options.DryRun)
        {
            return run;
        }

        // With adaptive sampling the cap (--max-cost over adaptive.max_cost) is also the whole run's; the first round must fit it.
        if ((suite.Adaptive?.MaxCostUsd ?? options.MaxCost) is { } maxCost)
        {
            var cap = options.MaxCost is null ? "the suite's adaptive.max_cost" : "--max-cost";
            var estimate = run.Estimate();
            if (estimate.TotalUsd is not { } usd)
            {
                throw new RunSetupException($"{cap} cannot be checked: {MissingPrices(estimate, pricing)}"
                    + (suite.Adaptive is null ? string.Empty : " An adaptive run's cost cap needs a price for every model it calls (baseline, candidate, judge)."));
            }

            if (usd > maxCost)
            {
                throw new RunSetupException(string.Create(CultureInfo.InvariantCulture,
                    $"Not started: the estimated cost{(suite.Adaptive is null ? string.Empty : " of the first round")} is at most ${usd:0.00##} for {estimate.Calls} calls, above {cap} ${maxCost:0.00##}; lower --samples or raise {(options.MaxCost is null ? "max_cost" : "--max-cost")}."));
            }
        }

        if (previous is null && suite.Batch is not null)
        {
            CheckBatchQuotas(run);
        }

        if (previous is not null)
        {
            CheckSameAdaptive(previous, suite, options);
            run.CheckResumable(previous);
        }
        else if (File.Exists(run.JournalPath))
        {
            throw new RunSetupException(
                $"{options.Display(directory)} already holds a run. Continue it with --resume {options.Display(directory)}, or choose another --out.");
        }

        return run;
    }

    private static string MissingPrices(RunCostEstimate estimate, PriceTable? pricing) => pricing is null
        ? "no price table (prompts/pricing.yaml above the suite, or pricing: FILE in the suite)."
        : $"{pricing.File} has no price for {string.Join(" or ", estimate.UnpricedModels)}.";

    private static void CheckFlags(MigrationRunOptions options, ImmutableArray<SuiteProblem>.Builder problems)
    {
        void Add(string flag, string message) => problems.Add(new SuiteProblem(CommandLine, null, flag, message));

        if (options.Samples is < 1 or > MaxSamples)
        {
            Add("--samples", string.Create(CultureInfo.InvariantCulture, $"must be a whole number from 1 to {MaxSamples}, e.g. --samples 5 (found {options.Samples})."));
        }

        if (options.MaxSamples is < 1 or > MaxSamples)
        {
            Add("--max-samples", string.Create(CultureInfo.InvariantCulture, $"must be a whole number from 1 to {MaxSamples}, e.g. --max-samples 100 (found {options.MaxSamples})."));
        }

        if (options.Concurrency is < 1 or > MaxConcurrency)
        {
            Add("--concurrency", string.Create(CultureInfo.InvariantCulture, $"must be a whole number from 1 to {MaxConcurrency}, e.g. --concurrency 8 (found {options.Concurrency})."));
        }

        if (options.UseEmulator && options.Endpoint is not null)
        {
            Add("--emulator", "--emulator and --endpoint exclude each other: pick one.");
        }

        if (options.MaxCost is { } maxCost && !(maxCost > 0 && double.IsFinite(maxCost)))
        {
            Add("--max-cost", "must be an amount of US dollars > 0, e.g. --max-cost 5.");
        }

        if (options.RetryErrors && options.ResumeDirectory is null)
        {
            Add("--retry-errors", "only works with --resume DIR.");
        }

        if (options.Shard is { } shard && ShardSpec.Parse(shard, out var shardProblem) is null)
        {
            Add("--shard", shardProblem!);
        }

        foreach (var (flag, directory) in new[] { ("--out", options.OutputDirectory), ("--resume", options.ResumeDirectory) })
        {
            if (directory is not null && File.Exists(directory))
            {
                Add(flag, $"{options.Display(directory)} is a file; {flag} takes a run directory.");
            }
        }

        if (options.ResumeDirectory is not null && options.OutputDirectory is not null)
        {
            Add("--resume", "--resume DIR continues in DIR: leave out --out.");
        }

        if (options.ResumeDirectory is not null && options.DryRun)
        {
            Add("--dry-run", "plans a new run; leave out --resume.");
        }
    }

    /// <summary>
    /// The run's adaptive settings: the suite's <c>adaptive:</c>, else (on <c>--resume</c>) the journal's
    /// <paramref name="journal"/>, else with <c>--until-decided</c> the defaults; then <c>--max-samples</c> and <c>--max-cost</c> over them.
    /// Null for a fixed-size run. Reports the flags that need an adaptive run, a cap below the first round, and a shard.
    /// </summary>
    internal static AdaptiveSettings? AdaptiveOf(
        SuiteDefinition suite, MigrationRunOptions options, AdaptiveSettings? journal, ImmutableArray<SuiteProblem>.Builder problems)
    {
        void Add(string flag, string message) => problems.Add(new SuiteProblem(CommandLine, null, flag, message));

        var given = suite.Adaptive ?? journal ?? (options.UntilDecided ? AdaptiveSettings.Default : null);
        if (given is null)
        {
            if (options.MaxSamples is not null)
            {
                Add("--max-samples", "caps the samples per case of an adaptive run: add --until-decided (or an adaptive: block to the suite), or use --samples N for a fixed-size run.");
            }

            return null;
        }

        var settings = given with { MaxSamples = options.MaxSamples ?? given.MaxSamples, MaxCostUsd = options.MaxCost ?? given.MaxCostUsd };
        var samples = options.Samples ?? suite.Samples;
        if (settings.MaxSamples < samples)
        {
            var flag = options.MaxSamples is not null ? "--max-samples" : options.Samples is not null ? "--samples" : "--until-decided";
            Add(flag, string.Create(CultureInfo.InvariantCulture,
                $"the first round's {samples} samples per case are above max_samples {settings.MaxSamples}, the most an adaptive run reaches (it only adds samples); raise --max-samples or lower --samples."));
        }

        if (suite.CandidateCount > 1)
        {
            Add(suite.Adaptive is not null ? "adaptive" : "--until-decided", string.Create(CultureInfo.InvariantCulture,
                $"sampling until decided is not supported with several candidates yet (the suite lists {suite.CandidateCount} under candidates:): its stopping rule is built for one comparison. ")
                + "Run a fixed-size run (leave out --until-decided and adaptive:), or give the suite one candidate.");
        }

        if (options.Shard is not null)
        {
            Add("--shard", "an adaptive run (--until-decided, or the suite's adaptive:) cannot be sharded: every look needs the answers of every case. "
                + "Leave out --shard, or shard a fixed-size run (without --until-decided and adaptive:).");
        }

        return settings;
    }

    /// <summary>
    /// The run's batch settings: the suite's <c>batch:</c>, else (on <c>--resume</c>) the journal's, with <c>--batch</c> and
    /// <c>--role-arn</c> over them; null for on-demand calls. Reports a location without a role, a role without a location, and
    /// the combinations batch inference cannot serve (adaptive sampling, shards, Converse cases that offer tools).
    /// </summary>
    internal static BatchSettings? BatchOf(SuiteDefinition suite, MigrationRunOptions options, BatchSettings? journal, ImmutableArray<SuiteProblem>.Builder problems)
    {
        void Add(string flag, string message) => problems.Add(new SuiteProblem(CommandLine, null, flag, message));

        var given = suite.Batch ?? journal;
        (string Bucket, string Prefix)? location = null;
        if (options.Batch is { } text)
        {
            location = BatchSettings.ParseLocation(text, out var problem);
            if (problem is not null)
            {
                Add("--batch", problem);
                return null;
            }
        }

        if (options.RoleArn is { } role && BatchSettings.CheckRoleArn(role) is { } roleProblem)
        {
            Add("--role-arn", roleProblem);
            return null;
        }

        if (given is null && location is null)
        {
            if (options.RoleArn is not null)
            {
                Add("--role-arn", "is the service role of a batch run: add --batch s3://bucket/prefix/ (or a batch: block to the suite), or leave out --role-arn.");
            }

            return null;
        }

        if (given is null && options.RoleArn is null)
        {
            Add("--batch", "needs the IAM service role Bedrock assumes to read the input and write the output: add --role-arn arn:aws:iam::ACCOUNT:role/NAME (or batch.role_arn in the suite). See docs/batch.md.");
            return null;
        }

        var settings = given is null
            ? BatchSettings.At(location!.Value.Bucket, location.Value.Prefix, options.RoleArn!)
            : given with
            {
                Bucket = location?.Bucket ?? given.Bucket,
                Prefix = location?.Prefix ?? given.Prefix,
                RoleArn = options.RoleArn ?? given.RoleArn,
            };
        var flag = options.Batch is not null ? "--batch" : "batch";
        if (suite.Adaptive is not null)
        {
            Add(flag, "batch inference cannot sample until decided: each look needs the answers of a round, and a batch job takes hours. "
                + "Leave out --until-decided (and the suite's adaptive:), or run on demand (without --batch and batch:).");
        }

        if (suite.CandidateCount > 1)
        {
            Add(flag, string.Create(CultureInfo.InvariantCulture,
                $"batch inference is not supported with several candidates yet (the suite lists {suite.CandidateCount} under candidates:). ")
                + "Run on demand (without --batch and batch:), or give the suite one candidate per batch run.");
        }

        if (options.Shard is not null)
        {
            Add("--shard", "a batch run is not sharded: one job per arm already runs at Bedrock's scale. Leave out --shard, or run on demand (without --batch and batch:).");
        }

        // A Converse batch job fails every record that offers tools (toolConfig); refuse before anything is uploaded.
        var withTools = suite.Invoke is null ? suite.Cases.Where(c => c.Tools is not null).Select(c => c.Id).ToList() : [];
        if (withTools.Count > 0)
        {
            Add(flag, string.Create(CultureInfo.InvariantCulture,
                $"batch jobs of the Converse type do not take tool calling (Bedrock fails records with toolConfig), and {withTools.Count} of the suite's cases offer tools ({string.Join(", ", withTools.Take(5))}{(withTools.Count > 5 ? ", …" : string.Empty)})")
                + ". Run this suite on demand (without --batch and batch:), or with `api: invoke` and the model's own tool format. See docs/batch.md.");
        }

        return settings;
    }

    /// <summary>Refuses a new batch run whose arms hold fewer records than a job's minimum, before anything is uploaded.</summary>
    /// <exception cref="RunSetupException">An arm is too small for a job; the message suggests an on-demand run.</exception>
    private static void CheckBatchQuotas(MigrationRun run)
    {
        var problems = run.BatchQuotaProblems();
        if (problems.Count > 0)
        {
            throw new RunSetupException(
                $"Not started: {string.Join("; ", problems)}. A suite this small is better run on demand: run without --batch (and without the suite's batch: block), "
                + "or raise --samples. Nothing was uploaded.");
        }
    }

    /// <summary>Refuses to continue a journal with other adaptive settings than it was written with (or adaptive against fixed-size).</summary>
    /// <exception cref="RunSetupException">They differ; the message names both and what to do.</exception>
    private static void CheckSameAdaptive(JournalContents previous, SuiteDefinition suite, MigrationRunOptions options)
    {
        if (previous.Header.Suite.Adaptive == suite.Adaptive)
        {
            return;
        }

        throw new RunSetupException(
            $"{options.Display(Path.Combine(options.ResumeDirectory!, JournalWriter.FileName))}: this journal was written by {Describe(previous.Header.Suite.Adaptive)}, " +
            $"not {Describe(suite.Adaptive)}. Resume with the settings it started with (the suite's adaptive:, --max-samples and --max-cost as they were; " +
            "left out, an adaptive journal's own are taken), or start a new run with another --out.");
    }

    private static string Describe(AdaptiveSettings? adaptive) => adaptive is null
        ? "a fixed-size run"
        : $"an adaptive run (max_samples {Num.Int(adaptive.MaxSamples)}, {(adaptive.MaxCostUsd is { } usd ? "max_cost " + Num.Usd(usd) : "no cost cap")}, "
          + $"pass_confidence {Num.Decimal(adaptive.PassConfidence, "0.####")}, spending {AdaptiveSettings.SpendingName(adaptive.Spending)})";

    /// <summary>
    /// The plan's size, the judge's calls included (the suite loader has already bounded its own samples and concurrency):
    /// checked arithmetically, so a plan of billions of calls is refused at once, never listed.
    /// </summary>
    internal static void CheckPlan(SuiteDefinition suite, MigrationRunOptions options, ImmutableArray<SuiteProblem>.Builder problems)
    {
        // An adaptive run may reach its max_samples: that is its plan's size.
        var samples = suite.Adaptive?.MaxSamples ?? options.Samples ?? suite.Samples;
        var where = options.Display(options.SuitePath);
        var arms = RunPlan.ArmsOf(suite).Length;
        long calls = (long)suite.Cases.Length * samples * arms;
        long judgeCalls = suite.Judge is { } judge ? 2L * samples * suite.CandidateCount * suite.Cases.Count(judge.Applies) : 0;
        if (problems.Count == 0 && calls + judgeCalls > MaxPlannedCalls)
        {
            var judged = judgeCalls > 0 ? string.Create(CultureInfo.InvariantCulture, $", plus {judgeCalls} judge calls") : string.Empty;
            var (file, field, advice) = suite.Adaptive is not null
                ? (options.MaxSamples is null ? where : CommandLine, options.MaxSamples is null ? "max_samples" : "--max-samples", "Lower max_samples.")
                : (options.Samples is null ? where : CommandLine, options.Samples is null ? "samples" : "--samples", "Lower the samples, or split the cases with --shard.");
            problems.Add(new SuiteProblem(file, null, field, string.Create(CultureInfo.InvariantCulture,
                $"the plan would be {(suite.Adaptive is null ? string.Empty : "up to ")}{calls + judgeCalls} calls ({suite.Cases.Length} cases × {samples} samples × {arms} arms{judged}); at most {MaxPlannedCalls} are allowed in one run. {advice}")));
        }
    }
}
