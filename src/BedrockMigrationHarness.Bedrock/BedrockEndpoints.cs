namespace BedrockMigrationHarness.Bedrock;

/// <summary>The base URIs of the runtime (data plane) and the control plane.</summary>
internal sealed record BedrockEndpoints(Uri Runtime, Uri ControlPlane)
{
    /// <summary>
    /// <c>https://bedrock-runtime.{region}.amazonaws.com</c> and <c>https://bedrock.{region}.amazonaws.com</c>;
    /// an <paramref name="endpointOverride"/> replaces both (the emulator serves both APIs on one port).
    /// </summary>
    public static BedrockEndpoints For(string region, Uri? endpointOverride) =>
        endpointOverride is not null
            ? new BedrockEndpoints(endpointOverride, endpointOverride)
            : new BedrockEndpoints(
                new Uri($"https://bedrock-runtime.{region}.amazonaws.com"),
                new Uri($"https://bedrock.{region}.amazonaws.com"));
}
