using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Tests.Pricing.PriceList;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh prices import` in-process, on the real-format Price List fixtures.</summary>
[TestFixture]
public sealed class PricesCommandTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private static PriceTable ReadBack(string path)
    {
        var problems = new ProblemCollector();
        var table = PriceTableReader.Read(path, problems);
        Assert.That(problems.Sorted(), Is.Empty);
        return table!;
    }

    [Test]
    public async Task PricesImport_BulkOffer_WritesTheDefaultTableReadBackByPriceTableReader()
    {
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("prices", "import", PriceListFixtures.Bulk);

        var table = ReadBack(_dir.File(Path.Combine("prompts", "pricing.yaml")));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(cli.Out, Does.Contain("2 models priced from AWS's Price List (us-east-1), 1 of them with batch prices"));
            Assert.That(cli.Error, Does.Contain("note: Claude 2.0: no output token price in us-east-1 (only input); not written"));
            Assert.That(table.Models.Keys, Is.EqualTo(new[] { "amazon.nova-micro-v1:0", "amazon.nova-pro-v1:0" }));
            Assert.That(table.Models.Values, Has.All.Matches<ModelPrice>(p => p.Verified && p.AsOf == new DateOnly(2025, 6, 18)));
            Assert.That(table.Find("us.amazon.nova-pro-v1:0")!.CacheReadPerMillion, Is.EqualTo(0.2));
            Assert.That((table.Models["amazon.nova-micro-v1:0"].BatchInputPerMillion, table.Models["amazon.nova-micro-v1:0"].BatchOutputPerMillion),
                Is.EqualTo(((double?)0.0175, (double?)0.07)));
            Assert.That(cli.Error, Does.Not.Contain("batch"));
        });
    }

    [Test]
    public async Task PricesImport_IntoTheRepositoryTable_KeepsOtherEntriesUnverifiedAndReplacesImportedOnes()
    {
        var table = _dir.File("pricing.yaml");
        File.Copy(Path.Combine(RepoPaths.Root, "prompts", "pricing.yaml"), table);
        var before = ReadBack(table);
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("prices", "import", PriceListFixtures.GetProducts, "--out", "pricing.yaml", "--region", "us-east-1",
            "--map", "Llama 3.3 70B=meta.llama3-3-70b-instruct-v1:0");

        var after = ReadBack(table);
        var kept = before.Models.Keys.Except(["amazon.nova-micro-v1:0", "amazon.nova-pro-v1:0", "meta.llama3-3-70b-instruct-v1:0"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(kept.Select(id => after.Models[id]), Is.EqualTo(kept.Select(id => before.Models[id])));
            Assert.That(kept.Select(id => after.Models[id].Verified), Has.All.False);
            Assert.That(after.Models["amazon.nova-micro-v1:0"].Verified, Is.True);
            Assert.That(after.Models["amazon.nova-micro-v1:0"].Source, Does.StartWith("AWS Price List, AmazonBedrock offer version 20250618225550 (get-products-us-east-1.json)"));
            Assert.That(after.Models["meta.llama3-3-70b-instruct-v1:0"].OutputPerMillion, Is.EqualTo(0.72));
            Assert.That(cli.Out, Does.Contain($", {kept.Count} kept from the previous table ({kept.Count} of them unverified)."));
        });
    }

    [Test]
    public async Task PricesImport_NotJson_Exit2NamingTheFileAndWritesNothing()
    {
        File.WriteAllText(_dir.File("offer.json"), "{ \"products\": ");
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("prices", "import", "offer.json", "--out", "out.yaml");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("offer.json (line 1): not valid JSON"));
        Assert.That(File.Exists(_dir.File("out.yaml")), Is.False);
    }

    [Test]
    public async Task PricesImport_BadMapOrBrokenExistingTable_Exit2()
    {
        File.WriteAllText(_dir.File("broken.yaml"), "models: 3\n");
        var cli = new CliHarness(_dir.Path);

        var badMap = await cli.RunAsync("prices", "import", PriceListFixtures.Bulk, "--out", "t.yaml", "--map", "Llama 3.3 70B");
        var mapError = cli.Error;
        var broken = await cli.RunAsync("prices", "import", PriceListFixtures.Bulk, "--out", "broken.yaml");

        Assert.That((badMap, broken), Is.EqualTo((ExitCodes.BadInput, ExitCodes.BadInput)));
        Assert.That(mapError, Does.Contain("--map `Llama 3.3 70B`: write NAME=MODEL_ID"));
        Assert.That(cli.Error, Does.Contain("broken.yaml: the price table already there has problems; fix them or choose another --out"));
        Assert.That(File.ReadAllText(_dir.File("broken.yaml")), Is.EqualTo("models: 3\n"));
    }

    [Test]
    public async Task PricesImport_Help_NamesTheOptionsAndExitCodes()
    {
        var cli = new CliHarness(_dir.Path);

        await cli.RunAsync("prices", "import", "--help");

        Assert.That(cli.Out, Does.Contain("--out").And.Contain("--region").And.Contain("--map").And.Contain("Exit codes: 0 written, 2 bad input"));
    }
}
