using System.Text.Json.Nodes;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Cli.Output;

/// <summary>`bmh report DIR` from a journal written by a test with a fixed clock: the verdict and the one exit code.</summary>
internal sealed class ReportPipelineTests
{
    private static readonly FakeTimeProvider Clock = new(AnalysisFixtures.Start);

    /// <summary>Writes the journal of a run into a fresh folder and runs `bmh report` on it.</summary>
    private static async Task<(int Code, CliHarness Cli, JsonNode Summary)> ReportAsync(
        TempDirectory dir, SuiteDefinition suite, IEnumerable<AttemptRecord> records, JournalEnd? end)
    {
        await using (var writer = JournalWriter.Create(dir.File(JournalWriter.FileName), AnalysisFixtures.Header(suite), Clock))
        {
            foreach (AttemptRecord record in records)
            {
                writer.Append(record);
            }

            if (end is not null)
            {
                await writer.CompleteAsync(end);
            }
        }

        var cli = new CliHarness(dir.Path, Clock);
        int code = await cli.RunAsync("report", dir.Path);
        Assert.That(File.Exists(dir.File("summary.json")), Is.True, $"exit {code}: {cli.Out}{cli.Error}");
        JsonNode summary = JsonNode.Parse(await File.ReadAllTextAsync(dir.File("summary.json")))!;
        return (code, cli, summary);
    }

    [Test]
    public async Task WriteAsync_ExpectationOnlyRegression_ExitsNoGoNamingTheCorrectnessGate()
    {
        using var dir = new TempDirectory();
        SuiteDefinition suite = AnalysisFixtures.Suite();
        suite = suite with
        {
            Cases = [.. suite.Cases.Select(static c => c with { Expectations = [new Expectation(ExpectationKind.EqualTo, "high", "/priority")] })],
        };
        // Every answer is schema-valid JSON; on 12 cases of 20 the candidate picks the wrong priority.
        var records = AnalysisFixtures.Run(suite,
            text: static (arm, c, _) => arm == Arm.Candidate && c < 12 ? """{"title":"Printer on fire","priority":"low"}""" : AnalysisFixtures.CompliantTicket);

        var (code, cli, summary) = await ReportAsync(dir, suite, records, AnalysisFixtures.Completed);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.NoGo), cli.Out + cli.Error);
            Assert.That(cli.Out, Does.Contain("Verdict: NO-GO"));
            Assert.That(cli.Out, Does.Contain("correctness drop"));
            Assert.That(cli.Out, Does.Contain("Correctness changed -60.0 points (100.0% to 40.0%;"));
            Assert.That((string?)summary["verdict"]!["verdict"], Is.EqualTo("NO-GO"));
            Assert.That((int?)summary["verdict"]!["exitCode"], Is.EqualTo(ExitCodes.NoGo));
        });
    }

    [Test]
    public async Task WriteAsync_JournalWithoutEndRecord_IsIncompleteWithExitThreeEverywhere()
    {
        using var dir = new TempDirectory();
        SuiteDefinition suite = AnalysisFixtures.Suite();
        // Killed half-way through the candidate arm, and what finished already fails a blocking gate.
        var records = AnalysisFixtures.Run(suite, text: static (arm, _, _) => arm == Arm.Candidate ? "not json" : AnalysisFixtures.CompliantTicket)
            .Where(static r => r.Arm == Arm.Baseline || string.CompareOrdinal(r.CaseId, "case-10") < 0);

        var (code, cli, summary) = await ReportAsync(dir, suite, records, end: null);
        string markdown = await File.ReadAllTextAsync(dir.File("summary.md"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
            Assert.That((int?)summary["verdict"]!["exitCode"], Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That((string?)summary["run"]!["status"], Is.EqualTo("interrupted"));
            Assert.That(cli.Out, Does.Contain("The run is incomplete"));
            Assert.That(markdown, Does.Contain("run INCOMPLETE: interrupted (the journal has no end record)"));
            Assert.That(markdown + cli.Out, Does.Not.Contain("run completed"));
        });
    }

    [Test]
    public async Task WriteAsync_EveryCallFailingOnBothArms_CouldNotCompleteNotNoGo()
    {
        using var dir = new TempDirectory();
        SuiteDefinition suite = AnalysisFixtures.Suite(cases: 4, samples: 2);
        var records = AnalysisFixtures.Run(suite)
            .Select(static r => AnalysisFixtures.Failure(r.CaseId, r.Arm, r.Sample, CallOutcome.NetworkError));

        var (code, cli, summary) = await ReportAsync(dir, suite, records, AnalysisFixtures.Completed);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), cli.Out + cli.Error);
            Assert.That((int?)summary["verdict"]!["exitCode"], Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That((string?)summary["verdict"]!["verdict"], Is.Not.EqualTo("NO-GO"));
            Assert.That(cli.Out, Does.Contain("The run could not complete: none of the 16 finished attempts got an answer, on either model (most often: NetworkError, 16 times)."));
            Assert.That(cli.Out, Does.Not.Contain("error rate is above"));
        });
    }
}
