using System.CommandLine;
using System.CommandLine.Parsing;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// An <c>--endpoint URL</c> option. System.CommandLine 2.0 has no converter for <see cref="Uri"/> (an
/// <c>Option&lt;Uri&gt;</c> throws when read), so the URL is parsed here: absolute http or https only.
/// </summary>
internal static class EndpointOption
{
    public static Option<Uri?> Create(string description) => new("--endpoint")
    {
        Description = description,
        HelpName = "URL",
        CustomParser = Parse,
    };

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
