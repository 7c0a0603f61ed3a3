using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>
/// The AWS default chain through AWSSDK.Core's <see cref="DefaultAWSCredentialsIdentityResolver"/>: environment
/// variables, web identity, the shared profile (<c>AWS_PROFILE</c> or <c>default</c>, SSO included), container
/// credentials, then EC2 instance metadata. The resolved provider is kept and asked again on every call, so
/// temporary credentials refresh themselves.
/// </summary>
public sealed class DefaultChainCredentialSource : IAwsCredentialSource
{
    /// <summary>What to tell a person when nothing in the chain gives credentials.</summary>
    public const string Advice =
        "No AWS credentials were found (environment, shared profile, SSO, container, instance metadata). " +
        "Set AWS_PROFILE to a configured profile, run `aws configure`, or run `aws sso login` when the profile uses SSO.";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private AWSCredentials? _provider;

    public async Task<CredentialResolution> ResolveAsync(CancellationToken cancellationToken)
    {
        try
        {
            var provider = await GetProviderAsync(cancellationToken);
            var credentials = await provider.GetCredentialsAsync();
            if (string.IsNullOrEmpty(credentials?.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
            {
                return CredentialResolution.Failed(Advice);
            }

            return CredentialResolution.Resolved(new AwsCredentials(
                credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // The SDK lists every provider it tried over many lines; the advice names them already, and this text
            // becomes the run's abort reason on the terminal and on the report's first screen.
            return CredentialResolution.Failed(Advice);
        }
    }

    private async Task<AWSCredentials> GetProviderAsync(CancellationToken cancellationToken)
    {
        if (_provider is { } cached)
        {
            return cached;
        }

        // One resolution at a time: 64 concurrent first calls must not probe instance metadata 64 times.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _provider ??= await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
