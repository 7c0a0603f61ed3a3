using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Import;

[TestFixture]
public sealed class ImportPlanBuilderTests
{
    [Test]
    public void Build_Defaults_WholeSetUpToTheCapSeedOneNameFromFolder()
    {
        var plan = ImportPlanBuilder.Build(new ImportOptions(["logs"], "/tmp/bmh-tests/never/My Suite!"));

        Assert.Multiple(() =>
        {
            Assert.That(plan.SuiteName, Is.EqualTo("My-Suite"));
            Assert.That(plan.SampleSize, Is.EqualTo(ImportPlan.MaxCases));
            Assert.That(plan.SampleRequested, Is.False);
            Assert.That(plan.Seed, Is.EqualTo(1));
            Assert.That(plan.Operation, Is.EqualTo(OperationFilter.All));
            Assert.That(plan.Stratify, Is.EqualTo(StratifyBy.None));
        });
    }

    [TestCase("2025-03-11", "2025-03-11T00:00:00Z")]
    [TestCase("2025-03-11T14:30", "2025-03-11T14:30:00Z")]
    [TestCase("2025-03-11T14:30:05Z", "2025-03-11T14:30:05Z")]
    [TestCase("2025-03-11T14:30:05.25Z", "2025-03-11T14:30:05.25Z")]
    [TestCase("2025-03-11T16:30:05+02:00", "2025-03-11T14:30:05Z")]
    public void Build_Dates_UtcUnlessAnOffsetIsGiven(string text, string expected)
    {
        var plan = ImportPlanBuilder.Build(new ImportOptions(["logs"], "/tmp/bmh-tests/never", Since: text));

        Assert.That(plan.Since, Is.EqualTo(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Build_SeveralBadOptions_EveryProblemInOneMessage()
    {
        var options = new ImportOptions(["logs"], "/tmp/bmh-tests/never",
            Operation: "embed", Since: "11/03/2025", Until: "2025-03-01", Sample: 0, Stratify: "size",
            ExcludeMetadata: ["team"], Candidate: "not a model", Name: "bad name", Region: "Mars");

        var ex = Assert.Throws<ImportSetupException>(() => ImportPlanBuilder.Build(options))!;

        Assert.That(ex.Message, Does.StartWith("bmh import has 8 problems:")
            .And.Contain("--operation must be converse, invoke or all (found `embed`)")
            .And.Contain("--since must be an ISO date or date-time")
            .And.Contain("--sample must be a whole number from 1 to 10000 (found 0)")
            .And.Contain("--stratify must be model, operation or length (found `size`)")
            .And.Contain("--exclude-metadata must be KEY=VALUE, or KEY=* for any value")
            .And.Contain("--candidate must be a model id")
            .And.Contain("--name may hold only letters")
            .And.Contain("--region must be an AWS region"));
    }

    [Test]
    public void Build_SinceNotBeforeUntil_Refused()
    {
        var ex = Assert.Throws<ImportSetupException>(() => ImportPlanBuilder.Build(
            new ImportOptions(["logs"], "/tmp/bmh-tests/never", Since: "2025-03-11", Until: "2025-03-11")))!;

        Assert.That(ex.Message, Does.Contain("--since (2025-03-11T00:00:00Z) must be before --until (2025-03-11T00:00:00Z)"));
    }

    [Test]
    public void Build_OutputFolderNotEmpty_RefusedSayingToPickAnother()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("suite.yaml"), "name: mine");

        var ex = Assert.Throws<ImportSetupException>(() => ImportPlanBuilder.Build(new ImportOptions(["logs"], dir.Path)))!;

        Assert.That(ex.Message, Does.Contain("already exists and is not empty").And.Contain("pick another folder"));
    }

    [Test]
    public void Build_OutputFolderEmpty_Accepted()
    {
        using var dir = new TempDirectory();

        Assert.That(ImportPlanBuilder.Build(new ImportOptions(["logs"], dir.Path)).OutputDirectory, Is.EqualTo(dir.Path));
    }
}
