using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Pricing.PriceList;

/// <summary>
/// Reads Amazon Bedrock's prices from AWS's Price List (docs/lifecycle-and-cost.md, "Prices from AWS's Price List"): a bulk
/// offer file (<c>offerCode</c>, <c>version</c>, <c>publicationDate</c>, <c>products</c> by SKU, <c>terms.OnDemand</c> by SKU
/// and offer term) or a saved Price List Query API GetProducts response (<c>PriceList</c>: one JSON text per product, with
/// its <c>product</c>, <c>serviceCode</c>, <c>terms</c>, <c>version</c> and <c>publicationDate</c>). Every byte is input:
/// a file that is not JSON, lacks a field or holds a price that is not a number fails with every problem named by file and
/// field (at most <see cref="MaxProblems"/>).
/// </summary>
internal static class PriceListReader
{
    /// <summary>The service code of Amazon Bedrock's offer.</summary>
    public const string BedrockOfferCode = "AmazonBedrock";

    /// <summary>How many problems are listed before the rest are only counted.</summary>
    public const int MaxProblems = 20;

    /// <summary>The largest file read: the all-region Bedrock offer is tens of megabytes; a larger file is refused before it is read.</summary>
    public static readonly InputFileKind Kind = new("price list file", 256L * 1024 * 1024);

    /// <summary>Reads the file at <paramref name="fullPath"/>.</summary>
    /// <exception cref="PriceListFormatException">The file cannot be read or is not a Bedrock price list; every problem is listed.</exception>
    public static PriceListOffer Read(string fullPath)
    {
        var file = DisplayPath.For(fullPath);
        var problems = new ProblemCollector();
        if (InputFile.ReadBytes(fullPath, file, Kind, null, problems) is not { } bytes)
        {
            throw new PriceListFormatException([.. problems.Sorted().Select(p => p.ToString())]);
        }

        return Parse(bytes, file);
    }

    /// <summary>Reads the bytes of the file <paramref name="file"/>.</summary>
    /// <exception cref="PriceListFormatException">As <see cref="Read"/>.</exception>
    public static PriceListOffer Parse(ReadOnlyMemory<byte> bytes, string file)
    {
        var parser = new Parser(file);
        using var document = parser.Document(bytes, null);
        var offer = document is null ? null : parser.Offer(document.RootElement);
        return parser.Problems.Count > 0 || offer is null
            ? throw new PriceListFormatException(parser.Listed())
            : offer;
    }

    private sealed class Parser(string file)
    {
        private readonly List<PriceListPrice> _prices = [];
        private int _withoutModel;

        public List<string> Problems { get; } = [];

        public ImmutableArray<string> Listed() =>
            Problems.Count <= MaxProblems
                ? [.. Problems]
                : [.. Problems.Take(MaxProblems), string.Create(CultureInfo.InvariantCulture, $"{file}: … and {Problems.Count - MaxProblems} more problems")];

        private void Report(string field, string message) => Problems.Add($"{file} ({field}): {message}");

