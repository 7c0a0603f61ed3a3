using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli.Commands;

/// <summary>`--endpoint` over plain http is allowed to this machine only, unless `--allow-insecure-endpoint` says otherwise.</summary>
[TestFixture]
public sealed class EndpointOptionTests
{
    [TestCase("run", "http://10.1.2.3:8080")]
    [TestCase("run", "http://bedrock.internal")]
    [TestCase("run", "http://localhost.example.com:8080")]
    [TestCase("run", "http://127.0.0.1.nip.io")]
    [TestCase("lifecycle", "http://10.1.2.3:8080")]
    public async Task Endpoint_PlainHttpToAnotherHost_ExitsTwoNamingTheRiskBeforeAnyCall(string command, string url)
    {
        var cli = new CliHarness(TestContext.CurrentContext.WorkDirectory);

        var code = await cli.RunAsync(command == "run" ? ["run", "missing-suite.yaml", "--endpoint", url] : ["lifecycle", "m", "--endpoint", url]);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("is plain http to a host that is not this machine").And.Contain("--allow-insecure-endpoint"));
            Assert.That(cli.Error, Does.Not.Contain("missing-suite.yaml"), "refused while parsing, before the suite is read");
            Assert.That(cli.Error, Does.Not.Contain("   at "));
        });
    }

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://127.4.5.6")]
    [TestCase("http://[::1]:8080")]
    [TestCase("http://localhost:9")]
    [TestCase("http://LOCALHOST")]
    [TestCase("https://vpce-0123.bedrock-runtime.us-east-1.vpce.amazonaws.com")]
    [TestCase("http://10.1.2.3:8080", "--allow-insecure-endpoint")]
    public void Endpoint_LoopbackHttpsOrExplicitlyAllowed_Parses(string url, params string[] more)
    {
        var env = new BedrockMigrationHarness.Cli.CliEnvironment(Spectre.Console.AnsiConsole.Console, TextWriter.Null, TimeProvider.System, ".");

        foreach (var command in new[] { "run suite.yaml", "lifecycle m" })
        {
            var parse = BedrockMigrationHarness.Cli.BmhCommandLine.Build(env).Parse([.. command.Split(' '), "--endpoint", url, .. more]);

            Assert.That(parse.Errors.Select(e => e.Message), Is.Empty, command);
        }
    }
}
