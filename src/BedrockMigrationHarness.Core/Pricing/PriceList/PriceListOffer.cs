using System.Collections.Immutable;

namespace BedrockMigrationHarness.Pricing.PriceList;

/// <summary>The on-demand price dimensions of Amazon Bedrock's products read from one AWS Price List file.</summary>
/// <param name="File">The file, as shown to people.</param>
/// <param name="Shape">"bulk offer file" or "GetProducts response".</param>
/// <param name="Prices">Every price dimension of a product that names a <c>model</c>.</param>
/// <param name="ProductsWithoutModel">Products without a <c>model</c> attribute (guardrails, knowledge bases, …): not model prices.</param>
internal sealed record PriceListOffer(string File, string Shape, ImmutableArray<PriceListPrice> Prices, int ProductsWithoutModel);

/// <summary>One on-demand price dimension of a Bedrock product, as the Price List gives it.</summary>
/// <param name="Sku">The product's SKU.</param>
/// <param name="Model">The product's <c>model</c> attribute, e.g. "Nova Micro".</param>
/// <param name="RegionCode">The product's <c>regionCode</c> attribute, e.g. "us-east-1".</param>
/// <param name="UsageType">The product's <c>usagetype</c>, e.g. "USE1-NovaMicro-input-tokens".</param>
/// <param name="Unit">The dimension's <c>unit</c>, e.g. "1K tokens".</param>
/// <param name="Usd">The dimension's <c>pricePerUnit.USD</c>.</param>
/// <param name="Field">Where the price is in the file, for messages.</param>
/// <param name="PublicationDate">When AWS published the offer (or, for GetProducts, the item).</param>
/// <param name="Version">The offer's <c>version</c>.</param>
internal sealed record PriceListPrice(
    string Sku,
    string Model,
    string RegionCode,
    string UsageType,
    string Unit,
    decimal Usd,
    string Field,
    DateTimeOffset PublicationDate,
    string Version);

/// <summary>A Price List file that cannot be read; every problem names the file and the field.</summary>
public sealed class PriceListFormatException(ImmutableArray<string> problems) : Exception(string.Join('\n', problems))
{
    public ImmutableArray<string> Problems { get; } = problems;
}
