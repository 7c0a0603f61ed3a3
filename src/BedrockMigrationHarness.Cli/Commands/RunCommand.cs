using System.CommandLine;
using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh run SUITE`: the options, bound to <see cref="RunCommandHandler"/>.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment env)
    {
        var suite = new Argument<string>("SUITE") { Description = "The suite file (YAML). See docs/suite-format.md." };
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "DIR",
            Description = "Directory for the journal and reports. Default: reports/<suite>-<UTC timestamp>/.",
        };
        var samples = new Option<int?>("--samples", "-n") { HelpName = "N", Description = "Samples per case and arm, 1 to 10000; overrides the suite's `samples` (with --until-decided: the first round's). A run holds at most 10,000,000 calls." };
        var concurrency = new Option<int?>("--concurrency", "-c") { HelpName = "C", Description = "Calls in flight at once, 1 to 1000; overrides the suite's `concurrency` (and may differ on --resume)." };
        var emulator = new Option<string?>("--emulator")
        {
            HelpName = "PROFILE",
            Description = "Run against the built-in Bedrock emulator instead of AWS. Takes an emulator profile; " +
                          "without a value, profile.yaml beside the suite. No AWS account needed.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var endpoint = EndpointOption.Create(
            "Send calls to this endpoint instead of bedrock-runtime.<region>.amazonaws.com (a VPC endpoint, or `bmh emulate`).");
        var region = new Option<string?>("--region") { HelpName = "R", Description = "AWS region; overrides the suite's `region`." };
        var resume = new Option<string?>("--resume")
        {
            HelpName = "DIR",
            Description = "Continue the run in this directory: attempts already in its journal are kept and not sent again. " +
                          "The suite's plan, --samples and --region must be as they were; --concurrency, timeouts and retries may change. " +
                          "An adaptive run continues with the settings it started with (given again, they must be the same). " +
                          "One process per directory: a second one exits 2.",
        };
        var retryErrors = new Option<bool>("--retry-errors")
        {
            Description = "With --resume: also send again the attempts that ended in an error.",
        };
        var shard = new Option<string?>("--shard")
        {
            HelpName = "i/n",
            Description = "Run only shard i of n (e.g. 2/4): the cases whose id hashes to it, every sample and arm. " +
                          "Run each shard as its own job, then join them with `bmh merge`.",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print the plan (calls per arm, and the judge's with a judge: key) and its estimated cost, then exit 0 without calling any model.",
        };
        var maxCost = new Option<double?>("--max-cost")
        {
            Description = "Refuse to start (exit 2) when the estimated cost of the run (the judge's calls included) is above this many US dollars. " +
                          "With --until-decided (or the suite's adaptive:) also the cap on the whole run's spend, over adaptive.max_cost: " +
                          "no round is started that would pass it. Needs a price for every model called.",
            HelpName = "USD",
        };
        var untilDecided = new Option<bool>("--until-decided")
        {
            Description = "Sample until decided: run the suite's samples, look, and add samples in rounds while a blocking gate is undecided, " +
                          "within --max-samples and --max-cost; stopped by a cap, the verdict is INCONCLUSIVE. " +
                          "Uses the suite's adaptive: block, or its defaults. Not with --shard. See docs/statistics.md.",
        };
        var maxSamples = new Option<int?>("--max-samples")
        {
            HelpName = "N",
            Description = "With --until-decided (or the suite's adaptive:): the most samples per case the run may reach, 1 to 10000, " +
                          "at least the first round's samples; overrides adaptive.max_samples. Default 100.",
        };

        var batch = new Option<string?>("--batch")
        {
            HelpName = "S3_URI",
            Description = "Send the model calls as Bedrock batch inference jobs, one per arm, with their input and output objects under this S3 location " +
                          "(e.g. s3://my-bucket/bmh-batch/); needs --role-arn (or the suite's batch: block, whose s3 this overrides). Batch prices, " +
                          "no latency measured (the latency gates read \"not measured\"); Ctrl+C asks (at a terminal) whether to stop the jobs, else leaves them running and prints how to stop them; --resume re-attaches to them. " +
                          "Not with --until-decided or --shard. See docs/batch.md.",
        };
        var roleArn = new Option<string?>("--role-arn")
        {
            HelpName = "ARN",
            Description = "With --batch: the IAM service role Bedrock assumes to read the input and write the output; overrides the suite's batch.role_arn.",
        };

        var requireAll = RequireAllOption.Create();
        var command = new Command("run", "Run the A/B comparison of a suite and write the reports.\n" + ExitCodes.HelpText)
        {
            suite, output, samples, concurrency, emulator, region, resume, retryErrors, shard, dryRun, maxCost, untilDecided, maxSamples, batch, roleArn, requireAll,
        };
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetValue(suite)!,
                parse.GetValue(output),
                parse.GetValue(samples),
                parse.GetValue(concurrency),
                parse.GetResult(emulator) is not null,
                parse.GetValue(emulator),
                parse.GetValue(endpoint.Endpoint),
                parse.GetValue(region),
                parse.GetValue(resume),
                parse.GetValue(retryErrors),
                parse.GetValue(shard),
                parse.GetValue(dryRun),
                parse.GetValue(maxCost),
                parse.GetValue(untilDecided),
                parse.GetValue(maxSamples),
                parse.GetValue(batch),
                parse.GetValue(roleArn),
                parse.GetValue(requireAll));
            return new RunCommandHandler(env).ExecuteAsync(request, cancellationToken);
        });
        return command;
    }
}

/// <summary>The parsed options of `bmh run`.</summary>
internal sealed record RunRequest(
    string SuitePath,
    string? OutputDirectory,
    int? Samples,
    int? Concurrency,
    bool UseEmulator,
    string? EmulatorProfile,
    Uri? Endpoint,
    string? Region,
    string? ResumeDirectory,
    bool RetryErrors,
    string? Shard = null,
    bool DryRun = false,
    double? MaxCost = null,
    bool UntilDecided = false,
    int? MaxSamples = null,
    string? Batch = null,
    string? RoleArn = null,
    bool RequireAll = false);
