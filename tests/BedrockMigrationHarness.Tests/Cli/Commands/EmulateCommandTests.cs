using BedrockMigrationHarness.Cli.Commands;
using BedrockMigrationHarness.Emulator;

namespace BedrockMigrationHarness.Tests.Cli.Commands;

/// <summary>Where `bmh emulate --require-sigv4` takes its key from.</summary>
[TestFixture]
public sealed class EmulateCommandTests
{
    [Test]
    public void RequiredKey_KeyWithSecretInTheEnvironment_UsesTheEnvironmentsSecret()
    {
        var (key, problem) = EmulateCommand.RequiredKey("AKIDEXAMPLE", "secret-from-env");

        Assert.Multiple(() =>
        {
            Assert.That(key, Is.EqualTo(new SigV4Key("AKIDEXAMPLE", "secret-from-env")));
            Assert.That(problem, Is.Null);
        });
    }

    [Test]
    public void RequiredKey_KeyWithoutSecretInTheEnvironment_NamesTheVariable()
    {
        var (key, problem) = EmulateCommand.RequiredKey("AKIDEXAMPLE", null);

        Assert.Multiple(() =>
        {
            Assert.That(key, Is.Null);
            Assert.That(problem, Does.Contain(EmulateCommand.SecretVariable).And.Contain("shows in `ps`"));
        });
    }

    [TestCase("AKID:se:cret", "AKID", "se:cret")]
    public void RequiredKey_KeyColonSecret_StillAccepted(string value, string accessKey, string secret)
    {
        Assert.That(EmulateCommand.RequiredKey(value, "ignored").Key, Is.EqualTo(new SigV4Key(accessKey, secret)));
    }

    [TestCase("")]
    [TestCase(":secret")]
    [TestCase("AKID:")]
    public void RequiredKey_Malformed_IsAProblem(string value)
    {
        Assert.That(EmulateCommand.RequiredKey(value, "secret").Problem, Does.Contain("--require-sigv4 takes KEY"));
    }

    [Test]
    public async Task Emulate_RequireSigV4KeyWithoutTheVariable_ExitsTwo()
    {
        Assume.That(Environment.GetEnvironmentVariable(EmulateCommand.SecretVariable), Is.Null.Or.Empty);
        var cli = new BedrockMigrationHarness.Tests.Support.CliHarness(TestContext.CurrentContext.WorkDirectory);

        var code = await cli.RunAsync("emulate", "--require-sigv4", "AKIDEXAMPLE");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(BedrockMigrationHarness.Analysis.ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain(EmulateCommand.SecretVariable));
        });
    }

    [Test]
    public async Task Emulate_S3RootThatDoesNotExist_ExitsTwoNamingTheFolder()
    {
        var cli = new BedrockMigrationHarness.Tests.Support.CliHarness(TestContext.CurrentContext.WorkDirectory);

        var code = await cli.RunAsync("emulate", "--s3-root", "no-such-s3-root");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(BedrockMigrationHarness.Analysis.ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("--s3-root no-such-s3-root: no such folder"));
        });
    }
}
