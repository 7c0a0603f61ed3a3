namespace BedrockMigrationHarness.Bedrock;

/// <summary>Where the clients get credentials for each call. Never throws but for cancellation.</summary>
public interface IAwsCredentialSource
{
    Task<CredentialResolution> ResolveAsync(CancellationToken cancellationToken);
}
