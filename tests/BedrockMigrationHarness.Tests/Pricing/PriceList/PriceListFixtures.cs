using System.Text;
using BedrockMigrationHarness.Pricing.PriceList;

namespace BedrockMigrationHarness.Tests.Pricing.PriceList;

/// <summary>The real-format Price List fixtures (Fixtures/PriceList/README.md) and small hand-made items for edge cases.</summary>
internal static class PriceListFixtures
{
    public static string Bulk => Path.Combine(AppContext.BaseDirectory, "Fixtures", "PriceList", "bedrock-offer-us-east-1.json");

    public static string GetProducts => Path.Combine(AppContext.BaseDirectory, "Fixtures", "PriceList", "get-products-us-east-1.json");

    /// <summary>One GetProducts item in the fixture's shape.</summary>
    public static string Item(string model, string usageType, string usd, string unit = "1K tokens", string region = "us-east-1", string sku = "SKU1") =>
        """
        {"product":{"sku":"SKU","productFamily":"Amazon Bedrock","attributes":{"regionCode":"REGION","servicecode":"AmazonBedrock",
        "usagetype":"USAGETYPE","model":"MODEL"}},"serviceCode":"AmazonBedrock",
        "terms":{"OnDemand":{"SKU.JRTCKXETXF":{"priceDimensions":{"SKU.JRTCKXETXF.6YS6EN2CT7":{"unit":"UNIT","pricePerUnit":{"USD":"PRICE"}}},
        "sku":"SKU","offerTermCode":"JRTCKXETXF"}}},"version":"20250618225550","publicationDate":"2025-06-18T22:55:50Z"}
        """.Replace("SKU", sku, StringComparison.Ordinal).Replace("REGION", region, StringComparison.Ordinal)
            .Replace("USAGETYPE", usageType, StringComparison.Ordinal).Replace("MODEL", model, StringComparison.Ordinal)
            .Replace("UNIT", unit, StringComparison.Ordinal).Replace("PRICE", usd, StringComparison.Ordinal);

    /// <summary>A GetProducts response of the given items (as objects, the way boto3 users often save them).</summary>
    public static PriceListOffer Offer(params string[] items) =>
        PriceListReader.Parse(Encoding.UTF8.GetBytes($$"""{"FormatVersion":"aws_v1","PriceList":[{{string.Join(",", items)}}]}"""), "list.json");
}