        public JsonDocument? Document(ReadOnlyMemory<byte> bytes, string? field)
        {
            try
            {
                return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32 });
            }
            catch (JsonException e)
            {
                var where = field ?? string.Create(CultureInfo.InvariantCulture, $"line {(e.LineNumber ?? 0) + 1}");
                Report(where, $"not valid JSON ({Reason(e)}); save the whole `aws pricing get-products` output or the offer file as it was downloaded");
                return null;
            }
        }

        private static string Reason(JsonException e) => e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');

        public PriceListOffer? Offer(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Report("$", "must be a JSON object: a bulk offer file (offerCode, products, terms) or a GetProducts response (PriceList)");
                return null;
            }

            if (root.TryGetProperty("PriceList", out var list))
            {
                return GetProducts(list);
            }

            if (root.TryGetProperty("products", out _) || root.TryGetProperty("terms", out _))
            {
                return Bulk(root);
            }

            Report("$", "has neither `products` and `terms` (a bulk offer file) nor `PriceList` (a GetProducts response); " +
                        "download the AmazonBedrock offer file or save `aws pricing get-products --service-code AmazonBedrock` output");
            return null;
        }

        private PriceListOffer? Bulk(JsonElement root)
        {
            if (Text(root, "offerCode", "offerCode") is { } code && code != BedrockOfferCode)
            {
                Report("offerCode", $"is `{code}`, not {BedrockOfferCode}: this is not Amazon Bedrock's offer file");
                return null;
            }

            var version = Text(root, "version", "version");
            var published = Date(root, "publicationDate", "publicationDate");
            var products = Object(root, "products", "products");
            var onDemand = Object(root, "terms", "terms") is { } allTerms ? Object(allTerms, "OnDemand", "terms.OnDemand") : null;
            if (version is null || published is not { } date || products is not { } productMap || onDemand is not { } termMap)
            {
                return null;
            }

            foreach (var product in productMap.EnumerateObject())
            {
                var skuTerms = termMap.TryGetProperty(product.Name, out var found) ? found : default;
                Product(product.Value, $"products.{product.Name}", skuTerms, $"terms.OnDemand.{product.Name}", date, version);
            }

            return new PriceListOffer(file, "bulk offer file", [.. _prices], _withoutModel);
        }

        private PriceListOffer? GetProducts(JsonElement list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                Report("PriceList", "must be an array of price list items, as `aws pricing get-products` prints it");
                return null;
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"PriceList[{index++}]");
                switch (item.ValueKind)
                {
                    case JsonValueKind.String:
                        // The API returns each item as JSON text inside a string.
                        using (var inner = Document(System.Text.Encoding.UTF8.GetBytes(item.GetString()!), field))
                        {
                            if (inner is not null)
                            {
                                Item(inner.RootElement, field);
                            }
                        }

                        break;
                    case JsonValueKind.Object:
                        Item(item, field);
                        break;
                    default:
                        Report(field, "must be a price list item (JSON text or an object with product and terms)");
                        break;
                }
            }

            return new PriceListOffer(file, "GetProducts response", [.. _prices], _withoutModel);
        }

        private void Item(JsonElement item, string field)
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                Report(field, "must be an object with product, serviceCode, terms, version and publicationDate");
                return;
            }

            if (Text(item, "serviceCode", $"{field}.serviceCode") is { } code && code != BedrockOfferCode)
            {
                Report($"{field}.serviceCode", $"is `{code}`, not {BedrockOfferCode}; query `aws pricing get-products --service-code {BedrockOfferCode}`");
                return;
            }

            var version = Text(item, "version", $"{field}.version");
            var published = Date(item, "publicationDate", $"{field}.publicationDate");
            var product = Object(item, "product", $"{field}.product");
            var onDemand = Object(item, "terms", $"{field}.terms") is { } terms
                ? terms.TryGetProperty("OnDemand", out var d) ? d : default
                : (JsonElement?)null;
            if (version is not null && published is { } date && product is { } p && onDemand is { } o)
            {
                Product(p, $"{field}.product", o, $"{field}.terms.OnDemand", date, version);
            }
        }

        /// <summary>One product and its on-demand terms (<c>default</c> when it has none: provisioned-only products).</summary>
        private void Product(JsonElement product, string field, JsonElement onDemand, string termsField, DateTimeOffset published, string version)
        {
            if (product.ValueKind != JsonValueKind.Object)
            {
                Report(field, "must be an object with sku, productFamily and attributes");
                return;
            }

            var sku = Text(product, "sku", $"{field}.sku");
            var attributes = Object(product, "attributes", $"{field}.attributes");
            if (sku is null || attributes is not { } attrs)
            {
                return;
            }

            if (!attrs.TryGetProperty("model", out var modelElement) || modelElement.ValueKind != JsonValueKind.String || modelElement.GetString() is not { Length: > 0 } model)
            {
                _withoutModel++;
                return;
            }

            var usageType = Text(attrs, "usagetype", $"{field}.attributes.usagetype");
            var region = Text(attrs, "regionCode", $"{field}.attributes.regionCode");
            if (usageType is null || region is null || onDemand.ValueKind == JsonValueKind.Undefined)
            {
                return;
            }

            if (onDemand.ValueKind != JsonValueKind.Object)
            {
                Report(termsField, "must be an object of offer terms by offer term code");
                return;
            }

            // Both shapes key a product's on-demand terms by offer term code ("SKU.JRTCKXETXF"), each with its priceDimensions.
            foreach (var term in onDemand.EnumerateObject())
            {
                var termField = $"{termsField}.{term.Name}";
                if (term.Value.ValueKind != JsonValueKind.Object)
                {
                    Report(termField, "must be an object with priceDimensions");
                    continue;
                }

                if (Object(term.Value, "priceDimensions", $"{termField}.priceDimensions") is not { } dimensions)
                {
                    continue;
                }

                foreach (var dimension in dimensions.EnumerateObject())
                {
                    var dimensionField = $"{termField}.priceDimensions.{dimension.Name}";
                    if (Dimension(dimension.Value, dimensionField) is { } price)
                    {
                        _prices.Add(new PriceListPrice(sku, model, region, usageType, price.Unit, price.Usd, dimensionField, published, version));
                    }
                }
            }
        }

        private (string Unit, decimal Usd)? Dimension(JsonElement dimension, string field)
        {
            if (dimension.ValueKind != JsonValueKind.Object)
            {
                Report(field, "must be an object with unit and pricePerUnit");
                return null;
            }

            var unit = Text(dimension, "unit", $"{field}.unit");
            var usdText = Object(dimension, "pricePerUnit", $"{field}.pricePerUnit") is { } perUnit ? Text(perUnit, "USD", $"{field}.pricePerUnit.USD") : null;
            if (usdText is null || unit is null)
            {
                return null;
            }

            if (!decimal.TryParse(usdText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var usd))
            {
                Report($"{field}.pricePerUnit.USD", $"`{Shorten(usdText)}` is not a price in US dollars (a number such as \"0.0080000000\")");
                return null;
            }

            return (unit, usd);
        }

        private string? Text(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Report(field, "is missing");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
            {
                Report(field, "must be non-empty text");
                return null;
            }

            return text;
        }

        private JsonElement? Object(JsonElement parent, string name, string field)
        {
            if (!parent.TryGetProperty(name, out var value))
            {
                Report(field, "is missing");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Report(field, "must be an object");
                return null;
            }

            return value;
        }

        private DateTimeOffset? Date(JsonElement parent, string name, string field)
        {
            if (Text(parent, name, field) is not { } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
            {
                return date;
            }

            Report(field, $"`{Shorten(text)}` is not a date and time such as 2025-06-18T22:55:50Z");
            return null;
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
