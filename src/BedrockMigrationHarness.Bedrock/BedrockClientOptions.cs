
namespace BedrockMigrationHarness.Bedrock;

/// <summary>How to reach Bedrock.</summary>
/// <param name="Region">The region to call and sign for.</param>
/// <param name="EndpointOverride">Replaces both the runtime and the control-plane endpoint (the emulator); null for AWS.</param>
/// <param name="Credentials">Where credentials come from on each call.</param>
/// <param name="MaxConnections">Connections per server; at least the run's concurrency. Default 256.</param>
/// <param name="MaxResponseBytes">
/// The most bytes read from one response (a whole body, or a whole event stream; also the largest event-stream frame).
/// A response above it ends the call as <see cref="Vocabulary.CallOutcome.MalformedResponse"/> as soon as that is
/// known, so a body that never ends costs at most this much memory. Default 16 MiB, the largest event-stream message
/// the AWS event-stream libraries accept.
/// </param>
public sealed record BedrockClientOptions(
    string Region,
    Uri? EndpointOverride,
    IAwsCredentialSource Credentials,
    int MaxConnections = BedrockClientOptions.DefaultMaxConnections,
    long MaxResponseBytes = BedrockClientOptions.DefaultMaxResponseBytes)
{
    public const int DefaultMaxConnections = 256;

    public const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>Real AWS: the region given, else the default chain's, else us-east-1; credentials from the default chain.</summary>
    public static BedrockClientOptions ForAws(string? region, Uri? endpointOverride = null) =>
        new(RegionResolver.Resolve(region), endpointOverride, new DefaultChainCredentialSource());

    /// <summary>
    /// The loopback emulator at <paramref name="endpoint"/>, signing with the fixed key pair it was started with
    /// (<c>--require-sigv4 KEY:SECRET</c>; any pair when it does not check signatures).
    /// </summary>
    public static BedrockClientOptions ForEmulator(Uri endpoint, string accessKeyId, string secretAccessKey, string region = RegionResolver.DefaultRegion) =>
        new(region, endpoint, new StaticCredentialSource(accessKeyId, secretAccessKey));
}
