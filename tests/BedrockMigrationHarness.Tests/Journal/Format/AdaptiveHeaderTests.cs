using System.Text.Json;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Journal.Format;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Journal.Format;

/// <summary>The adaptive settings in the journal's header (<c>suite.adaptive</c>) and in the plan's fingerprint.</summary>
[TestFixture]
public sealed class AdaptiveHeaderTests
{
    private static readonly AdaptiveSettings Adaptive = new(60, 2.5, 0.95, SpendingFunction.OBrienFleming);

    private static SuiteDefinition AdaptiveSuite() => JournalFormatFixture.Suite() with { Adaptive = Adaptive };

    [Test]
    public async Task WriteThenRead_HeaderWithAdaptive_RoundTripsItsSettingsAndFingerprint()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = AdaptiveSuite();
        var header = JournalFormatFixture.Header() with { Fingerprint = SuiteFingerprint.Of(suite), Suite = suite };
        await JournalWriter.Create(path, header, new FakeTimeProvider()).DisposeAsync();

        var contents = JournalReader.Read(path);

        Assert.That(contents.Header.Suite.Adaptive, Is.EqualTo(Adaptive));
        Assert.That(SuiteFingerprint.Of(contents.Header.Suite), Is.EqualTo(header.Fingerprint));
        Assert.That((await File.ReadAllLinesAsync(path))[0],
            Does.Contain("\"adaptive\":{\"maxSamples\":60,\"maxCostUsd\":2.5,\"passConfidence\":0.95,\"spending\":\"oBrienFleming\"}"));
    }

    [Test]
    public async Task WriteThenRead_AdaptiveWithoutCostCap_LeavesTheCapOut()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = JournalFormatFixture.Suite() with { Adaptive = AdaptiveSettings.Default };
        await JournalWriter.Create(path, JournalFormatFixture.Header() with { Suite = suite }, new FakeTimeProvider()).DisposeAsync();

        Assert.That(JournalReader.Read(path).Header.Suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default));
        Assert.That((await File.ReadAllLinesAsync(path))[0], Does.Contain("\"adaptive\":{\"maxSamples\":100,\"passConfidence\":0.9,\"spending\":\"pocock\"}"));
    }

    [Test]
    public async Task Write_FixedSizeRun_WritesNoAdaptiveMember()
    {
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        await JournalWriter.Create(path, JournalFormatFixture.Header(), new FakeTimeProvider()).DisposeAsync();

        Assert.That((await File.ReadAllLinesAsync(path))[0], Does.Not.Contain("adaptive"));
        Assert.That(JournalReader.Read(path).Header.Suite.Adaptive, Is.Null);
    }

    [Test]
    public void SuiteFingerprint_FixedSizeSuite_IsTheValueBeforeAdaptiveSampling()
    {
        // Pinned before the adaptive settings existed: a suite without them keeps its fingerprint, so journals written
        // before them still resume.
        Assert.That(JournalFormatFixture.Suite().Adaptive, Is.Null);
        Assert.That(SuiteFingerprint.Of(JournalFormatFixture.Suite()),
            Is.EqualTo("880b46f9ee61aaed1a1fa246b0cb8b0ef9e2b518ef4accc17190da5f3e248177"));
    }

    private static IEnumerable<TestCaseData> AdaptiveChanges()
    {
        static TestCaseData Change(string name, Func<SuiteDefinition, SuiteDefinition> change) =>
            new TestCaseData(change).SetName($"SuiteFingerprint_Adaptive{name}_Differs");

        yield return Change("Removed", suite => suite with { Adaptive = null });
        yield return Change("MaxSamples", suite => suite with { Adaptive = Adaptive with { MaxSamples = 61 } });
        yield return Change("MaxCost", suite => suite with { Adaptive = Adaptive with { MaxCostUsd = 3 } });
        yield return Change("NoMaxCost", suite => suite with { Adaptive = Adaptive with { MaxCostUsd = null } });
        yield return Change("PassConfidence", suite => suite with { Adaptive = Adaptive with { PassConfidence = 0.9 } });
        yield return Change("Spending", suite => suite with { Adaptive = Adaptive with { Spending = SpendingFunction.Pocock } });
    }

    [TestCaseSource(nameof(AdaptiveChanges))]
    public void SuiteFingerprint_AdaptiveChanged_Differs(Func<SuiteDefinition, SuiteDefinition> change)
    {
        var suite = AdaptiveSuite();

        Assert.That(SuiteFingerprint.Of(change(suite)), Is.Not.EqualTo(SuiteFingerprint.Of(suite)));
    }

    [TestCase("\"maxSamples\":60", "\"maxSamples\":0", "`header.suite.adaptive.maxSamples` is 0; it must be from 1 to 10000.")]
    [TestCase("\"passConfidence\":0.95", "\"passConfidence\":1.5", "`header.suite.adaptive.passConfidence` is 1.5; it must be between 0.5 and 1, exclusive.")]
    [TestCase("\"maxCostUsd\":2.5", "\"maxCostUsd\":-1", "`header.suite.adaptive.maxCostUsd` is -1; it must be above 0.")]
    [TestCase("\"spending\":\"oBrienFleming\"", "\"spending\":\"haybittle\"", "`header.suite.adaptive.spending` is `haybittle`, which this bmh does not know; known: oBrienFleming, pocock.")]
    public void Read_HeaderWithAdaptiveOutOfRange_IsRefusedNamingTheMember(string member, string replacement, string expected)
    {
        // A forger can recompute the checksum; the values are still checked as the suite key's are.
        using var dir = new TempDirectory();
        var path = dir.File(JournalWriter.FileName);
        var suite = AdaptiveSuite();
        var dto = JournalFormat.ToDto(JournalFormatFixture.Header() with { Fingerprint = SuiteFingerprint.Of(suite), Suite = suite });
        var edited = JsonSerializer.Deserialize(
            JsonSerializer.Serialize(dto, JournalJsonContext.Journal.HeaderDto).Replace(member, replacement, StringComparison.Ordinal),
            JournalJsonContext.Journal.HeaderDto)!;
        var line = JsonSerializer.Serialize(new JournalLineDto { Header = edited with { Checksum = HeaderChecksum.Of(edited) } }, JournalJsonContext.Journal.JournalLineDto);
        File.WriteAllText(path, line + "\n");

        var ex = Assert.Throws<JournalFormatException>(() => JournalReader.Read(path))!;

        Assert.That(ex.Message, Does.StartWith($"{path}:1: not a journal line (").And.Contains(expected));
    }

    [Test]
    public void ToHeader_AdaptiveDto_MapsBackToAnEqualDto()
    {
        var dto = JournalFormat.ToDto(JournalFormatFixture.Header() with { Suite = AdaptiveSuite() });

        var again = JournalFormat.ToDto(JournalFormat.ToHeader(dto));

        Assert.That(again.Suite.Adaptive, Is.EqualTo(dto.Suite.Adaptive));
    }
}
