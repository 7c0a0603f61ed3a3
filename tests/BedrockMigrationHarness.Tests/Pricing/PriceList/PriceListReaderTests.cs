using System.Text;
using BedrockMigrationHarness.Pricing.PriceList;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Pricing.PriceList;

[TestFixture]
public sealed class PriceListReaderTests
{
    [Test]
    public void Read_BulkOfferFixture_ReadsEveryPriceDimensionWithTheOffersDate()
    {
        var offer = PriceListReader.Read(PriceListFixtures.Bulk);

        var claude = offer.Prices.Single(p => p.Model == "Claude 2.0");
        Assert.Multiple(() =>
        {
            Assert.That(offer.Shape, Is.EqualTo("bulk offer file"));
            Assert.That(offer.Prices, Has.Length.EqualTo(10));
            Assert.That(claude.UsageType, Is.EqualTo("USE1-Claude2.0-input-tokens"));
            Assert.That(claude.Unit, Is.EqualTo("1K tokens"));
            Assert.That(claude.Usd, Is.EqualTo(0.008m));
            Assert.That(claude.RegionCode, Is.EqualTo("us-east-1"));
            Assert.That(claude.Version, Is.EqualTo("20250618225550"));
            Assert.That(claude.PublicationDate, Is.EqualTo(new DateTimeOffset(2025, 6, 18, 22, 55, 50, TimeSpan.Zero)));
            Assert.That(claude.Field, Is.EqualTo("terms.OnDemand.3G679R3Y8YSQSJTA.3G679R3Y8YSQSJTA.JRTCKXETXF.priceDimensions.3G679R3Y8YSQSJTA.JRTCKXETXF.6YS6EN2CT7"));
        });
    }

    [Test]
    public void Read_GetProductsFixture_SamePricesAsTheBulkFile()
    {
        static IEnumerable<string> Key(PriceListOffer o) => o.Prices.Select(p => $"{p.Sku} {p.Model} {p.RegionCode} {p.UsageType} {p.Unit} {p.Usd}").Order();

        var bulk = PriceListReader.Read(PriceListFixtures.Bulk);
        var items = PriceListReader.Read(PriceListFixtures.GetProducts);

        Assert.That(items.Shape, Is.EqualTo("GetProducts response"));
        Assert.That(Key(items), Is.EqualTo(Key(bulk)));
    }

    [Test]
    public void Parse_ProductWithoutModel_CountedNotPriced()
    {
        var offer = PriceListFixtures.Offer("""
            {"product":{"sku":"G1","attributes":{"usagetype":"USE1-Guardrail-units","regionCode":"us-east-1"}},"serviceCode":"AmazonBedrock",
             "terms":{"OnDemand":{}},"version":"1","publicationDate":"2025-06-18T22:55:50Z"}
            """);

        Assert.That((offer.Prices.Length, offer.ProductsWithoutModel), Is.EqualTo((0, 1)));
    }

    private static string ProblemsOf(string json) =>
        string.Join("\n", Assert.Throws<PriceListFormatException>(() => PriceListReader.Parse(Encoding.UTF8.GetBytes(json), "offer.json"))!.Problems);

    [Test]
    public void Parse_NotJson_NamesFileAndLine()
    {
        Assert.That(ProblemsOf("{\n  \"products\": {,\n}"), Does.StartWith("offer.json (line 2): not valid JSON"));
    }

