using System.CommandLine;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh import SOURCE... --out SUITE_DIR`: the options, bound to <see cref="ImportCommandHandler"/>.</summary>
internal static class ImportCommand
{
    public static Command Create(CliEnvironment env)
    {
        var sources = new Argument<string[]>("SOURCE")
        {
            Description = "Where the model-invocation logs are: s3://bucket/prefix, a folder, or a file (.json, .jsonl, .json.gz, " +
                          "a CloudWatch Logs export or `aws logs filter-log-events` output). Several may be given.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            HelpName = "SUITE_DIR",
            Description = "The suite folder to write (suite.yaml, cases/, import-report.md). Must not exist or be empty: an import never overwrites.",
            Required = true,
        };
        var model = new Option<string?>("--model")
        {
            HelpName = "ID",
            Description = "Keep only calls to this model. A base id also matches its inference profiles and ARNs " +
                          "(anthropic.claude-3-haiku-20240307-v1:0 matches us.anthropic.claude-3-haiku-20240307-v1:0). Needed when the logs name several models.",
        };
        var operation = new Option<string?>("--operation")
        {
            HelpName = "converse|invoke|all",
            Description = "converse: Converse and ConverseStream; invoke: InvokeModel and InvokeModelWithResponseStream; all (default).",
        };
        var since = new Option<string?>("--since") { HelpName = "DATE", Description = "Keep calls at or after this ISO date or date-time (UTC unless it has an offset)." };
        var until = new Option<string?>("--until") { HelpName = "DATE", Description = "Keep calls before this ISO date or date-time (exclusive)." };
        var sample = new Option<int?>("--sample")
        {
            HelpName = "N",
            Description = "At most N cases (1 to 10000), a seeded random sample. Without it every kept call becomes a case, up to 10000.",
        };
        var stratify = new Option<string?>("--stratify")
        {
            HelpName = "model|operation|length",
            Description = "Sample each stratum in proportion to its size, at least one case each, so rare operations and long prompts stay in.",
        };
        var seed = new Option<int?>("--seed") { HelpName = "S", Description = "Seed of the sample (default 1): the same seed over the same logs writes the same suite." };
        var redact = new Option<bool>("--redact")
        {
            Description = "Replace e-mail addresses, phone and card numbers, AWS keys and other secrets by placeholders in prompts, tool data and references. " +
                          "Without it the suite holds production text as logged.",
        };
        var exclude = new Option<string[]>("--exclude-metadata")
        {
            HelpName = "KEY=VALUE",
            Description = "Leave out calls whose requestMetadata has KEY with VALUE (KEY=* for any value). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var includeHarness = new Option<bool>("--include-harness-calls")
        {
            Description = "Keep the calls bmh itself made (requestMetadata bmh_suite), which are left out by default.",
        };
        var inferSchemas = new Option<bool>("--infer-schemas")
        {
            Description = "Where production's answer is a JSON object, write a schema of it (its keys required, their JSON types) and check " +
                          "every answer of that case against it. Inferred from one answer: review the schemas before trusting a verdict.",
        };
        var candidate = new Option<string?>("--candidate") { HelpName = "ID", Description = "The suite's candidate model. Default: the baseline (change it in suite.yaml)." };
        var name = new Option<string?>("--name") { HelpName = "NAME", Description = "The suite's name. Default: the --out folder's name." };
        var region = new Option<string?>("--region")
        {
            HelpName = "R",
            Description = "The region of S3 and of the suite. Default for the suite: the region the calls were logged in.",
        };
        var endpoint = EndpointOption.Create("Read s3:// sources from this endpoint instead of AWS S3 (e.g. `bmh emulate`).");

        var command = new Command("import",
            "Write a suite from Bedrock model-invocation logs: each production call becomes a case, its logged answer the case's reference. " +
            "Also writes import-report.md/json: records read, written, and dropped by reason. See docs/import.md.\n" +
            "Exit codes: 0 suite written, 2 bad input (options, sources, an --out that is not empty, no call kept, several models without --model), " +
            "3 the import could not complete (interrupted, no AWS credentials for s3:// sources, S3 failing, an unexpected error).")
        {
            sources, output, model, operation, since, until, sample, stratify, seed, redact, exclude, includeHarness, candidate, name, region, inferSchemas,
        };
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) => new ImportCommandHandler(env).ExecuteAsync(
            new ImportRequest(
                parse.GetValue(sources) ?? [],
                parse.GetValue(output)!,
                parse.GetValue(model),
                parse.GetValue(operation),
                parse.GetValue(since),
                parse.GetValue(until),
                parse.GetValue(sample),
                parse.GetValue(stratify),
                parse.GetValue(seed),
                parse.GetValue(redact),
                parse.GetValue(exclude) ?? [],
                parse.GetValue(includeHarness),
                parse.GetValue(candidate),
                parse.GetValue(name),
                parse.GetValue(region),
                parse.GetValue(endpoint.Endpoint),
                parse.GetValue(inferSchemas)),
            cancellationToken));
        return command;
    }
}

/// <summary>The parsed options of `bmh import`.</summary>
internal sealed record ImportRequest(
    IReadOnlyList<string> Sources,
    string Output,
    string? Model,
    string? Operation,
    string? Since,
    string? Until,
    int? Sample,
    string? Stratify,
    int? Seed,
    bool Redact,
    IReadOnlyList<string> ExcludeMetadata,
    bool IncludeHarnessCalls,
    string? Candidate,
    string? Name,
    string? Region,
    Uri? Endpoint,
    bool InferSchemas);
