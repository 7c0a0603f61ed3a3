using BedrockMigrationHarness.Cli.Commands;

namespace BedrockMigrationHarness.Tests.Cli.Commands;

[TestFixture]
public sealed class CatalogSuggestionTests
{
    private static readonly string[] Catalog =
    [
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "amazon.nova-pro-v1:0",
    ];

    [TestCase("anthropic.claude-3-5-sonet-20241022-v2:0", "anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [TestCase("us.anthropic.claude-3-5-haiku-20241022-v1.0", "us.anthropic.claude-3-5-haiku-20241022-v1:0")]
    [TestCase("Amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0")]
    public void For_IdATypoAway_IsTheCatalogIdWithTheProfilePrefixKept(string typed, string expected) =>
        Assert.That(CatalogSuggestion.For(typed, Catalog), Is.EqualTo(expected));

    [TestCase("anthropic.claude-v2:1")]
    [TestCase("meta.llama3-70b-instruct-v1:0")]
    public void For_NothingNear_IsNull(string typed) =>
        Assert.That(CatalogSuggestion.For(typed, Catalog), Is.Null);
}
