using System.Collections.Immutable;
using System.Text.Json;
using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Pipeline;
using BedrockMigrationHarness.Import.Writing;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static BedrockMigrationHarness.Tests.Import.LoggedInvocations;

namespace BedrockMigrationHarness.Tests.Import.Pipeline;

[TestFixture]
public sealed class ImportPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 0, 0, TimeSpan.Zero);

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private string Out => _dir.File("imported");

    [Test]
    public async Task RunAsync_Records_SuiteCasesAndReportsWrittenNothingElseLeft()
    {
        var outcome = await Run(Plan(Out), [Kept(Create(1)), Kept(Create(2)), Dropped(3, DropReason.MalformedRecord)]);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.Written));
            Assert.That(outcome.Written, Is.EqualTo(new[] { "cases", "import-report.json", "import-report.md", "suite.yaml" }));
            Assert.That(Directory.GetFiles(Path.Combine(Out, "cases")).Select(Path.GetFileName).Order(),
                Is.EqualTo(new[] { "0001-00000001.yaml", "0002-00000002.yaml" }));
            Assert.That(Directory.GetFileSystemEntries(_dir.Path).Select(Path.GetFileName), Is.EqualTo(new[] { "imported" }), "no temporary folder is left");
        });
    }

    [Test]
    public async Task RunAsync_ReportJson_ReadEqualsKeptPlusDroppedWithExamples()
    {
        await Run(Plan(Out, o => o with { Sample = 2 }),
            [Kept(Create(1)), Kept(Create(2)), Kept(Create(3)), Kept(Create(4, prompt: "Prompt number 1")), Dropped(5, DropReason.UnsupportedOperation)]);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "import-report.json")));
        var selection = json.RootElement.GetProperty("selection");
        var dropped = json.RootElement.GetProperty("dropped").EnumerateArray().ToDictionary(d => d.GetProperty("reason").GetString()!, d => d.GetProperty("count").GetInt64());

        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("formatVersion").GetInt32(), Is.EqualTo(1));
            Assert.That(selection.GetProperty("records").GetInt64(), Is.EqualTo(5));
            Assert.That(selection.GetProperty("kept").GetInt32() + selection.GetProperty("dropped").GetInt64(), Is.EqualTo(5));
            Assert.That(dropped, Is.EqualTo(new Dictionary<string, long> { ["UnsupportedOperation"] = 1, ["Duplicate"] = 1, ["NotSampled"] = 1 }));
            Assert.That(json.RootElement.GetProperty("repeats")[0].GetProperty("timesSeen").GetInt32(), Is.EqualTo(2));
            Assert.That(json.RootElement.GetProperty("generatedAt").GetString(), Is.EqualTo("2026-12-02T07:00:00+00:00"));
        });
    }

    [Test]
    public async Task RunAsync_NoRecordKept_NoCasesAndOnlyTheReportExplainingWhy()
    {
        var outcome = await Run(Plan(Out, o => o with { Model = "amazon.nova-lite-v1:0" }), [Kept(Create(1)), Dropped(2, DropReason.FailedCall)]);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.NoCases));
            Assert.That(outcome.Problem, Does.StartWith("No record was kept: 2 read, dropped as FailedCall 1, OtherModel 1."));
            Assert.That(outcome.Written, Is.EqualTo(new[] { "import-report.json", "import-report.md" }));
            Assert.That(File.ReadAllText(Path.Combine(Out, "import-report.md")), Does.Contain("**No suite was written.**"));
        });
    }

    [Test]
    public async Task RunAsync_SeveralModelsWithoutModelOption_RefusedListingThemNothingWritten()
    {
        var outcome = await Run(Plan(Out), [Kept(Create(1)), Kept(Create(2)), Kept(Create(3, model: "amazon.nova-lite-v1:0"))]);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(ImportStatus.SeveralModels));
            Assert.That(outcome.Problem, Is.EqualTo(
                $"The logs kept name several models, and a suite has one baseline: {Haiku} (2 records), amazon.nova-lite-v1:0 (1 record). " +
                $"Import one at a time with --model, e.g. --model {Haiku}. Nothing was written."));
            Assert.That(Directory.Exists(Out), Is.False);
            Assert.That(Directory.GetFileSystemEntries(_dir.Path), Is.Empty);
        });
    }

    [Test]
    public async Task RunAsync_Cancelled_NothingLeftBehind()
    {
        using var cancel = new CancellationTokenSource();

        async IAsyncEnumerable<LogEntry> CancelMidway()
        {
            yield return Kept(Create(1));
            await cancel.CancelAsync();
            yield return Kept(Create(2));
        }

        Assert.CatchAsync<OperationCanceledException>(() =>
            new ImportPipeline(new FakeTimeProvider(Now)).RunAsync(Plan(Out), (_, _) => CancelMidway(), null, cancel.Token));
        Assert.That(Directory.GetFileSystemEntries(_dir.Path), Is.Empty);
    }

    [Test]
    public async Task RunAsync_OutputFilledWhileReading_RefusedAndTheirFilesKept()
    {
        var plan = Plan(Out);

        async IAsyncEnumerable<LogEntry> FillOutputMeanwhile()
        {
            yield return Kept(Create(1));
            await Task.Yield();
            Directory.CreateDirectory(Out);
            await File.WriteAllTextAsync(Path.Combine(Out, "theirs.txt"), "mine");
        }

        var ex = Assert.ThrowsAsync<ImportSetupException>(() =>
            new ImportPipeline(new FakeTimeProvider(Now)).RunAsync(plan, (_, _) => FillOutputMeanwhile(), null, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain("already exists and is not empty"));
            Assert.That(Directory.GetFileSystemEntries(Out).Select(Path.GetFileName), Is.EqualTo(new[] { "theirs.txt" }));
            Assert.That(Directory.GetFileSystemEntries(_dir.Path), Has.Length.EqualTo(1), "the temporary folder is removed");
        });
    }

    [Test]
    public async Task RunAsync_Redact_EveryTextPassesTheRedactionAndCountsAreReported()
    {
        var redaction = new UpperCaseRedaction();
        var invocation = Create(1, prompt: "mail me at a@b.example",
            answer: new BedrockMigrationHarness.Import.LoggedAnswer("sure, a@b.example", [], "end_turn", 1, 1, 1, null, null));

        var outcome = await new ImportPipeline(new FakeTimeProvider(Now), () => redaction)
            .RunAsync(Plan(Out, o => o with { Redact = true }), (_, _) => Stream([Kept(invocation)]), null, CancellationToken.None);
        var caseText = File.ReadAllText(Directory.GetFiles(Path.Combine(Out, "cases")).Single());
        var report = File.ReadAllText(Path.Combine(Out, "import-report.md"));

        Assert.Multiple(() =>
        {
            Assert.That(caseText, Does.Contain("MAIL ME AT A@B.EXAMPLE").And.Contain("SURE, A@B.EXAMPLE").And.Not.Contain("a@b.example"));
            Assert.That(report, Does.Contain("| upper | 2 |").And.Not.Contain("production text, not redacted"));
            Assert.That(outcome.Summary, Has.Some.EqualTo("Redacted: upper 2."));
        });
    }

    [Test]
    public async Task RunAsync_WithoutRedact_ConsoleAndReportWarn()
    {
        var outcome = await Run(Plan(Out), [Kept(Create(1))]);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Summary, Has.Some.StartsWith("Warning: the suite holds production text, not redacted."));
            Assert.That(File.ReadAllText(Path.Combine(Out, "import-report.md")), Does.Contain("**Warning: production text, not redacted.**"));
            Assert.That(File.ReadAllText(Path.Combine(Out, "suite.yaml")), Does.Contain("# WARNING: production text, not redacted."));
        });
    }

    private static Task<ImportOutcome> Run(ImportPlan plan, IEnumerable<LogEntry> entries) =>
        new ImportPipeline(new FakeTimeProvider(Now)).RunAsync(plan, (_, _) => Stream(entries), null, CancellationToken.None);

    /// <summary>A visible stand-in for the redactor: upper-cases every text and counts the calls.</summary>
    private sealed class UpperCaseRedaction : ITextRedaction
    {
        private int _count;

        public bool Enabled => true;

        public ImmutableSortedDictionary<string, int> Counts => ImmutableSortedDictionary<string, int>.Empty.Add("upper", _count);

        public string Text(string text)
        {
            _count++;
            return text.ToUpperInvariant();
        }

        public string Json(string json) => json;
    }
}
