using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// The <c>--endpoint URL</c> option and its <c>--allow-insecure-endpoint</c> opt-in. System.CommandLine 2.0 has no
/// converter for <see cref="Uri"/> (an <c>Option&lt;Uri&gt;</c> throws when read), so the URL is parsed here: absolute
/// http or https only. Plain http is refused for any host but loopback (127.0.0.0/8, ::1, localhost) unless the opt-in
/// is given: SigV4-signed requests, session tokens and every prompt and answer would cross the network in clear text.
/// Both are parse errors, so the command exits 2 before anything runs.
/// </summary>
internal sealed class EndpointOption
{
    private EndpointOption(Option<Uri?> endpoint, Option<bool> allowInsecure)
    {
        Endpoint = endpoint;
        AllowInsecure = allowInsecure;
    }

    public Option<Uri?> Endpoint { get; }

    public Option<bool> AllowInsecure { get; }

    public static EndpointOption Create(string description) => new(
        new Option<Uri?>("--endpoint") { Description = description, HelpName = "URL", CustomParser = Parse },
        new Option<bool>("--allow-insecure-endpoint")
        {
            Description = "Allow an http:// --endpoint on another host than 127.0.0.1, ::1 or localhost. Signed requests, " +
                          "session tokens, prompts and answers then cross the network unencrypted.",
        });

    /// <summary>Adds both options to <paramref name="command"/>, with the check that needs both.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(AllowInsecure);
        command.Validators.Add(result =>
        {
            // From the token, not GetValue: reading an option whose own parse failed throws, and that error is already reported.
            if (result.GetResult(Endpoint) is { Tokens: [var token, ..] }
                && Uri.TryCreate(token.Value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp
                && !IsProtected(uri) && !result.GetValue(AllowInsecure))
            {
                result.AddError(
                    $"--endpoint {uri} is plain http to a host that is not this machine: signed requests, session tokens, prompts and " +
                    "answers would cross the network in clear text. Use https, a loopback address (127.0.0.1, ::1, localhost), " +
                    "or add --allow-insecure-endpoint if that network is yours.");
            }
        });
    }

    /// <summary>https, or http to a loopback host.</summary>
    public static bool IsProtected(Uri endpoint) =>
        endpoint.Scheme == Uri.UriSchemeHttps
        || string.Equals(endpoint.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(endpoint.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static Uri? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        result.AddError($"--endpoint must be an absolute http or https URL, e.g. --endpoint http://127.0.0.1:8080 (found '{text}').");
        return null;
    }
}