    [Test]
    public void Parse_NeitherShape_SaysWhatFileIsExpected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ProblemsOf("""{"offers":{}}"""), Does.Contain("offer.json ($): has neither `products` and `terms`"));
            Assert.That(ProblemsOf("[1,2]"), Does.Contain("offer.json ($): must be a JSON object"));
        });
    }

    [Test]
    public void Parse_OfferOfAnotherService_Refused()
    {
        Assert.That(ProblemsOf("""{"offerCode":"AmazonEC2","version":"1","publicationDate":"2025-01-01T00:00:00Z","products":{},"terms":{"OnDemand":{}}}"""),
            Is.EqualTo("offer.json (offerCode): is `AmazonEC2`, not AmazonBedrock: this is not Amazon Bedrock's offer file"));
    }

    [Test]
    public void Parse_BulkWithoutPublicationDateOrOnDemandTerms_NamesEachMissingField()
    {
        var problems = ProblemsOf("""{"offerCode":"AmazonBedrock","version":"1","products":{},"terms":{}}""");

        Assert.That(problems, Does.Contain("offer.json (publicationDate): is missing"));
        Assert.That(problems, Does.Contain("offer.json (terms.OnDemand): is missing"));
    }

    [Test]
    public void Parse_PriceThatIsNotANumber_NamesTheField()
    {
        var problems = ProblemsOf($$"""{"PriceList":[{{PriceListFixtures.Item("Nova Micro", "USE1-NovaMicro-input-tokens", "0.0001abc")}}]}""");

        Assert.That(problems, Is.EqualTo("offer.json (PriceList[0].terms.OnDemand.SKU1.JRTCKXETXF.priceDimensions.SKU1.JRTCKXETXF.6YS6EN2CT7.pricePerUnit.USD): " +
                                         "`0.0001abc` is not a price in US dollars (a number such as \"0.0080000000\")"));
    }

    [TestCase("-1")]
    [TestCase("1e-5")]
    [TestCase("99999999999999999999999999999999999")]
    public void Parse_NegativeExponentOrHugePrice_Refused(string usd)
    {
        Assert.That(ProblemsOf($$"""{"PriceList":[{{PriceListFixtures.Item("Nova Micro", "USE1-NovaMicro-input-tokens", usd)}}]}"""),
            Does.Contain("is not a price in US dollars"));
    }

    [Test]
    public void Parse_ItemTextThatIsNotJsonOrOfAnotherService_NamesTheItem()
    {
        var other = PriceListFixtures.Item("Nova Micro", "USE1-NovaMicro-input-tokens", "0.1").Replace("\"serviceCode\":\"AmazonBedrock\"", "\"serviceCode\":\"AmazonS3\"", StringComparison.Ordinal);

        var problems = ProblemsOf($$"""{"PriceList":["{\"product\": ", {{other}}, 7]}""");

        Assert.That(problems, Does.Contain("offer.json (PriceList[0]): not valid JSON"));
        Assert.That(problems, Does.Contain("offer.json (PriceList[1].serviceCode): is `AmazonS3`, not AmazonBedrock"));
        Assert.That(problems, Does.Contain("offer.json (PriceList[2]): must be a price list item"));
    }

    [Test]
    public void Parse_DimensionWithoutUnitOrUsd_NamesEachField()
    {
        var item = PriceListFixtures.Item("Nova Micro", "USE1-NovaMicro-input-tokens", "0.1")
            .Replace("\"unit\":\"1K tokens\",\"pricePerUnit\":{\"USD\":\"0.1\"}", "\"pricePerUnit\":{\"EUR\":\"0.1\"}", StringComparison.Ordinal);

        var problems = ProblemsOf($$"""{"PriceList":[{{item}}]}""");

        Assert.That(problems, Does.Contain(".6YS6EN2CT7.unit): is missing"));
        Assert.That(problems, Does.Contain(".6YS6EN2CT7.pricePerUnit.USD): is missing"));
    }

    [Test]
    public void Parse_ManyProblems_ListsTwentyAndCountsTheRest()
    {
        var items = Enumerable.Range(0, 25).Select(i => PriceListFixtures.Item("M", "USE1-M-input-tokens", "x", sku: $"S{i}"));

        var problems = Assert.Throws<PriceListFormatException>(() =>
            PriceListReader.Parse(Encoding.UTF8.GetBytes($$"""{"PriceList":[{{string.Join(",", items)}}]}"""), "offer.json"))!.Problems;

        Assert.That(problems, Has.Length.EqualTo(PriceListReader.MaxProblems + 1));
        Assert.That(problems[^1], Is.EqualTo("offer.json: … and 5 more problems"));
    }

    [Test]
    public void Read_FileLargerThanTheLimit_RefusedBeforeReading()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.json");
        using (var stream = File.Create(path))
        {
            // Sparse: no byte is written, the size alone is over the limit.
            stream.SetLength(PriceListReader.Kind.MaxBytes + 1);
        }

        var problems = Assert.Throws<PriceListFormatException>(() => PriceListReader.Read(path))!.Problems;

        Assert.That(problems.Single(), Does.Contain("is larger than 256 MiB, the most a price list file may hold"));
    }

    [Test]
    public void Read_MissingFile_NamesIt()
    {
        var problems = Assert.Throws<PriceListFormatException>(() => PriceListReader.Read(Path.Combine(Path.GetTempPath(), "bmh-no-such-offer.json")))!.Problems;

        Assert.That(problems.Single(), Does.Contain("the price list file").And.Contain("was not found"));
    }
}
