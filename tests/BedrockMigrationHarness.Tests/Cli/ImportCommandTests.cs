using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Cli.Output;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh import` in-process: options and the output folder are checked before any log is read.</summary>
[TestFixture]
public sealed class ImportCommandTests
{
    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public async Task Import_BadOptions_Exit2ListingEveryProblem()
    {
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "logs", "--out", "suite", "--operation", "embed", "--since", "yesterday", "--sample", "0");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.StartWith("bmh import has 3 problems:"));
            Assert.That(cli.Error, Does.Contain("--operation must be converse, invoke or all (found `embed`)"));
            Assert.That(cli.Error, Does.Not.Contain("   at "), "no stack trace");
            Assert.That(Directory.Exists(_dir.File("suite")), Is.False);
        });
    }

    [Test]
    public async Task Import_OutputFolderNotEmpty_Exit2NothingTouched()
    {
        Directory.CreateDirectory(_dir.File("suite"));
        File.WriteAllText(_dir.File("suite/suite.yaml"), "name: mine\n");
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "logs", "--out", "suite");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("already exists and is not empty; an import never overwrites a suite: pick another folder"));
            Assert.That(File.ReadAllText(_dir.File("suite/suite.yaml")), Is.EqualTo("name: mine\n"));
        });
    }

    [Test]
    public async Task Import_WithoutOut_Exit2()
    {
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "logs");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("--out"));
        });
    }

    [Test]
    public async Task Help_ImportCommand_ListsOptionsAndExitCodes()
    {
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "--help");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go));
            Assert.That(cli.Out, Does.Contain("--exclude-metadata").And.Contain("--include-harness-calls").And.Contain("--stratify")
                .And.Contain("--redact").And.Contain("Exit codes: 0 suite written, 2 bad input"));
        });
    }

    [Test]
    public void Describe_Progress_ObjectsRecordsAndMegabytesInvariant()
    {
        Assert.That(ImportProgressDisplay.Describe(new LogReadProgress(3, 12, 45_600_000, 12_345)),
            Is.EqualTo("reading logs: 3/12 objects, 12,345 records, 45.6 MB"));
    }
}
