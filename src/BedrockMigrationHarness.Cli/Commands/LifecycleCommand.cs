using System.CommandLine;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>`bmh lifecycle [MODEL...]`: the options, bound to <see cref="LifecycleCommandHandler"/>.</summary>
internal static class LifecycleCommand
{
    public static Command Create(CliEnvironment env)
    {
        var models = new Argument<string[]>("MODEL")
        {
            Description = "Model ids to check (inference-profile ids such as us.anthropic... are looked up by their base model).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var all = new Option<bool>("--all") { Description = "Every model the region lists, instead of named ones." };
        var region = new Option<string?>("--region") { Description = "AWS region. Default: AWS_REGION / the profile's region, else us-east-1." };
        var endpoint = EndpointOption.Create(
            "Control-plane endpoint instead of bedrock.<region>.amazonaws.com (e.g. `bmh emulate`'s URL). " +
            "Without AWS credentials, requests to it are signed with dummy credentials.");
        // Values are checked by the handler, not AcceptOnlyFromAmong: a parse error exits 1, which a cron job would read as "a model is LEGACY".
        var format = new Option<string>("--format")
        {
            Description = "table (for people) or json (for scripts and Slack/PagerDuty hooks; see docs/lifecycle-and-cost.md).",
            HelpName = "table|json",
            DefaultValueFactory = _ => "table",
        };
        var failOn = new Option<string?>("--fail-on")
        {
            Description = "Exit 1 when any model is at this stage or further. For a weekly cron audit.",
            HelpName = "legacy|extended-access|eol",
        };
        var eventBridge = new Option<bool>("--eventbridge-rule")
        {
            Description = "Print the EventBridge pattern for AWS Health scheduled-change events of Bedrock and the AWS CLI commands that route it to SNS; calls nothing.",
        };

        var command = new Command("lifecycle",
            "Lifecycle of Bedrock models: Bedrock's status, the legacy, extended-access and end-of-life dates, days left, and our stage " +
            "(ACTIVE, LEGACY, EXTENDED ACCESS, END OF LIFE). Warns about unpinned model ids.\n" +
            "Exit codes: 0 checked (no model at the --fail-on stage), 1 a model is at or past the --fail-on stage, " +
            "2 bad flags, 3 a lookup failed (no credentials, access denied, throttled, unreachable), " +
            "5 a named model is not in the region's catalog: removed at end of life, or a typo (a did-you-mean from the catalog is printed).")
        {
            models, all, region, format, failOn, eventBridge,
        };
        endpoint.AddTo(command);
        command.SetAction((parse, cancellationToken) => new LifecycleCommandHandler(env).ExecuteAsync(
            new LifecycleRequest(
                parse.GetValue(models) ?? [],
                parse.GetValue(all),
                parse.GetValue(region),
                parse.GetValue(endpoint.Endpoint),
                parse.GetValue(format)!,
                parse.GetValue(failOn),
                parse.GetValue(eventBridge)),
            cancellationToken));
        return command;
    }
}

/// <summary>The parsed options of `bmh lifecycle`.</summary>
/// <param name="Format">table or json (checked by the handler).</param>
/// <param name="FailOn">legacy, extended-access, eol, or null.</param>
internal sealed record LifecycleRequest(
    IReadOnlyList<string> Models,
    bool All,
    string? Region,
    Uri? Endpoint,
    string Format,
    string? FailOn,
    bool EventBridgeRule);
