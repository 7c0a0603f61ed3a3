using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Emulator.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// `bmh import` on the invocation-log fixtures (local gzip files, S3 through the emulator, a CloudWatch Logs export),
/// then `bmh run --emulator` on the suite it wrote.
/// </summary>
[TestFixture]
public sealed class ImportEndToEndTests
{
    private const string Haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    private const string Haiku45 = "anthropic.claude-haiku-4-5-20251001-v1:0";

    private const string Profile = $$"""
        seed: 7
        models:
          "{{Haiku}}":
            latency: { median_ms: 2, p99_ms: 4 }
            output_tokens: { mean: 20, sd: 2 }
          "{{Haiku45}}":
            latency: { median_ms: 2, p99_ms: 4 }
            output_tokens: { mean: 20, sd: 2 }
        """;

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private static string FixtureLines(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "InvocationLogs", name));

    [Test]
    public async Task Import_LocalGzipLogs_SuiteThatRunsOnTheEmulatorWithReferencesInTheReport()
    {
        WriteGzip(_dir.File("logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2025/03/11/00/a.json.gz"), FixtureLines("converse.jsonl"));
        WriteGzip(_dir.File("logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2024/04/18/22/b.json.gz"), FixtureLines("anthropic.jsonl"));
        File.WriteAllText(_dir.File("profile.yaml"), Profile);
        var cli = new CliHarness(_dir.Path);

        var imported = await cli.RunAsync("import", "logs", "--out", "suite", "--model", Haiku, "--candidate", Haiku45);
        var importOut = cli.Out;
        var run = await cli.RunAsync("run", "suite/suite.yaml", "--emulator", "profile.yaml", "--samples", "2", "--out", "run");

        using var summary = JsonDocument.Parse(File.ReadAllText(_dir.File("run/summary.json")));
        Assert.Multiple(() =>
        {
            Assert.That(imported, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(importOut, Does.Contain("Read 7 records from 2 files or objects: 2 cases written, 5 dropped."));
            Assert.That(Directory.GetFiles(_dir.File("suite/cases")).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "0001-c4b2d3e5.yaml", "0002-b3a1c2d4.yaml" }));
            Assert.That(File.ReadAllText(_dir.File("suite/cases/0002-b3a1c2d4.yaml")), Does.Contain("guardrailConfig"));
            // The streamed Anthropic record sent temperature and top_p; Haiku 4.5 takes one of them, so it refuses that case.
            Assert.That(run, Is.EqualTo(ExitCodes.NoGo), cli.Error);
            // Latency is measured on the wall clock and may add a reason of its own; the refused case always gives this one.
            Assert.That(summary.RootElement.GetProperty("verdict").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()),
                Has.Some.StartWith("Candidate error rate 50.0% (95% CI 6.8% to 93.2%, 2/4)"));
            Assert.That(summary.RootElement.GetProperty("compatibilityFindings").ToString(), Does.Contain("top_p"));
            Assert.That(summary.RootElement.TryGetProperty("reference", out _), Is.True, "summary.json compares with the references");
            Assert.That(File.ReadAllText(_dir.File("run/report.html")), Does.Contain("Order 1042 has shipped with UPS."));
        });
    }

    [Test]
    public async Task Import_RedactWithPlantedPii_PlaceholdersInTheSuiteAndCountsInTheReport()
    {
        var record = JsonNode.Parse(FixtureLines("converse.jsonl").Split('\n')[0])!;
        record["input"]!["inputBodyJson"]!["messages"]![0]!["content"]![0]!["text"] =
            "I am jane.doe@example.com, card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE. Order A-1042 of 2025-03-11.";
        record["output"]!["outputBodyJson"]!["output"]!["message"]!["content"]![0]!["text"] = "Thanks jane.doe@example.com, order A-1042 is on its way.";
        File.WriteAllText(_dir.File("pii.jsonl"), record.ToJsonString() + "\n");
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "pii.jsonl", "--out", "suite", "--redact");

        var caseText = File.ReadAllText(Directory.GetFiles(_dir.File("suite/cases")).Single());
        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("suite/import-report.json")));
        var counts = report.RootElement.GetProperty("redaction").GetProperty("replacements").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("count").GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(caseText, Does.Not.Contain("jane.doe@example.com").And.Not.Contain("4111 1111").And.Not.Contain("AKIAIOSFODNN7EXAMPLE"));
            Assert.That(caseText, Does.Contain("I am <EMAIL_1>, card <CARD_1>, key <AWS_ACCESS_KEY_1>. Order A-1042 of 2025-03-11."));
            Assert.That(caseText, Does.Contain("Thanks <EMAIL_1>, order A-1042 is on its way."), "the same value, the same placeholder");
            Assert.That(counts.Values.Sum(), Is.EqualTo(4));
            Assert.That(cli.Out, Does.Contain("Redacted: ").And.Not.Contain("not redacted"));
        });
    }

    [Test]
    public async Task Import_S3ThroughTheEmulator_SameSuiteAsFromFiles()
    {
        const string Key = "bedrock-logs/AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2025/03/11/00/a.json.gz";
        WriteGzip(_dir.File("s3/log-bucket/" + Key), FixtureLines("converse.jsonl"));
        await using var emulator = await RunningEmulator.StartAsync(s3Root: _dir.File("s3"));
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "s3://log-bucket/bedrock-logs", "--out", "suite", "--model", Haiku,
            "--endpoint", emulator.Server.BaseAddress.ToString(), "--region", "us-east-1");

        using var report = JsonDocument.Parse(File.ReadAllText(_dir.File("suite/import-report.json")));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(report.RootElement.GetProperty("read").GetProperty("objectsRead").GetInt32(), Is.EqualTo(1));
            Assert.That(report.RootElement.GetProperty("selection").GetProperty("kept").GetInt32(), Is.EqualTo(1));
            Assert.That(report.RootElement.GetProperty("sources")[0].GetString(), Is.EqualTo("s3://log-bucket/bedrock-logs"));
        });
    }

    [Test]
    public async Task Import_CloudWatchFilterLogEventsOutput_OneCasePerEvent()
    {
        var events = new JsonArray();
        var n = 0;
        foreach (var line in FixtureLines("converse.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            events.Add(new JsonObject
            {
                ["logStreamName"] = "aws/bedrock/modelinvocations",
                ["timestamp"] = 1741653482000 + n,
                ["message"] = line,
                ["ingestionTime"] = 1741653483000 + n,
                ["eventId"] = $"event-{n++}",
            });
        }

        File.WriteAllText(_dir.File("invocations.json"), new JsonObject { ["events"] = events, ["searchedLogStreams"] = new JsonArray() }.ToJsonString());
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "invocations.json", "--out", "suite", "--operation", "converse", "--model", "amazon.nova-lite-v1:0");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.Go), cli.Error);
            Assert.That(cli.Out, Does.Contain($"Read {n} records from 1 file or object: 1 case written"));
            Assert.That(File.ReadAllText(_dir.File("suite/suite.yaml")), Does.Contain("baseline: amazon.nova-lite-v1:0"));
        });
    }

    [Test]
    public async Task Import_SeveralModelsWithoutModel_Exit2ListingThemNothingWritten()
    {
        WriteGzip(_dir.File("logs/a.json.gz"), FixtureLines("converse.jsonl"));
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "logs", "--out", "suite");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("The logs kept name several models").And.Contain(Haiku).And.Contain("--model"));
            Assert.That(Directory.Exists(_dir.File("suite")), Is.False);
        });
    }

    [Test]
    public async Task Import_NothingKept_Exit2AndTheReportSaysWhy()
    {
        WriteGzip(_dir.File("logs/a.json.gz"), FixtureLines("converse.jsonl"));
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "logs", "--out", "suite", "--model", Haiku, "--since", "2030-01-01");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.StartWith("No record was kept:").And.Contain("OutsideDates"));
            Assert.That(Directory.GetFiles(_dir.File("suite")).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "import-report.json", "import-report.md" }));
        });
    }

    [Test]
    public async Task Import_MissingSource_Exit2NamingIt()
    {
        var cli = new CliHarness(_dir.Path);

        var code = await cli.RunAsync("import", "no-such-logs", "--out", "suite");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
            Assert.That(cli.Error, Does.Contain("no-such-logs"));
            Assert.That(Directory.Exists(_dir.File("suite")), Is.False);
        });
    }

    private static void WriteGzip(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }
}
