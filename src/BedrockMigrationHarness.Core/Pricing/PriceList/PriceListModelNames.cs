using System.Collections.Frozen;

namespace BedrockMigrationHarness.Pricing.PriceList;

/// <summary>
/// The Bedrock model ids of the Price List's <c>model</c> names this project has seen in published Price List excerpts
/// (tests/.../Fixtures/PriceList/README.md). The Price List names models for people ("Nova Micro"), not by id; a name not
/// here is listed by the import, never guessed, and <c>bmh prices import --map "NAME=ID"</c> names it.
/// </summary>
internal static class PriceListModelNames
{
    public static readonly FrozenDictionary<string, string> Known = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Nova Micro"] = "amazon.nova-micro-v1:0",
        ["Nova Lite"] = "amazon.nova-lite-v1:0",
        ["Nova Pro"] = "amazon.nova-pro-v1:0",
        ["Claude 2.0"] = "anthropic.claude-v2",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
