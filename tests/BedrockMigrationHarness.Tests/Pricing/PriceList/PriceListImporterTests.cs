using BedrockMigrationHarness.Pricing.PriceList;

namespace BedrockMigrationHarness.Tests.Pricing.PriceList;

[TestFixture]
public sealed class PriceListImporterTests
{
    private static readonly Dictionary<string, string> NoNames = [];

    [Test]
    public void Import_BulkFixture_NovaPricesPerMillionVerifiedAsOfThePublicationDate()
    {
        var import = PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.Bulk), null, NoNames);

        var micro = import.Models["amazon.nova-micro-v1:0"];
        var pro = import.Models["amazon.nova-pro-v1:0"];
        Assert.Multiple(() =>
        {
            Assert.That(import.Region, Is.EqualTo("us-east-1"));
            Assert.That(import.Models.Keys, Is.EqualTo(new[] { "amazon.nova-micro-v1:0", "amazon.nova-pro-v1:0" }));
            // $0.000035 and $0.00014 per 1K tokens are $0.035 and $0.14 per million.
            Assert.That((micro.InputPerMillion, micro.OutputPerMillion, micro.CacheReadPerMillion, micro.CacheWritePerMillion), Is.EqualTo((0.035, 0.14, (double?)null, (double?)null)));
            Assert.That((pro.InputPerMillion, pro.OutputPerMillion, pro.CacheReadPerMillion), Is.EqualTo((0.8, 3.2, (double?)0.2)));
            Assert.That(micro.Verified, Is.True);
            Assert.That(micro.AsOf, Is.EqualTo(new DateOnly(2025, 6, 18)));
            // Batch: $0.0000175 and $0.00007 per 1K tokens (…-input-tokens-batch, …-output-tokens-batch); Nova Pro has none in the fixture.
            Assert.That((micro.BatchInputPerMillion, micro.BatchOutputPerMillion), Is.EqualTo(((double?)0.0175, (double?)0.07)));
            Assert.That((pro.BatchInputPerMillion, pro.BatchOutputPerMillion, pro.HasBatchPrices), Is.EqualTo(((double?)null, (double?)null, false)));
            Assert.That(micro.Source, Is.EqualTo("AWS Price List, AmazonBedrock offer version 20250618225550 (bedrock-offer-us-east-1.json), us-east-1: " +
                                                 "USE1-NovaMicro-input-tokens, USE1-NovaMicro-input-tokens-batch, USE1-NovaMicro-output-tokens, USE1-NovaMicro-output-tokens-batch"));
            Assert.That(micro.ExtendedAccessMultiplier, Is.EqualTo(2));
        });
    }

    [Test]
    public void Import_BulkFixture_ListsWhatItLeftOutWithoutGuessing()
    {
        var import = PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.Bulk), "us-east-1", NoNames);

        Assert.That(import.Notes, Is.EqualTo(new[]
        {
            "Claude 2.0: no output token price in us-east-1 (only input); not written",
            "Llama 3.3 70B: no Bedrock model id is known for this Price List model; not written (name it with --map \"Llama 3.3 70B=MODEL_ID\")",
        }));
    }

    [Test]
    public void Import_GetProductsFixture_SameTableAsTheBulkFile()
    {
        var bulk = PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.Bulk), null, NoNames);
        var items = PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.GetProducts), null, NoNames);

        Assert.That(items.Models.Values.Select(p => (p.InputPerMillion, p.OutputPerMillion, p.CacheReadPerMillion, p.BatchInputPerMillion, p.BatchOutputPerMillion, p.AsOf)),
            Is.EqualTo(bulk.Models.Values.Select(p => (p.InputPerMillion, p.OutputPerMillion, p.CacheReadPerMillion, p.BatchInputPerMillion, p.BatchOutputPerMillion, p.AsOf))));
        Assert.That(items.Models.Keys, Is.EqualTo(bulk.Models.Keys));
    }

    [Test]
    public void Import_MapNamesAModel_ItIsWritten()
    {
        var names = new Dictionary<string, string> { ["Llama 3.3 70B"] = "meta.llama3-3-70b-instruct-v1:0" };

        var import = PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.Bulk), null, names);

        var llama = import.Models["meta.llama3-3-70b-instruct-v1:0"];
        Assert.That((llama.InputPerMillion, llama.OutputPerMillion), Is.EqualTo((0.72, 0.72)));
        Assert.That(import.Notes, Has.None.Contains("Llama"));
    }

    [Test]
    public void Import_PerMillionUnitAndCacheWrite_KeptAsTheyAre()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.06", "1M tokens", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-output-tokens", "0.24", "1M tokens", sku: "B"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-cache-write-input-token-count", "0.00006", sku: "C"));

        var lite = PriceListImporter.Import(offer, null, NoNames).Models["amazon.nova-lite-v1:0"];

        Assert.That((lite.InputPerMillion, lite.OutputPerMillion, lite.CacheWritePerMillion), Is.EqualTo((0.06, 0.24, (double?)0.06)));
    }

    [Test]
    public void Import_BatchInputWithoutBatchOutput_OnDemandWrittenBatchLeftOutWithANote()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.00006", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-output-tokens", "0.00024", sku: "B"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens-batch", "0.00003", sku: "C"));

        var import = PriceListImporter.Import(offer, null, NoNames);

        var lite = import.Models["amazon.nova-lite-v1:0"];
        Assert.That((lite.InputPerMillion, lite.OutputPerMillion, lite.BatchInputPerMillion, lite.BatchOutputPerMillion), Is.EqualTo((0.06, 0.24, (double?)null, (double?)null)));
        Assert.That(import.Notes, Is.EqualTo(new[] { "Nova Lite: only a batch input token price in us-east-1; batch prices are written as a pair, so it is left out" }));
    }

    [Test]
    public void Import_TwoDifferentBatchOutputPrices_RefusedNamingBoth()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-output-tokens-batch", "0.00012", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-Nova-Lite-output-tokens-batch", "0.00013", sku: "B"));

        var problems = Assert.Throws<PriceListFormatException>(() => PriceListImporter.Import(offer, null, NoNames))!.Problems;

        Assert.That(problems.Single(), Does.Contain("Nova Lite has two batch output prices in us-east-1: $0.12 (USE1-NovaLite-output-tokens-batch) and $0.13"));
    }

    [Test]
    public void Import_UnknownUnit_LeftOutWithANote()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.06", "Characters", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-output-tokens", "0.24", "1M tokens", sku: "B"));

        var import = PriceListImporter.Import(offer, null, NoNames);

        Assert.That(import.Models, Is.Empty);
        Assert.That(import.Notes[0], Is.EqualTo("Nova Lite: USE1-NovaLite-input-tokens is priced per `Characters`, not per 1K or 1M tokens; left out"));
    }

    [Test]
    public void Import_PriorityFlexAndCrossRegionUsageTypes_AreNotTheOnDemandPrice()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.00006", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-output-tokens", "0.00024", sku: "B"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens-priority", "0.9", sku: "C"),
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens-cross-region-global", "0.9", sku: "D"));

        var lite = PriceListImporter.Import(offer, null, NoNames).Models["amazon.nova-lite-v1:0"];

        Assert.That((lite.InputPerMillion, lite.OutputPerMillion), Is.EqualTo((0.06, 0.24)));
    }

    [Test]
    public void Import_SeveralRegionsWithoutRegion_AsksForOne()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.06", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USW2-NovaLite-input-tokens", "0.06", region: "us-west-2", sku: "B"));

        var problems = Assert.Throws<PriceListFormatException>(() => PriceListImporter.Import(offer, null, NoNames))!.Problems;

        Assert.That(problems.Single(), Is.EqualTo("list.json: holds prices of 2 regions (us-east-1, us-west-2); choose one with --region"));
    }

    [Test]
    public void Import_RegionNotInTheFile_SaysWhichAreThere()
    {
        var problems = Assert.Throws<PriceListFormatException>(() =>
            PriceListImporter.Import(PriceListReader.Read(PriceListFixtures.Bulk), "eu-west-1", NoNames))!.Problems;

        Assert.That(problems.Single(), Is.EqualTo("bedrock-offer-us-east-1.json: has no Bedrock model price for region eu-west-1; it has us-east-1")
            .Or.EndsWith("bedrock-offer-us-east-1.json: has no Bedrock model price for region eu-west-1; it has us-east-1"));
    }

    [Test]
    public void Import_TwoDifferentInputPricesForOneModel_RefusedNamingBoth()
    {
        var offer = PriceListFixtures.Offer(
            PriceListFixtures.Item("Nova Lite", "USE1-NovaLite-input-tokens", "0.00006", sku: "A"),
            PriceListFixtures.Item("Nova Lite", "USE1-Nova-Lite-input-tokens", "0.00007", sku: "B"));

        var problems = Assert.Throws<PriceListFormatException>(() => PriceListImporter.Import(offer, null, NoNames))!.Problems;

        Assert.That(problems.Single(), Does.Contain("Nova Lite has two input prices in us-east-1: $0.06 (USE1-NovaLite-input-tokens) and $0.07 (USE1-Nova-Lite-input-tokens)"));
    }
}
