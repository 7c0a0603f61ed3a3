using Amazon.Runtime;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>Which region to call: the explicit one, else the AWS default chain (<c>AWS_REGION</c>, profile, instance metadata), else us-east-1.</summary>
public static class RegionResolver
{
    /// <summary>The region used when neither the caller nor the environment names one.</summary>
    public const string DefaultRegion = "us-east-1";

    public static string Resolve(string? explicitRegion)
    {
        if (!string.IsNullOrWhiteSpace(explicitRegion))
        {
            return explicitRegion.Trim();
        }

        try
        {
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName ?? DefaultRegion;
        }
        catch (AmazonClientException)
        {
            return DefaultRegion;
        }
    }
}
