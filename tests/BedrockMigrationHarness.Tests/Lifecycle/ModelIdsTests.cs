using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Tests.Lifecycle;

[TestFixture]
public sealed class ModelIdsTests
{
    [TestCase("anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [TestCase("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [TestCase("eu.amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0")]
    [TestCase("apac.anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-haiku-20241022-v1:0")]
    [TestCase("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0")]
    [TestCase("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0", "amazon.nova-lite-v1:0")]
    public void BaseModelId_StripsProfilePrefixAndArn(string id, string expected) =>
        Assert.That(ModelIds.BaseModelId(id), Is.EqualTo(expected));

    [TestCase("anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [TestCase("us.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [TestCase("amazon.nova-micro-v1:0")]
    [TestCase("meta.llama3-70b-instruct-v1:0")]
    [TestCase("anthropic.claude-v2:1")]
    [TestCase("anthropic.claude-3-haiku-20240307")]
    [TestCase("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123")]
    public void IsPinned_DateOrVersion_IsPinned(string id)
    {
        Assert.That(ModelIds.IsPinned(id), Is.True);
        Assert.That(ModelIds.PinningWarning(id, "baseline"), Is.Null);
    }

    [TestCase("anthropic.claude-3-5-sonnet")]
    [TestCase("us.anthropic.claude-sonnet-4-5")]
    [TestCase("amazon.nova-pro")]
    [TestCase("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite")]
    public void IsPinned_Alias_WarnsWithWhyOnOneLine(string id)
    {
        Assert.That(ModelIds.IsPinned(id), Is.False);
        var warning = ModelIds.PinningWarning(id, "candidate");
        Assert.That(warning, Does.StartWith("warning: candidate '" + id + "' is an unpinned alias").And.Contain("newer model version"));
        Assert.That(warning, Does.Not.Contain("\n"));
    }
}
