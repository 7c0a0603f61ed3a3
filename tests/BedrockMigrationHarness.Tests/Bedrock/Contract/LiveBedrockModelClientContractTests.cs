using BedrockMigrationHarness.Bedrock;

namespace BedrockMigrationHarness.Tests.Bedrock.Contract;

/// <summary>
/// The same contract against real Amazon Bedrock. Runs only when <c>BMH_LIVE_BEDROCK=1</c> is set (it makes paid
/// calls) with credentials in the default AWS chain; models from <c>BMH_LIVE_MODEL</c> (default Nova Micro) and
/// <c>BMH_LIVE_ANTHROPIC_MODEL</c> (default Claude 3.5 Haiku), region from <c>AWS_REGION</c> or us-east-1.
/// </summary>
[TestFixture]
public sealed class LiveBedrockModelClientContractTests : ModelClientContract
{
    private protected override string ActiveModelId =>
        Environment.GetEnvironmentVariable("BMH_LIVE_MODEL") ?? "amazon.nova-micro-v1:0";

    private protected override string AnthropicModelId =>
        Environment.GetEnvironmentVariable("BMH_LIVE_ANTHROPIC_MODEL") ?? "anthropic.claude-3-5-haiku-20241022-v1:0";

    [OneTimeSetUp]
    public void RequireOptIn()
    {
        if (Environment.GetEnvironmentVariable("BMH_LIVE_BEDROCK") != "1")
        {
            Assert.Ignore("Live Bedrock contract tests make paid calls: set BMH_LIVE_BEDROCK=1 (and AWS credentials) to run them.");
        }
    }

    private protected override BedrockRuntimeClient CreateClient() =>
        BedrockClientFactory.CreateRuntime(BedrockClientOptions.ForAws(Environment.GetEnvironmentVariable("AWS_REGION")));
}
