using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Journal;

[TestFixture]
public sealed class JournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static JournalHeader Header() =>
        new(JournalReader.FormatVersionFor(SuiteFactory.Create()), SuiteFingerprint.Of(SuiteFactory.Create()), T0, "suite.yaml", SuiteFactory.Create());

    private static AttemptRecord Attempt(string caseId, int sample, bool final = true, CallOutcome outcome = CallOutcome.Success, int @try = 1) =>
        new(caseId, Arm.Baseline, sample, @try, final, "baseline.model-v1:0", T0, outcome, 12.5, 10, null, 7, 3, "end_turn",
            outcome == CallOutcome.Success ? "{\"a\":\"<b>ü\"}" : null, 200, null, null);

    [Test]
    public async Task WriteThenRead_RoundTripsHeaderAttemptsAndEnd()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        writer.Append(Attempt("case-2", 1, outcome: CallOutcome.Throttled));
        await writer.CompleteAsync(new JournalEnd(T0.AddMinutes(1), RunStatus.Completed, null));

        var contents = JournalReader.Read(path);

        Assert.That(contents.Header, Is.EqualTo(Header()).Using<JournalHeader>((a, b) => a.Fingerprint == b.Fingerprint && a.StartedAt == b.StartedAt));
        Assert.That(contents.Header.Suite.Cases.Select(c => c.Id), Is.EqualTo(new[] { "case-1", "case-2", "case-3" }));
        Assert.That(contents.Records, Is.EqualTo(new[] { Attempt("case-1", 0), Attempt("case-2", 1, outcome: CallOutcome.Throttled) }));
        Assert.That(contents.End, Is.EqualTo(new JournalEnd(T0.AddMinutes(1), RunStatus.Completed, null)));
        Assert.That(contents.Warnings, Is.Empty);
        Assert.That(contents.ValidLength, Is.EqualTo(new FileInfo(path).Length));
    }

    [Test]
    public async Task Read_LastLineCutByCrash_DropsItWithAWarning()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        await writer.DisposeAsync();
        var goodLength = new FileInfo(path).Length;
        await File.AppendAllTextAsync(path, "{\"attempt\":{\"caseId\":\"case-2\",\"arm\":\"bas");

        var contents = JournalReader.Read(path);

        Assert.That(contents.Records, Has.Length.EqualTo(1));
        Assert.That(contents.ValidLength, Is.EqualTo(goodLength));
        Assert.That(contents.Warnings, Has.Length.EqualTo(1).And.Some.Contains(":3: the last line was cut off"));
    }

    [Test]
    public async Task Read_LinesAcrossBlockBoundariesAndLongerThanABlock_ReadsEveryRecord()
    {
        // The reader streams the file in 1 MB blocks: lines straddle block ends, and a 3 MB answer outgrows a block.
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        var expected = new List<AttemptRecord>();
        for (var i = 0; i < 5000; i++)
        {
            var text = i == 2500 ? new string('x', 3_000_000) : new string('y', i % 700);
            var record = Attempt("case-1", i) with { Text = text };
            expected.Add(record);
            writer.Append(record);
        }

        await writer.DisposeAsync();
        var goodLength = new FileInfo(path).Length;
        await File.AppendAllTextAsync(path, "{\"attempt\":{\"caseId\":\"case-2\"");

        var contents = JournalReader.Read(path);

        Assert.That(contents.Records, Is.EqualTo(expected));
        Assert.That(contents.ValidLength, Is.EqualTo(goodLength));
        Assert.That(contents.Warnings, Has.Length.EqualTo(1).And.Some.Contains(":5002: the last line was cut off"));
    }

    private static LookRecord Look(int index, LookStop stop, int? next) =>
        new(index, 5 * index, 0.05 * index, 0.987_654_321, 0.75,
            [new LookGate(GateKind.ComplianceDrop, LookGateState.Undecided, -0.014), new LookGate(GateKind.LatencyP99Increase, LookGateState.Pass, null)],
            40L * index, index == 1 ? null : 0.123_456, stop, next, T0.AddMinutes(index));

    [Test]
    public async Task WriteThenRead_LookLines_RoundTripInJournalOrderBesideTheAttempts()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var looks = new[] { Look(1, LookStop.Continue, 10), Look(2, LookStop.MaxCost, null) };
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        writer.AppendLook(looks[0]);
        writer.Append(Attempt("case-1", 5));
        writer.AppendLook(looks[1]);
        await writer.CompleteAsync(new JournalEnd(T0.AddMinutes(3), RunStatus.Completed, null));

        var contents = JournalReader.Read(path);

        Assert.That(contents.Looks, Has.Length.EqualTo(2));
        for (var i = 0; i < looks.Length; i++)
        {
            Assert.That(contents.Looks[i] with { Gates = looks[i].Gates }, Is.EqualTo(looks[i]));
            Assert.That(contents.Looks[i].Gates, Is.EqualTo(looks[i].Gates));
        }

        Assert.That(contents.Records.Select(r => r.Sample), Is.EqualTo(new[] { 0, 5 }));
        Assert.That(contents.End!.Status, Is.EqualTo(RunStatus.Completed));
        Assert.That(File.ReadLines(path).ElementAt(2), Does.StartWith(
            "{\"look\":{\"index\":1,\"samplesPerCase\":5,\"fraction\":0.05,\"failLevel\":0.987654321,\"passLevel\":0.75," +
            "\"gates\":[{\"kind\":\"complianceDrop\",\"state\":\"undecided\",\"estimate\":-0.014},{\"kind\":\"latencyP99Increase\",\"state\":\"pass\"}]," +
            "\"modelCalls\":40,\"stop\":\"continue\",\"nextSamplesPerCase\":10,\"at\":\"2026-11-25T12:01:00+00:00\"}}"));
    }

    [Test]
    public async Task Read_LastLookLineCutByCrash_DropsItWithAWarningLikeACutAttempt()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        writer.AppendLook(Look(1, LookStop.Continue, 10));
        await writer.DisposeAsync();
        var goodLength = new FileInfo(path).Length;
        var second = File.ReadLines(path).Last().Replace("\"index\":1", "\"index\":2", StringComparison.Ordinal);
        await File.AppendAllTextAsync(path, second[..(second.Length / 2)]);

        var contents = JournalReader.Read(path);

        Assert.That(contents.Looks.Select(l => l.Index), Is.EqualTo(new[] { 1 }));
        Assert.That(contents.ValidLength, Is.EqualTo(goodLength));
        Assert.That(contents.Warnings, Has.Length.EqualTo(1).And.Some.Contains(":4: the last line was cut off"));
    }

    [Test]
    public async Task Continue_CutsTheBrokenTailAndAppendsOnAFreshLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        await writer.DisposeAsync();
        await File.AppendAllTextAsync(path, "{\"attempt\":{\"ca");

        var first = JournalReader.Read(path);
        var resumed = JournalWriter.Continue(path, first.ValidLength, new FakeTimeProvider(T0));
        resumed.Append(Attempt("case-2", 0));
        await resumed.CompleteAsync(new JournalEnd(T0, RunStatus.Completed, null));

        var second = JournalReader.Read(path);
        Assert.That(second.Records.Select(r => r.CaseId), Is.EqualTo(new[] { "case-1", "case-2" }));
        Assert.That(second.Warnings, Is.Empty);
    }

    [Test]
    public async Task Read_DamagedLineInTheMiddle_FailsNamingFileAndLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        await JournalWriter.Create(path, Header(), new FakeTimeProvider(T0)).DisposeAsync();
        await File.AppendAllTextAsync(path, "not json\n{}\n");

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path));

        Assert.That(ex!.Message, Does.Contain(path + ":2:"));
    }

    [Test]
    public async Task Read_ProblemsInSeveralParsedBatches_ReportsTheFirstInFileOrder()
    {
        // Lines are parsed in parallel batches of ~4 MB: a second header in one batch must win over a damaged line in a
        // later batch, whichever batch finishes parsing first.
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0));
        for (var i = 0; i < 40_000; i++)
        {
            writer.Append(Attempt("case-1", i) with { Text = new string('y', 400) });
        }

        await writer.DisposeAsync();
        var lines = await File.ReadAllLinesAsync(path);
        lines[29_999] = lines[0];
        lines[34_999] = "not json";
        await File.WriteAllLinesAsync(path, lines);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path));

        Assert.That(ex!.Message, Does.Contain(path + ":30000: a second header"));
    }

    [Test]
    public void Read_NoJournal_SaysWhatToPass()
    {
        using var dir = new TempDirectory();

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(dir.File(JournalWriter.FileName)));

        Assert.That(ex!.Message, Does.Contain("no journal here"));
    }

    [Test]
    public void EffectiveRecords_LaterFinalTrySupersedesEarlierError()
    {
        var error = Attempt("case-1", 0, outcome: CallOutcome.ServerError);
        var retried = Attempt("case-1", 0) with { Try = 1 };
        var other = Attempt("case-2", 0);
        var contents = new JournalContents(Header(), [error, other, retried], null, 0, []);

        Assert.That(contents.EffectiveRecords(), Is.EqualTo(new[] { other, retried }));
        Assert.That(contents.SettledKeys(includeErrors: true), Has.Count.EqualTo(2));
    }

    [Test]
    public void SettledKeys_WithoutErrors_LeavesFailedAttemptsToSendAgain()
    {
        var contents = new JournalContents(Header(),
            [Attempt("case-1", 0, final: false, outcome: CallOutcome.Throttled), Attempt("case-1", 0, @try: 2), Attempt("case-2", 0, outcome: CallOutcome.ServerError)],
            null, 0, []);

        Assert.That(contents.SettledKeys(includeErrors: false), Is.EquivalentTo(new[] { new AttemptKey("case-1", Arm.Baseline, 0) }));
        Assert.That(contents.SettledKeys(includeErrors: true), Has.Count.EqualTo(2));
    }

    [Test]
    public void Fingerprint_ChangesWithThePlan()
    {
        var suite = SuiteFactory.Create();

        Assert.That(SuiteFingerprint.Of(suite), Is.EqualTo(SuiteFingerprint.Of(SuiteFactory.Create())));
        Assert.That(SuiteFingerprint.Of(suite with { Samples = 3 }), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
        Assert.That(SuiteFingerprint.Of(suite), Has.Length.EqualTo(64));
    }

    [Test]
    public void Fingerprint_IgnoresHowCallsAreSentButNotWhatIsSent()
    {
        var suite = SuiteFactory.Create();
        var knobs = suite with { Concurrency = 1, TimeoutSeconds = 5, Retry = new RetrySettings(2, TimeSpan.Zero, TimeSpan.Zero) };

        Assert.That(SuiteFingerprint.Of(knobs), Is.EqualTo(SuiteFingerprint.Of(suite)), "--concurrency, timeout and retry policy may change on resume");
        Assert.That(SuiteFingerprint.Of(suite with { CandidateModelId = "other.model-v3:0" }), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
        Assert.That(SuiteFingerprint.Of(suite with { Cases = [.. suite.Cases.Select(c => c with { Messages = [Turn.UserText(c.Prompt + "!")] })] }), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
        Assert.That(SuiteFingerprint.Of(suite with { NoiseFloor = true }), Is.Not.EqualTo(SuiteFingerprint.Of(suite)), "another arm");
        Assert.That(SuiteFingerprint.Of(suite with { Inference = suite.Inference with { MaxTokens = 9 } }), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public async Task Read_HeaderEditedAfterTheRun_IsRefusedNamingLineOne()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var header = Header() with { Suite = SuiteFactory.Create() with { Gates = GateSettings.Default } };
        var writer = JournalWriter.Create(path, header, new FakeTimeProvider(T0));
        writer.Append(Attempt("case-1", 0));
        await writer.CompleteAsync(new JournalEnd(T0, RunStatus.Completed, null));
        var lines = await File.ReadAllLinesAsync(path);
        Assert.That(lines[0], Does.Contain("\"gates\":{"));
        // Loosen the gates in line 1, as someone turning INCONCLUSIVE into GO would.
        lines[0] = lines[0].Replace("\"severity\":\"blocking\"", "\"severity\":\"warning\"", StringComparison.Ordinal);
        Assert.That(lines[0], Is.Not.EqualTo((await File.ReadAllLinesAsync(path))[0]), "the edit changed the gates");
        await File.WriteAllLinesAsync(path, lines);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith(path + ":1: the header (suite, gates, prices) was edited after the run wrote it"));
    }

    [Test]
    public async Task Read_FormatOneJournal_NamesItsVersionAndWhatToDo()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        await using (var writer = JournalWriter.Create(path, Header(), new FakeTimeProvider(T0)))
        {
            writer.Append(Attempt("case-1", 0));
        }

        var text = await File.ReadAllTextAsync(path);
        await File.WriteAllTextAsync(path, text.Replace("\"formatVersion\":3", "\"formatVersion\":1", StringComparison.Ordinal));

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Is.EqualTo($"{path}: journal format 1 was written by an older bmh; this one reads formats 2 to 4. Rebuild its reports with the bmh that ran it, or run the suite again."));
    }

    [Test]
    public async Task Append_AfterTheFileFailed_ThrowsTheCauseAndFailedFires()
    {
        var journal = new JournalWriter(new FailingStream(failAt: 1), "results.jsonl", new FakeTimeProvider(T0));
        journal.Append(Attempt("case-1", 0));

        await Task.WhenAny(Task.Delay(Timeout.Infinite, journal.Failed)).ConfigureAwait(false);

        Assert.That(journal.Failed.IsCancellationRequested, Is.True);
        Assert.That(() => journal.Append(Attempt("case-1", 1)),
            Throws.TypeOf<AttemptSinkException>().With.Message.StartsWith("results.jsonl: the journal could not be written (No space left on device)"));
        await journal.DisposeAsync();
    }
}
