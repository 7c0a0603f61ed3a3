using BedrockMigrationHarness.Bedrock;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>
/// Which credentials a control-plane command signs with: the AWS default chain; or, when the chain finds none and an
/// explicit endpoint is given (typically `bmh emulate`), fixed dummy credentials, said on stderr. Without an
/// endpoint, no credentials is an error: real AWS would refuse the dummy ones.
/// </summary>
/// <param name="Source">The credentials to sign with; null when there are none.</param>
/// <param name="Note">Said on stderr when the dummy credentials are used.</param>
/// <param name="Error">Why there are no credentials (the chain's advice).</param>
internal sealed record CredentialChoice(IAwsCredentialSource? Source, string? Note, string? Error)
{
    /// <summary>The access key id of the dummy credentials; the emulator accepts any key unless started with --require-sigv4.</summary>
    public const string DummyAccessKeyId = "BMHANONYMOUSDUMMYKEY";

    public static async Task<CredentialChoice> ResolveAsync(Uri? endpoint, CancellationToken cancellationToken)
    {
        var chain = new DefaultChainCredentialSource();
        var resolution = await chain.ResolveAsync(cancellationToken);
        if (resolution.Credentials is not null)
        {
            return new CredentialChoice(chain, null, null);
        }

        return endpoint is null
            ? new CredentialChoice(null, null, resolution.Error ?? DefaultChainCredentialSource.Advice)
            : new CredentialChoice(
                new StaticCredentialSource(DummyAccessKeyId, "bmh-dummy-secret-not-a-credential"),
                $"note: no AWS credentials found; signing requests to {endpoint} with dummy credentials (enough for `bmh emulate`; a real AWS endpoint will refuse them).",
                null);
    }
}
