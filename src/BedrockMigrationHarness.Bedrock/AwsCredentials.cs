namespace BedrockMigrationHarness.Bedrock;

/// <summary>A resolved key pair and optional session token. <see cref="ToString"/> never shows the secret or the token.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken)
{
    /// <summary>Only the access key id: the record must never print a secret into a log or a message.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>The credentials, or why there are none (a message for a person, without secret values).</summary>
public sealed record CredentialResolution(AwsCredentials? Credentials, string? Error)
{
    public static CredentialResolution Resolved(AwsCredentials credentials) => new(credentials, null);

    public static CredentialResolution Failed(string error) => new(null, error);
}
