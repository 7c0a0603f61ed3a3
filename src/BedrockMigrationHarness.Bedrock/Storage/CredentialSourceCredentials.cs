using Amazon.Runtime;

namespace BedrockMigrationHarness.Bedrock.Storage;

/// <summary>
/// The harness's <see cref="IAwsCredentialSource"/> as AWSSDK credentials, so S3 signs with exactly what the Bedrock
/// clients sign with (the default chain, refreshed per call, or the emulator's fixed pair).
/// </summary>
internal sealed class CredentialSourceCredentials(IAwsCredentialSource source) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() => GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        var resolution = await source.ResolveAsync(CancellationToken.None);
        return resolution.Credentials is { } c
            ? new ImmutableCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken)
            : throw new MissingCredentialsException(resolution.Error ?? DefaultChainCredentialSource.Advice);
    }
}

/// <summary>No credentials: the message is the credential source's advice, for a person.</summary>
internal sealed class MissingCredentialsException(string message) : AmazonClientException(message);
