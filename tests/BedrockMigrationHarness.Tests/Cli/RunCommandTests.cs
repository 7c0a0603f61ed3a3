using System.Text.Json;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>`bmh run` end to end: the CLI in-process, against the in-process emulator, writing real files.</summary>
[TestFixture]
public sealed class RunCommandTests
{
    private const string Baseline = "acme.base-model-v1:0";
    private const string Candidate = "acme.next-model-v2:0";

    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["category", "priority"],
          "properties": {
            "category": { "type": "string", "enum": ["billing", "technical", "shipping"] },
            "priority": { "type": "string", "enum": ["low", "high"] }
          }
        }
        """;

    private static string Suite(int samples = 4, string baseline = Baseline, string candidate = Candidate) => $$"""
        name: e2e
        baseline: "{{baseline}}"
        candidate: "{{candidate}}"
        samples: {{samples}}
        concurrency: 8
        inference: { max_tokens: 200, temperature: 0 }
        cases:
          - id: billing
            prompt: "Classify as JSON matching {{"{{"}} schema {{"}}"}}. Ticket: I was charged twice, billing issue, high priority."
            schema: schema.json
            expect: [ { pointer: /category, equals: billing } ]
          - id: shipping
            prompt: "Classify as JSON matching {{"{{"}} schema {{"}}"}}. Ticket: my parcel shipping is late, low priority."
            schema: schema.json
          - id: technical
            prompt: "Classify as JSON matching {{"{{"}} schema {{"}}"}}. Ticket: the app crashes, technical fault, high priority."
            schema: schema.json
          - id: free-text
            prompt: "Write two sentences thanking the customer."
        """;

    private static string Profile(string candidateFaults = "{}", string candidateLifecycle = "ACTIVE") => $$"""
        seed: 7
        models:
          "{{Baseline}}":
            lifecycle: LEGACY
            latency: { fixed_ms: 40 }
            output_tokens: { mean: 60, sd: 5 }
          "{{Candidate}}":
            lifecycle: {{candidateLifecycle}}
            latency: { fixed_ms: 40 }
            output_tokens: { mean: 60, sd: 5 }
            faults: {{candidateFaults}}
        """;

    private static TempDirectory Workspace(string suite, string profile)
    {
        var dir = new TempDirectory();
        File.WriteAllText(dir.File("suite.yaml"), suite);
        File.WriteAllText(dir.File("schema.json"), Schema);
        File.WriteAllText(dir.File("profile.yaml"), profile);
        return dir;
    }

    [Test]
    public async Task Run_IdenticalArms_IsGoAndWritesEveryReport()
    {
        using var dir = Workspace(Suite(samples: 10), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Contain("Verdict: GO"));
        foreach (var file in new[] { "results.jsonl", "report.html", "attempts.csv", "summary.json", "junit.xml", "summary.md" })
        {
            Assert.That(File.Exists(dir.File(Path.Combine("out", file))), Is.True, file);
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("out/summary.json")));
        Assert.That(summary.RootElement.GetProperty("formatVersion").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public async Task Run_SuiteWithoutPriceTable_SaysSoOnTheConsole()
    {
        using var dir = Workspace(Suite(samples: 2), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput), cli.Out + cli.Error);
        // The cost section and gate used to vanish without a word for a suite outside prompts/.
        Assert.That(cli.Out, Does.Contain(
            "Cost: no price table found (prompts/pricing.yaml above the suite, or pricing: FILE in the suite); the reports have no cost figures and no cost gate."));
    }

    [Test]
    public async Task Run_OneSample_CountsItInTheSingular()
    {
        using var dir = Workspace(Suite(samples: 1), Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out", "--samples", "1");

        Assert.That(code, Is.Not.EqualTo(ExitCodes.BadInput), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Match(@"\d+ cases × 1 sample × 2 arms = \d+ calls, concurrency"));
    }

    [Test]
    public async Task Run_PlantedFormatRegression_IsNoGoNamingTheComplianceGate()
    {
        using var dir = Workspace(Suite(samples: 10), Profile(candidateFaults: "{ fenced_json: 0.5 }"));
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
        Assert.That(cli.Out, Does.Contain("NO-GO"));
        Assert.That(cli.Out, Does.Match("(?i)compliance[^\\n]*FAIL"));
    }

    [Test]
    public async Task Run_EndOfLifeCandidate_ExitsThreeWithTheServiceMessage()
    {
        using var dir = Workspace(Suite(), Profile(candidateLifecycle: "EOL"));
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
        Assert.That(cli.Error, Does.Contain(Candidate).And.Contain("The provided model identifier is invalid."));
        Assert.That(File.Exists(dir.File("out/report.html")), Is.True, "a partial report is still written");
    }

    [Test]
    public async Task Run_EndpointUnreachable_ExitsThreeFromRunSummaryAndReport()
    {
        // A port nothing listens on: every call of both arms fails to connect.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var dir = Workspace(Suite(samples: 2) + "\nretry: { max_attempts: 1 }\n", Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--endpoint", $"http://127.0.0.1:{port}", "--region", "us-east-1", "--out", "out");
        Assert.That(File.Exists(dir.File("out/summary.json")), Is.True, $"exit {code}: {cli.Out}{cli.Error}");
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("out/summary.json")));
        var reportCode = await new CliHarness(dir.Path).RunAsync("report", "out");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
            Assert.That(cli.Out, Does.Not.Contain("Verdict: NO-GO"), "the candidate is not blamed for a run that could not run");
            Assert.That(summary.RootElement.GetProperty("verdict").GetProperty("exitCode").GetInt32(), Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That(reportCode, Is.EqualTo(ExitCodes.CouldNotComplete));
        });
    }

    [Test]
    public async Task Run_Interrupted_ExitsThreeFromRunSummaryAndReport()
    {
        // 4 cases × 10 samples × 2 arms at 200 ms each and 8 in flight take at least 2 s; the run is stopped long before.
        var slow = Profile().Replace("fixed_ms: 40", "fixed_ms: 200", StringComparison.Ordinal);
        using var dir = Workspace(Suite(samples: 10), slow);
        var cli = new CliHarness(dir.Path);
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var code = await cli.RunAsync(stop.Token, "run", "suite.yaml", "--emulator", "--out", "out");
        using var summary = JsonDocument.Parse(File.ReadAllText(dir.File("out/summary.json")));
        var reportCode = await new CliHarness(dir.Path).RunAsync("report", "out");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
            Assert.That(summary.RootElement.GetProperty("verdict").GetProperty("exitCode").GetInt32(), Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That(reportCode, Is.EqualTo(ExitCodes.CouldNotComplete), "a later `bmh report` agrees with the run");
        });
    }

    [Test]
    public async Task Run_BrokenSuite_ExitsTwoListingEveryProblemAndCallsNothing()
    {
        var broken = Suite().Replace("samples: 4", "samples: 0", StringComparison.Ordinal)
            .Replace("concurrency: 8", "concurency: 8", StringComparison.Ordinal)
            .Replace("schema: schema.json\n    expect", "schema: missing.json\n    expect", StringComparison.Ordinal);
        using var dir = Workspace(broken, Profile());
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("samples").And.Contain("concurency").And.Contain("missing.json"));
        Assert.That(cli.Error, Does.Contain("suite.yaml:"), "problems name the file and line");
        Assert.That(cli.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(dir.File("out")), Is.False, "nothing was started");
    }

    [Test]
    public async Task Report_RebuildsFromTheJournalAlone()
    {
        using var dir = Workspace(Suite(samples: 3), Profile());
        var cli = new CliHarness(dir.Path);
        var runCode = await cli.RunAsync("run", "suite.yaml", "--emulator", "--out", "out");
        var firstSummary = File.ReadAllText(dir.File("out/summary.json"));
        foreach (var file in new[] { "report.html", "summary.json", "junit.xml" })
        {
            File.Delete(dir.File(Path.Combine("out", file)));
        }

        var code = await cli.RunAsync("report", "out");

        Assert.That(code, Is.EqualTo(runCode), "the same verdict, from the journal alone");
        Assert.That(File.ReadAllText(dir.File("out/summary.json")), Is.EqualTo(firstSummary));
        Assert.That(File.Exists(dir.File("out/report.html")), Is.True);
    }

    [Test]
    public async Task Report_NoJournal_ExitsTwo()
    {
        using var dir = new TempDirectory();
        var cli = new CliHarness(dir.Path);

        var code = await cli.RunAsync("report", ".");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(cli.Error, Does.Contain("no journal here"));
    }

    [Test]
    public async Task Help_ListsTheExitCodes()
    {
        var cli = new CliHarness(Path.GetTempPath());

        var code = await cli.RunAsync("run", "--help");

        Assert.That(code, Is.Zero);
        Assert.That(cli.Out, Does.Contain("Exit codes: 0 GO").And.Contain("4 INCONCLUSIVE").And.Contain("--emulator"));
    }

    [Test]
    public async Task Help_EmulatorsProfileIsShownAsOptional()
    {
        var cli = new CliHarness(Path.GetTempPath());

        var code = await cli.RunAsync("run", "--help");

        Assert.That(code, Is.Zero);
        Assert.That(cli.Out, Does.Contain("--emulator [PROFILE] ").And.Not.Contain("--emulator <PROFILE>"));
        Assert.That(cli.Out, Does.Contain("--resume <DIR> "), "an option whose value is required keeps its angle brackets");
    }
}
