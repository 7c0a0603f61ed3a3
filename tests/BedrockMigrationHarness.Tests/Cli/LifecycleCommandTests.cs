using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Reports;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh lifecycle` in-process against the in-process emulator's catalog, with a fixed clock.</summary>
[TestFixture]
public sealed class LifecycleCommandTests
{
    private const string Active = "acme.active-model-v1:0";
    private const string Legacy = "acme.legacy-model-20240101-v2:0";
    private const string Extended = "acme.extended-model-v1:0";
    private const string Gone = "acme.gone-model-v1:0";

    /// <summary>2026-11-25 12:00 UTC: Legacy is LEGACY (95.5 days left), Extended is past its extended-access date.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private const string Profile = $"""
        seed: 1
        models:
          "{Active}":
            lifecycle: ACTIVE
          "{Legacy}":
            lifecycle: LEGACY
            legacy_time: 2026-09-01
            public_extended_access_time: 2026-12-01
            end_of_life_time: 2027-03-01
          "{Extended}":
            lifecycle: LEGACY
            legacy_time: 2026-06-01
            public_extended_access_time: 2026-11-01
            end_of_life_time: 2027-01-15
          "{Gone}":
            lifecycle: EOL
        """;

    private EmulatorServer _emulator = null!;
    private TempDirectory _dir = null!;

    [OneTimeSetUp]
    public async Task StartEmulator() =>
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions(EmulatorProfile.Parse(Profile, "p.yaml")));

    [OneTimeTearDown]
    public async Task StopEmulator() => await _emulator.DisposeAsync();

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private CliHarness Cli() => new(_dir.Path, new FakeTimeProvider(Now));

    private string Endpoint => _emulator.BaseAddress.ToString();

    [Test]
    public async Task Lifecycle_JsonFormat_MatchesGoldenFile()
    {
        var cli = Cli();

        var code = await cli.RunAsync("lifecycle", Active, "us." + Legacy, Extended, Gone, "--endpoint", Endpoint, "--region", "us-east-1", "--format", "json");

        Assert.That(code, Is.EqualTo(ExitCodes.NotInCatalog), cli.Error);
        Golden.Verify("lifecycle.json", cli.Out);
    }

    [Test]
    public async Task Lifecycle_Json_ClassifiesEachModel()
    {
        var cli = Cli();

        await cli.RunAsync("lifecycle", Active, "us." + Legacy, Extended, Gone, "--endpoint", Endpoint, "--format", "json");

        using var json = JsonDocument.Parse(cli.Out);
        var models = json.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.That(models.Select(m => m.GetProperty("status").GetString()),
            Is.EqualTo(new[] { "ACTIVE", "LEGACY", "EXTENDED_ACCESS", "NOT_IN_CATALOG" }));
        Assert.That(models[3].TryGetProperty("daysLeft", out _), Is.False, "a model the catalog does not hold has no days left we know of");
        Assert.That(models[1].GetProperty("lookupId").GetString(), Is.EqualTo(Legacy), "the inference profile resolves to its base model");
        Assert.That(models[1].GetProperty("daysLeft").GetInt32(), Is.EqualTo(95));
        Assert.That(json.RootElement.GetProperty("formatVersion").GetInt32(), Is.EqualTo(LifecycleDocument.CurrentFormatVersion));
    }

    [TestCase("legacy", new[] { Active }, ExitCodes.Go)]
    [TestCase("legacy", new[] { Active, Legacy }, ExitCodes.NoGo)]
    [TestCase("extended-access", new[] { Active, Legacy }, ExitCodes.Go)]
    [TestCase("extended-access", new[] { Extended }, ExitCodes.NoGo)]
    [TestCase("eol", new[] { Legacy, Extended }, ExitCodes.Go)]
    [TestCase("eol", new[] { Gone }, ExitCodes.NotInCatalog)]
    [TestCase("legacy", new[] { Legacy, Gone }, ExitCodes.NotInCatalog)]
    public async Task Lifecycle_FailOn_ExitsOneOnlyWhenAModelReachedTheStage(string failOn, string[] models, int expected)
    {
        var cli = Cli();

        var code = await cli.RunAsync(["lifecycle", .. models, "--endpoint", Endpoint, "--fail-on", failOn]);

        Assert.That(code, Is.EqualTo(expected), cli.Out + cli.Error);
        if (expected == ExitCodes.NoGo)
        {
            Assert.That(cli.Error, Does.Contain("or further"));
        }
    }

    [Test]
    public async Task Lifecycle_Table_ShowsStagesDatesAndDaysLeft()
    {
        var cli = Cli();

        var code = await cli.RunAsync("lifecycle", Legacy, Extended, Gone, "--endpoint", Endpoint);

        Assert.That(code, Is.EqualTo(ExitCodes.NotInCatalog), cli.Error);
        Assert.That(cli.Out, Does.Contain("EXTENDED ACCESS").And.Contain("NOT IN CATALOG").And.Contain("2027-03-01").And.Contain("95"));
        Assert.That(cli.Out, Does.Not.Contain("END OF LIFE"));
    }

    [Test]
    public async Task Lifecycle_MistypedModelId_IsNotInTheCatalogWithADidYouMeanAndItsOwnExitCode()
    {
        var cli = Cli();

        // A typo in a cron line was END OF LIFE, 0 days left, and exit 1 with --fail-on eol: an end-of-life alarm.
        var code = await cli.RunAsync("lifecycle", "us.acme.activ-model-v1:0", "--endpoint", Endpoint, "--region", "us-east-1", "--fail-on", "eol");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.NotInCatalog), cli.Error);
            Assert.That(cli.Out, Does.Contain("NOT IN CATALOG").And.Not.Contain("END OF LIFE"));
            Assert.That(cli.Error, Does.EndWith(
                "\nbmh lifecycle: us.acme.activ-model-v1:0 is not in the catalog of us-east-1: it reached end of life and was removed, " +
                "or the id has a typo. Did you mean us.acme.active-model-v1:0?\n"));
        });
    }

    [Test]
    public async Task Lifecycle_All_ListsTheRegionWithoutEndOfLifeModels()
    {
        var cli = Cli();

        var code = await cli.RunAsync("lifecycle", "--all", "--endpoint", Endpoint, "--format", "json");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
        using var json = JsonDocument.Parse(cli.Out);
        Assert.That(json.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("modelId").GetString()),
            Is.EqualTo(new[] { Active, Extended, Legacy }));
    }

    [Test]
    public async Task Lifecycle_UnpinnedAlias_WarnsOnStandardError()
    {
        var cli = Cli();

        await cli.RunAsync("lifecycle", "acme.active-model", "--endpoint", Endpoint);

        Assert.That(cli.Error, Does.Contain("warning: model 'acme.active-model' is an unpinned alias"));
    }

    [TestCase("--fail-on", "deprecated")]
    [TestCase("--format", "yaml")]
    [TestCase("--unknown-flag")]
    public async Task Lifecycle_BadFlag_ExitsTwo(params string[] flag)
    {
        var cli = Cli();

        var code = await cli.RunAsync(["lifecycle", Active, "--endpoint", Endpoint, .. flag]);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput), cli.Out + cli.Error);
    }

    [Test]
    public async Task Lifecycle_NeitherModelsNorAll_ExitsTwo()
    {
        var cli = Cli();

        Assert.That(await cli.RunAsync("lifecycle"), Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("--all"));
    }

    [Test]
    public async Task Lifecycle_AccessDenied_ExitsThreeWithOneLine()
    {
        await using var strict = await EmulatorServer.StartAsync(new EmulatorOptions(
            EmulatorProfile.Parse(Profile, "p.yaml"), RequireSigV4: new SigV4Key("AKIDSTRICT", "strict-secret")));
        var cli = Cli();

        var code = await cli.RunAsync("lifecycle", Active, "--endpoint", strict.BaseAddress.ToString());

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete));
        var lines = cli.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("bmh lifecycle:", StringComparison.Ordinal)).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain(Active).And.Contain("403"));
    }

    [Test]
    public async Task Lifecycle_EventBridgeRule_PrintsThePatternAndTheCommands()
    {
        var cli = Cli();

        var code = await cli.RunAsync("lifecycle", "--eventbridge-rule", "--region", "eu-west-1");

        Assert.That(code, Is.EqualTo(ExitCodes.Go));
        Assert.That(cli.Out, Does.Contain("""{"source":["aws.health"],"detail-type":["AWS Health Event"],"detail":{"service":["BEDROCK"],"eventTypeCategory":["scheduledChange"]}}"""));
        Assert.That(cli.Out, Does.Contain("aws events put-rule").And.Contain("aws sns create-topic").And.Contain("aws events put-targets").And.Contain("eu-west-1"));
    }
}
