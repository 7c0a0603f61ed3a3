using BedrockMigrationHarness.Execution;
using System.Text.Json;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Pricing;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Reports;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Journal.Format;

/// <summary>
/// The on-disk format of <c>results.jsonl</c> is its DTOs, not bmh's internal records: a journal written from a fixed
/// fixture is compared byte for byte with a checked-in golden file (Reports/Golden/journal.jsonl, first written by the
/// format-2 writer that serialized the internal records themselves, so journals written before the DTOs still read).
/// </summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class JournalFormatTests
{
    private const string GoldenFile = "journal.jsonl";

    [TestCase("")]
    [TestCase("de-DE")]
    public async Task Write_FixtureJournal_MatchesGoldenFile(string culture)
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        using (new CultureScope(culture))
        {
            var writer = JournalWriter.Create(path, JournalFormatFixture.Header(), new FakeTimeProvider());
            foreach (var attempt in JournalFormatFixture.Attempts())
            {
                writer.Append(attempt);
            }

            await writer.CompleteAsync(JournalFormatFixture.End());
        }

        Golden.Verify(GoldenFile, await File.ReadAllTextAsync(path));
    }

    [Test]
    public void Read_GoldenFile_GivesTheFixtureBack()
    {
        var contents = JournalReader.Read(Golden.PathOf(GoldenFile));

        Assert.That(HeaderJson(contents.Header with { Checksum = null }), Is.EqualTo(HeaderJson(JournalFormatFixture.Header())));
        Assert.That(contents.Header.Checksum, Is.EqualTo(HeaderChecksum.Of(JournalFormat.ToDto(JournalFormatFixture.Header()))));
        Assert.That(contents.Header.Suite.Retry, Is.EqualTo(JournalFormatFixture.Header().Suite.Retry));
        Assert.That(contents.Records.Select(AttemptJson), Is.EqualTo(JournalFormatFixture.Attempts().Select(AttemptJson)));
        Assert.That(contents.End, Is.EqualTo(JournalFormatFixture.End()));
        Assert.That(contents.Warnings, Is.Empty);
    }

    [Test]
    public void Read_FormatTwoJournal_ReadsAsBefore()
    {
        var contents = JournalReader.Read(Golden.PathOf("journal-format2.jsonl"));

        Assert.That(contents.Header.FormatVersion, Is.EqualTo(2));
        Assert.That(contents.Header.Fingerprint, Is.EqualTo(SuiteFingerprint.Of(JournalFormatFixture.FormatTwoSuite())));
        var two = JournalFormatFixture.Header() with
        {
            FormatVersion = 2,
            Fingerprint = SuiteFingerprint.Of(JournalFormatFixture.FormatTwoSuite()),
            Suite = JournalFormatFixture.FormatTwoSuite(),
        };
        Assert.That(HeaderJson(contents.Header with { Checksum = null }), Is.EqualTo(HeaderJson(two)));
        Assert.That(contents.Records.Select(AttemptJson), Is.EqualTo(JournalFormatFixture.FormatTwoAttempts().Select(AttemptJson)));
    }

    [Test]
    public void Read_JournalWrittenBeforeCaseInference_TakesEveryInferenceKeyOfTheArmAndKeepsItsFingerprint()
    {
        // Written by the format-3 writer before cases had inference keys: its arm settings carry no inferenceKeys.
        var contents = JournalReader.Read(Golden.PathOf("journal-format3-before-case-keys.jsonl"));

        var candidate = contents.Header.Suite.Candidate.Inference!;
        Assert.That(candidate, Is.EqualTo(new InferenceOverride(512, Optional<double?>.Of(0.2), Optional<double?>.Of(null), candidate.StopSequences)));
        Assert.That(candidate.StopSequences, Is.EqualTo(new[] { "\n\nHuman:", "</answer>" }));
        Assert.That(contents.Header.Suite.Cases.Select(c => (c.Inference, c.Reference)), Has.All.EqualTo(((InferenceOverride?)null, (CaseReference?)null)));
        Assert.That(SuiteFingerprint.Of(contents.Header.Suite), Is.EqualTo(contents.Header.Fingerprint));
    }

    [Test]
    public void Read_GoldenFile_GivesTheCaseInferenceAndReferenceBack()
    {
        var contents = JournalReader.Read(Golden.PathOf(GoldenFile));

        var chat = contents.Header.Suite.Cases.Single(c => c.Id == "support-chat");
        var expected = JournalFormatFixture.Suite().Cases.Single(c => c.Id == "support-chat");
        Assert.That(chat.Inference, Is.EqualTo(expected.Inference));
        Assert.That(chat.Reference, Is.EqualTo(expected.Reference));
        Assert.That(RunPlan.InferenceFor(contents.Header.Suite, chat, Arm.Candidate), Is.EqualTo(new InferenceSettings(1024, null, null, chat.Inference!.ApplyTo(contents.Header.Suite.Inference).StopSequences)));
        Assert.That(SuiteFingerprint.Of(contents.Header.Suite), Is.EqualTo(contents.Header.Fingerprint));
    }

    [Test]
    public void SuiteFingerprint_ReferenceChanged_IsTheSame()
    {
        var suite = JournalFormatFixture.Suite();
        var chat = suite.Cases[^1];
        var fixedTypo = suite with { Cases = suite.Cases.SetItem(suite.Cases.Length - 1, chat with { Reference = chat.Reference! with { Text = "It shipped yesterday!" } }) };

        Assert.That(SuiteFingerprint.Of(fixedTypo), Is.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public void SuiteFingerprint_CaseInferenceChanged_Differs()
    {
        var suite = JournalFormatFixture.Suite();
        var chat = suite.Cases[^1];
        var changed = suite with { Cases = suite.Cases.SetItem(suite.Cases.Length - 1, chat with { Inference = chat.Inference! with { MaxTokens = 1025 } }) };

        Assert.That(SuiteFingerprint.Of(changed), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public void SuiteFingerprint_ArmSettingTheSuitesValueOrNot_DiffersWhenACaseSetsTheKey()
    {
        // Arm max_tokens 512 (= the suite's) beats the case's 1024; an arm without max_tokens lets the case's through.
        var suite = JournalFormatFixture.Suite();
        var explicitArm = suite with { Candidate = suite.Candidate with { Inference = suite.Candidate.Inference! with { MaxTokens = 512 } } };

        Assert.That(SuiteFingerprint.Of(explicitArm), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public void Read_GoldenFile_GivesTheConversationAndToolCallsBack()
    {
        var contents = JournalReader.Read(Golden.PathOf(GoldenFile));

        var chat = contents.Header.Suite.Cases.Single(c => c.Id == "support-chat");
        var expected = JournalFormatFixture.Suite().Cases.Single(c => c.Id == "support-chat");
        Assert.That(chat.Messages, Is.EqualTo(expected.Messages));
        Assert.That(chat.Tools, Is.EqualTo(expected.Tools));
        Assert.That(chat.ExpectTool!.Input, Is.EqualTo(expected.ExpectTool!.Input));
        Assert.That(contents.Header.Suite.Candidate, Is.EqualTo(JournalFormatFixture.Suite().Candidate));
        var call = contents.Records.Single(r => r.CaseId == "support-chat");
        Assert.That(call.ToolCalls.Single(), Is.EqualTo(new ToolCall("tooluse_1", "lookup_order", "{\"order_id\":\"A-1\"}")));
        Assert.That((call.ReasoningText, call.CacheReadInputTokens, call.CacheWriteInputTokens), Is.EqualTo(("The user asks about an order.", 1024, 0)));
    }

    [Test]
    public void SuiteFingerprint_ImageEdited_ChangesAndNamesTheFile()
    {
        var suite = JournalFormatFixture.Suite();
        var chat = suite.Cases[^1];
        var edited = chat with
        {
            Messages = chat.Messages.SetItem(0, chat.Messages[0] with
            {
                Parts = chat.Messages[0].Parts.SetItem(1, new ImagePart("png", "files/parcel.png", new string('c', 64), ReadOnlyMemory<byte>.Empty)),
            }),
        };
        var after = suite with { Cases = suite.Cases.SetItem(suite.Cases.Length - 1, edited) };

        Assert.That(SuiteFingerprint.Of(after), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
        Assert.That(SuiteFingerprint.ChangedFile(suite, after), Does.StartWith("the file `files/parcel.png` (case `support-chat`) has changed since the run started"));
        Assert.That(SuiteFingerprint.ChangedFile(suite, suite), Is.Null);
    }

    [Test]
    public void ToHeader_DtoOfTheFixture_MapsBackToAnEqualDto()
    {
        var dto = JournalFormat.ToDto(JournalFormatFixture.Header());

        var again = JournalFormat.ToDto(JournalFormat.ToHeader(dto));

        Assert.That(Json(again), Is.EqualTo(Json(dto)));
    }

    [Test]
    public void SuiteFingerprint_FixtureSuite_IsTheValueTheFormatTwoWriterHashed()
    {
        // Captured from the fingerprint that serialized the internal records by reflection: resuming a journal written
        // before the DTOs must find the same plan.
        Assert.That(SuiteFingerprint.Of(JournalFormatFixture.FormatTwoSuite()),
            Is.EqualTo("6eab11c5b51c699d33fc8b953f669bf70a5fcb1f3accfbe357e80154cde81313"));
    }

    [Test]
    public void SuiteFingerprint_FixtureSuiteWithoutJudge_IsTheValueBeforeTheJudge()
    {
        // The golden journal's fingerprint, written before suites had a judge: a suite without one keeps its fingerprint.
        Assert.That(SuiteFingerprint.Of(JournalFormatFixture.Suite()),
            Is.EqualTo("880b46f9ee61aaed1a1fa246b0cb8b0ef9e2b518ef4accc17190da5f3e248177"));
    }

    private static IEnumerable<TestCaseData> JudgeChanges()
    {
        static TestCaseData Change(string name, Func<SuiteDefinition, SuiteDefinition> change) =>
            new TestCaseData(change).SetName($"SuiteFingerprint_Judge{name}_Differs");

        yield return Change("Removed", suite => suite with { Judge = null });
        yield return Change("Model", suite => suite with { Judge = suite.Judge! with { ModelId = "meta.llama3-70b-instruct-v1:0" } });
        yield return Change("Mode", suite => suite with { Judge = suite.Judge! with { Mode = JudgeMode.Pairwise } });
        yield return Change("Rubric", suite => suite with { Judge = suite.Judge! with { Rubric = "Shorter wins." } });
        yield return Change("Inference", suite => suite with { Judge = suite.Judge! with { Inference = suite.Judge.Inference with { MaxTokens = 1024 } } });
        yield return Change("CaseRubric", suite => WithChat(suite, chat => chat with { Judge = new CaseJudge(false, "Tone matters.") }));
        yield return Change("CaseLeftOut", suite => WithChat(suite, chat => chat with { Judge = new CaseJudge(true, null) }));
        yield return Change("ReferenceInReferenceMode", suite => WithChat(suite, chat => chat with { Reference = chat.Reference! with { Text = "It shipped today." } }));
    }

    [TestCaseSource(nameof(JudgeChanges))]
    public void SuiteFingerprint_JudgeChanged_Differs(Func<SuiteDefinition, SuiteDefinition> change)
    {
        var suite = JournalFormatFixture.JudgedSuite();

        Assert.That(SuiteFingerprint.Of(change(suite)), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public void SuiteFingerprint_JudgeCasesChanged_Differs()
    {
        var pairwise = JournalFormatFixture.JudgedSuite();
        pairwise = pairwise with { Judge = pairwise.Judge! with { Mode = JudgeMode.Pairwise } };

        Assert.That(SuiteFingerprint.Of(pairwise with { Judge = pairwise.Judge! with { Cases = ["greet"] } }), Is.Not.EqualTo(SuiteFingerprint.Of(pairwise)));
    }

    [Test]
    public void SuiteFingerprint_JudgePatternsSelectingTheSameCases_IsTheSame()
    {
        // What is hashed is the cases judged, not how the patterns are written; and the logged production figures of a
        // reference are never sent to the judge.
        var suite = JournalFormatFixture.JudgedSuite();
        var rewritten = WithChat(suite with { Judge = suite.Judge! with { Cases = ["support-*"] } },
            chat => chat with { Reference = chat.Reference! with { Production = chat.Reference.Production! with { LatencyMs = 999 } } });

        Assert.That(SuiteFingerprint.Of(rewritten), Is.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [Test]
    public async Task WriteThenRead_HeaderWithJudge_RoundTripsTheSuitesAndTheCasesJudge()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = JournalFormatFixture.JudgedSuite();
        var header = JournalFormatFixture.Header() with { Fingerprint = SuiteFingerprint.Of(suite), Suite = suite };
        await JournalWriter.Create(path, header, new FakeTimeProvider()).DisposeAsync();

        var contents = JournalReader.Read(path);

        Assert.That(contents.Header.Suite.Judge, Is.EqualTo(suite.Judge));
        Assert.That(contents.Header.Suite.Cases.Select(c => c.Judge), Is.EqualTo(suite.Cases.Select(c => c.Judge)));
        Assert.That(HeaderJson(contents.Header with { Checksum = null }), Is.EqualTo(HeaderJson(header)));
        Assert.That(SuiteFingerprint.Of(contents.Header.Suite), Is.EqualTo(header.Fingerprint));
        var line = (await File.ReadAllLinesAsync(path))[0];
        Assert.That(line, Does.Contain("\"judge\":{\"modelId\":\"mistral.mistral-large-2407-v1:0\",\"mode\":\"reference\",\"rubric\":\"Shorter wins only when as complete.\","
            + "\"cases\":[\"support-chat\",\"greet\"],\"inference\":{\"maxTokens\":512,\"temperature\":0,\"stopSequences\":[]}}"));
        Assert.That(line, Does.Contain("\"judge\":{\"skip\":true}").And.Contains("\"judge\":{\"skip\":false,\"rubric\":\"Be strict.\"}"));
    }

    [Test]
    public async Task WriteThenRead_PricesWithBatchPrices_RoundTripThem()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var fixture = JournalFormatFixture.Header();
        const string Id = "anthropic.claude-3-haiku-20240307-v1:0";
        var prices = fixture.Pricing! with
        {
            Models = fixture.Pricing!.Models.SetItem(Id, fixture.Pricing.Models[Id] with { BatchInputPerMillion = 0.125, BatchOutputPerMillion = 0.625 }),
        };
        await JournalWriter.Create(path, fixture with { Pricing = prices }, new FakeTimeProvider()).DisposeAsync();

        var contents = JournalReader.Read(path);

        Assert.That(contents.Header.Pricing!.Models, Is.EqualTo(prices.Models));
        Assert.That((await File.ReadAllLinesAsync(path))[0], Does.Contain("\"batchInputPerMillion\":0.125,\"batchOutputPerMillion\":0.625"));
    }

    [Test]
    public void Read_GoldenFile_PricesWrittenBeforeBatchPrices_HaveNone()
    {
        var contents = JournalReader.Read(Golden.PathOf(GoldenFile));

        Assert.That(contents.Header.Pricing!.Models.Values, Has.All.Matches<ModelPrice>(p => p.BatchInputPerMillion is null && p.BatchOutputPerMillion is null));
    }

    [Test]
    public void Read_GoldenFileWrittenBeforeTheJudge_HasNoJudge()
    {
        var contents = JournalReader.Read(Golden.PathOf(GoldenFile));

        Assert.That(contents.Header.Suite.Judge, Is.Null);
        Assert.That(contents.Header.Suite.Cases.Select(c => c.Judge), Has.All.Null);
    }

    private static SuiteDefinition WithChat(SuiteDefinition suite, Func<PromptCase, PromptCase> change) =>
        suite with { Cases = suite.Cases.SetItem(suite.Cases.Length - 1, change(suite.Cases[^1])) };

    private static IEnumerable<TestCaseData> EnumMembers() =>
        Members<Arm>().Concat(Members<CallOutcome>()).Concat(Members<GateKind>()).Concat(Members<GateSeverity>())
            .Concat(Members<ExpectationKind>()).Concat(Members<RunStatus>()).Concat(Members<JudgeMode>())
            .Concat(Members<LookStop>()).Concat(Members<LookGateState>());

    private static IEnumerable<TestCaseData> Members<T>()
        where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => new TestCaseData((Func<bool>)(() => EnumNames<T>.Parse(EnumNames<T>.Name(v), "m").Equals(v)))
            .SetName($"EnumNames_{typeof(T).Name}_{v}_RoundTripsByName"));

    /// <summary>Every member of every enum the journal stores maps to a name and back with no DTO change: members
    /// added later (a gate kind, a call outcome) are covered the moment they exist.</summary>
    [TestCaseSource(nameof(EnumMembers))]
    public void EnumNames_EveryMember_RoundTripsByName(Func<bool> roundTrips) => Assert.That(roundTrips(), Is.True);

    [Test]
    public void EnumNames_KnownMember_IsWrittenInCamelCase() =>
        Assert.That(EnumNames<Arm>.Name(Arm.BaselineRepeat), Is.EqualTo("baselineRepeat"));

    [TestCase("\"outcome\":\"success\"", "\"outcome\":\"exploded\"", "`attempt.outcome` is `exploded`, which this bmh does not know; known: success, throttled")]
    [TestCase("\"arm\":\"candidate\"", "\"arm\":\"Candidate\"", "`attempt.arm` is `Candidate`")]
    [TestCase("\"arm\":\"candidate\"", "\"arm\":\"1\"", "`attempt.arm` is `1`")]
    [TestCase("\"caseId\":\"extract\",", "", "caseId")]
    [TestCase("\"sample\":1", "\"sample\":\"1\"", "sample")]
    [TestCase("\"caseId\":\"extract\"", "\"caseId\":\"extract\",\"caseId\":\"greet\"", "caseId")]
    public void Read_AttemptLineOfAnotherShape_IsRefusedNamingLineAndMember(string member, string replacement, string expected)
    {
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[1] = Replace(lines[1], member, replacement));

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:2: not a journal line (").And.Contains(expected));
    }

    [Test]
    public void Read_AttemptTextWithInvalidUtf8_IsRefusedNamingTheLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var lines = File.ReadAllLines(Golden.PathOf(GoldenFile));
        var bytes = new List<byte>();
        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(line);
            bytes.AddRange(index == 1 ? Replace(utf8, "ü"u8.ToArray(), [0xFF, 0xC3]) : utf8);
            bytes.Add((byte)'\n');
        }

        File.WriteAllBytes(path, [.. bytes]);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:2: not a journal line ("));
    }

    [TestCase("{}")]
    [TestCase("null")]
    [TestCase("[]")]
    public void Read_LineWithNoKind_IsRefused(string line)
    {
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[2] = line);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:3: not a journal line ("));
    }

    [Test]
    public void Read_LineWithAnAttemptAndAnEnd_IsRefused()
    {
        // Before the DTOs such a line was taken as an attempt and its end silently dropped.
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[2] = lines[2][..^1] + "," + lines[^1][1..]);

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:3: not a journal line (a journal line holds exactly one of `header`, `attempt`, `look`, `batchJob` and `end`)"));
    }

    [Test]
    public void Read_EndWithUnknownStatus_NamesTheMember()
    {
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[^1] = Replace(lines[^1], "\"status\":\"aborted\"", "\"status\":\"exploded\""));

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:5: not a journal line (`end.status` is `exploded`"));
    }

    [TestCase("\"stop\":\"continue\"", "\"stop\":\"gaveUp\"", "`look.stop` is `gaveUp`, which this bmh does not know; known: continue, decided, maxSamples, maxCost.")]
    [TestCase("\"state\":\"undecided\"", "\"state\":\"maybe\"", "`look.gates.state` is `maybe`, which this bmh does not know; known: pass, fail, undecided.")]
    [TestCase("\"kind\":\"complianceDrop\"", "\"kind\":\"vibes\"", "`look.gates.kind` is `vibes`, which this bmh does not know; known: ")]
    public void Read_LookLineWithAnUnknownName_IsRefusedNamingTheLineAndMember(string member, string replacement, string expected)
    {
        using var dir = new TempDirectory();
        const string look = "{\"look\":{\"index\":1,\"samplesPerCase\":5,\"fraction\":0.05,\"failLevel\":0.98,\"passLevel\":0.75," +
            "\"gates\":[{\"kind\":\"complianceDrop\",\"state\":\"undecided\",\"estimate\":-0.014}]," +
            "\"modelCalls\":40,\"stop\":\"continue\",\"nextSamplesPerCase\":10,\"at\":\"2026-11-25T12:01:00+00:00\"}}";
        var path = CopyOfGolden(dir, lines => lines[2] = Replace(look, member, replacement));

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:3: not a journal line (").And.Contains(expected));
    }

    [TestCase(1, "was written by an older bmh; this one reads formats 2 to 4")]
    [TestCase(7, "is newer than this bmh reads (4); update bmh")]
    public void Read_HeaderOfAnotherFormatAndShape_NamesItsVersion(int version, string expected)
    {
        // Another format's header need not parse as this one's: its version is still read and named.
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[0] = $"{{\"header\":{{\"formatVersion\":{version},\"suite\":{{\"renamed\":true}}}}}}");

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Is.EqualTo($"{path}: journal format {version} {expected}" +
            (version == 1 ? ". Rebuild its reports with the bmh that ran it, or run the suite again." : ".")));
    }

    [Test]
    public void Read_HeaderMissingAMember_IsRefusedNamingLineOne()
    {
        using var dir = new TempDirectory();
        var path = CopyOfGolden(dir, lines => lines[0] = Replace(lines[0], "\"suiteFile\":\"suites/format-fixture.yaml\",", ""));

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:1: not a journal line (").And.Contains("suiteFile"));
    }

    private static string CopyOfGolden(TempDirectory dir, Action<string[]> edit)
    {
        var lines = File.ReadAllLines(Golden.PathOf(GoldenFile));
        edit(lines);
        var path = dir.File(JournalWriter.FileName);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static string Replace(string line, string member, string replacement)
    {
        Assert.That(line, Does.Contain(member), "the golden line holds the member the test edits");
        return line.Replace(member, replacement, StringComparison.Ordinal);
    }

    private static byte[] Replace(byte[] line, byte[] what, byte[] by)
    {
        var at = line.AsSpan().IndexOf(what);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), "the golden line holds the bytes the test replaces");
        return [.. line[..at], .. by, .. line[(at + what.Length)..]];
    }

    private static string HeaderJson(JournalHeader header) => Json(JournalFormat.ToDto(header));

    /// <summary>An attempt as written: records hold arrays, which compare by reference.</summary>
    private static string AttemptJson(AttemptRecord record) => JsonSerializer.Serialize(JournalFormat.ToDto(record), JournalJsonContext.Journal.AttemptDto);

    private static string Json(HeaderDto dto) => JsonSerializer.Serialize(dto, JournalJsonContext.Journal.HeaderDto);
}
