namespace BedrockMigrationHarness.Bedrock;

/// <summary>Fixed credentials: the emulator (<c>bmh emulate --require-sigv4 KEY:SECRET</c>) and tests.</summary>
public sealed class StaticCredentialSource(string accessKeyId, string secretAccessKey, string? sessionToken = null) : IAwsCredentialSource
{
    private readonly Task<CredentialResolution> _resolution =
        Task.FromResult(CredentialResolution.Resolved(new AwsCredentials(accessKeyId, secretAccessKey, sessionToken)));

    public Task<CredentialResolution> ResolveAsync(CancellationToken cancellationToken) => _resolution;
}
