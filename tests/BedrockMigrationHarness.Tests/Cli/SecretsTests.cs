using System.Text;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Tests.Cli.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// Credentials planted in a child `bmh run`'s environment never reach any artifact: the journal, every report,
/// standard output and error, or the emulator's log; neither when calls succeed nor when the signature is refused.
/// </summary>
[TestFixture]
public sealed class SecretsTests
{
    private const string AccessKey = "AKIDPLANTED7Q3ZX";
    private const string Secret = "planted-secret-9f2c4e7a1b/K7MDENG+bPxRfiCY";
    private const string SessionToken = "planted-session-token-5d8e2a0c6b4f1e3d9a7c";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Test]
    public async Task Run_SignedCallsAnswered_NoArtifactHoldsACredential()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 2, samples: 3, extra: EmulatedWorkspace.OpenLatencyGates), EmulatedWorkspace.Profile(candidateErrors: "{ throttle: 0.3 }"), new SigV4Key(AccessKey, Secret));

        var (code, artifacts) = await RunChildAsync(workspace);

        Assert.That(code, Is.EqualTo(ExitCodes.Go), artifacts);
        Assert.That(artifacts, Does.Contain("12/12 settled, 0 errors"), "every call was signed with the planted key and accepted");
        Assert.That(workspace.Emulator.RequestCount, Is.GreaterThanOrEqualTo(12));
        AssertNoSecretIn(artifacts);
    }

    [Test]
    public async Task Run_SignatureRefused_ErrorMessagesHoldNoCredential()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(
            EmulatedWorkspace.Suite(cases: 2, samples: 3), EmulatedWorkspace.Profile(), new SigV4Key(AccessKey, "another-secret"));

        var (code, artifacts) = await RunChildAsync(workspace);

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), artifacts);
        Assert.That(artifacts, Does.Contain("InvalidSignatureException"), "the refusal is reported");
        AssertNoSecretIn(artifacts);
    }

    private static async Task<(int Code, string Artifacts)> RunChildAsync(EmulatedWorkspace workspace)
    {
        using var child = BmhProcess.Start(workspace.Directory.Path,
            EmulatedWorkspace.CredentialsEnvironment(AccessKey, Secret, SessionToken),
            "run", "suite.yaml", "--endpoint", workspace.Endpoint, "--out", "out");
        var code = await child.WaitAsync(Bound);

        var all = new StringBuilder();
        all.Append("stdout:\n").Append(child.Out).Append("\nstderr:\n").Append(child.Error);
        all.Append("\nemulator log:\n").Append(workspace.EmulatorLog);
        var files = Directory.GetFiles(workspace.Directory.File("out"), "*", SearchOption.AllDirectories);
        Assert.That(files.Select(Path.GetFileName), Is.SupersetOf(new[] { "results.jsonl", "report.html", "summary.json", "junit.xml", "summary.md", "attempts.csv" }));
        foreach (var file in files)
        {
            all.Append("\n").Append(file).Append(":\n").Append(await File.ReadAllTextAsync(file));
        }

        return (code, all.ToString());
    }

    private static void AssertNoSecretIn(string artifacts)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(artifacts, Does.Not.Contain(Secret));
            Assert.That(artifacts, Does.Not.Contain(SessionToken));
            Assert.That(artifacts, Does.Not.Contain(AccessKey), "not even the key id: request headers are not journaled or logged");
            Assert.That(artifacts, Does.Not.Contain("AWS4-HMAC-SHA256"), "no Authorization header anywhere");
            Assert.That(artifacts, Does.Not.Contain("X-Amz-Security-Token").IgnoreCase);
        }
    }
}
