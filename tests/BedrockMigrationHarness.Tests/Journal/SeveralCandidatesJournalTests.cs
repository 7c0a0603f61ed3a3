using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Journal;

/// <summary>The journal of a suite with several candidates (format 4), and that a one-candidate journal keeps format 3.</summary>
[TestFixture]
public sealed class SeveralCandidatesJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static SuiteDefinition ThreeCandidates() => SuiteFactory.Create() with
    {
        OtherCandidates =
        [
            new CandidateSpec("amazon.nova-micro-v1:0", ArmOverrides.None),
            new CandidateSpec("amazon.nova-lite-v1:0", new ArmOverrides(new SystemOverride("Be brief.", false), null, null, null, " Answer in JSON.")),
        ],
    };

    private static JournalHeader HeaderOf(SuiteDefinition suite) =>
        new(JournalReader.FormatVersionFor(suite), SuiteFingerprint.Of(suite), T0, "suite.yaml", suite,
            BaselineLifecycle: Facts(suite.BaselineModelId, "LEGACY"), CandidateLifecycle: Facts(suite.CandidateModelId, "ACTIVE"))
        {
            OtherCandidateLifecycles = [.. suite.OtherCandidates.Select(c => Facts(c.ModelId, "ACTIVE"))],
        };

    private static ModelLifecycleFacts Facts(string model, string status) => new(model, model, T0, status, null, null, null);

    private static AttemptRecord Answer(Arm arm, int candidate, string model) =>
        new("case-1", arm, 0, 1, true, model, T0, CallOutcome.Success, 10, null, null, 5, 3, "end_turn", "{}", 200, null, null) { Candidate = candidate };

    [Test]
    public async Task WriteThenRead_KeepsTheCandidatesTheirLifecyclesAndEachAttemptsCandidate()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = ThreeCandidates();
        var writer = JournalWriter.Create(path, HeaderOf(suite), new FakeTimeProvider(T0));
        writer.Append(Answer(Arm.Baseline, 0, suite.BaselineModelId));
        writer.Append(Answer(Arm.Candidate, 0, suite.CandidateModelId));
        writer.Append(Answer(Arm.Candidate, 2, "amazon.nova-lite-v1:0"));
        await writer.CompleteAsync(new JournalEnd(T0, RunStatus.Completed, null));

        var contents = JournalReader.Read(path);

        Assert.That(contents.Header.FormatVersion, Is.EqualTo(4));
        Assert.That(contents.Header.Fingerprint, Is.EqualTo(SuiteFingerprint.Of(suite)));
        Assert.That(contents.Header.Suite.Candidates.Select(c => c.ModelId),
            Is.EqualTo(new[] { suite.CandidateModelId, "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0" }));
        Assert.That(contents.Header.Suite.OtherCandidates[1].Overrides, Is.EqualTo(suite.OtherCandidates[1].Overrides));
        Assert.That(contents.Header.OtherCandidateLifecycles.Select(l => l.ModelId), Is.EqualTo(new[] { "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0" }));
        Assert.That(contents.Records.Select(r => r.Candidate), Is.EqualTo(new[] { 0, 0, 2 }));
        Assert.That(contents.SettledKeys(includeErrors: false), Does.Contain(new AttemptKey("case-1", Arm.Candidate, 0, 2))
            .And.Contains(new AttemptKey("case-1", Arm.Candidate, 0, 0)));
        var lines = await File.ReadAllLinesAsync(path);
        Assert.That(lines[1], Does.Not.Contain("\"candidate\""), "candidate 0 is not written");
        Assert.That(lines[3], Does.Contain("\"candidate\":2"));
    }

    [Test]
    public async Task OneCandidateSuite_IsWrittenInFormatThreeWithoutCandidateMembers()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = SuiteFactory.Create();
        var writer = JournalWriter.Create(path, HeaderOf(suite), new FakeTimeProvider(T0));
        writer.Append(Answer(Arm.Candidate, 0, suite.CandidateModelId));
        await writer.CompleteAsync(new JournalEnd(T0, RunStatus.Completed, null));

        var text = await File.ReadAllTextAsync(path);

        Assert.That(JournalReader.Read(path).Header.FormatVersion, Is.EqualTo(3));
        Assert.That(text, Does.Not.Contain("otherCandidates").And.Not.Contain("\"candidate\":"));
    }

    [TestCase(Arm.Candidate, 3)]
    [TestCase(Arm.Baseline, 1)]
    public async Task Read_AttemptNamingACandidateTheSuiteHasNot_IsRefusedNamingTheLine(Arm arm, int candidate)
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = ThreeCandidates();
        var writer = JournalWriter.Create(path, HeaderOf(suite), new FakeTimeProvider(T0));
        writer.Append(Answer(Arm.Baseline, 0, suite.BaselineModelId));
        writer.Append(Answer(arm, candidate, "x"));
        await writer.DisposeAsync();

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:3: the attempt names candidate {candidate}").And.Contains("has 3 candidates"));
    }

    [Test]
    public void Fingerprint_CoversTheOtherCandidatesAndTheirOverrides()
    {
        var one = SuiteFactory.Create();
        var three = ThreeCandidates();
        var reordered = three with { OtherCandidates = [three.OtherCandidates[1], three.OtherCandidates[0]] };
        var otherOverrides = three with { OtherCandidates = three.OtherCandidates.SetItem(1, three.OtherCandidates[1] with { Overrides = ArmOverrides.None }) };

        var prints = new[] { one, three, reordered, otherOverrides }.Select(SuiteFingerprint.Of).ToArray();

        Assert.That(prints.Distinct().Count(), Is.EqualTo(4));
        Assert.That(SuiteFingerprint.Of(one with { OtherCandidates = [] }), Is.EqualTo(prints[0]));
    }

    [Test]
    public void ForCandidate_IsTheTwoArmSuiteOfThatCandidate()
    {
        var suite = ThreeCandidates();
        var header = HeaderOf(suite);

        var second = suite.ForCandidate(2);
        var view = header.ForCandidate(1);

        Assert.That(second.CandidateModelId, Is.EqualTo("amazon.nova-lite-v1:0"));
        Assert.That(second.Candidate, Is.EqualTo(suite.OtherCandidates[1].Overrides));
        Assert.That(second.CandidateCount, Is.EqualTo(1));
        Assert.That(suite.ForCandidate(0).CandidateModelId, Is.EqualTo(suite.CandidateModelId));
        Assert.That(view.Suite.CandidateModelId, Is.EqualTo("amazon.nova-micro-v1:0"));
        Assert.That(view.CandidateLifecycle!.ModelId, Is.EqualTo("amazon.nova-micro-v1:0"));
        Assert.That(view.OtherCandidateLifecycles, Is.Empty);
        Assert.That(SuiteFactory.Create().ForCandidate(0), Is.SameAs(SuiteFactory.Create()).Or.EqualTo(SuiteFactory.Create()).Using<SuiteDefinition>((a, b) => a.CandidateModelId == b.CandidateModelId));
        Assert.Throws<ArgumentOutOfRangeException>(() => suite.ForCandidate(3));
    }
}
