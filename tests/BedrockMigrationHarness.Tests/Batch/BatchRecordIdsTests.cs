using BedrockMigrationHarness.Batch;

namespace BedrockMigrationHarness.Tests.Batch;

public sealed class BatchRecordIdsTests
{
    [TestCase(0, 0, "00000000000")]
    [TestCase(12, 3, "00001200003")]
    [TestCase(999_999, 99_999, "99999999999")]
    public void Of_WritesElevenDigits_AndReadsBack(int caseIndex, int sample, string expected)
    {
        var id = BatchRecordIds.Of(caseIndex, sample);

        Assert.That(id, Is.EqualTo(expected));
        Assert.That(BatchRecordIds.TryParse(id, out var c, out var s), Is.True);
        Assert.That((c, s), Is.EqualTo((caseIndex, sample)));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0000000000")]
    [TestCase("000000000000")]
    [TestCase("0000000000a")]
    [TestCase("٠٠٠٠٠٠٠٠٠٠٠")]
    public void TryParse_RefusesIdsItDidNotWrite(string? id) =>
        Assert.That(BatchRecordIds.TryParse(id, out _, out _), Is.False);

    [TestCase(-1, 0)]
    [TestCase(BatchRecordIds.MaxCases, 0)]
    [TestCase(0, -1)]
    [TestCase(0, BatchRecordIds.MaxSamples)]
    public void Of_RefusesIndexesOutOfRange(int caseIndex, int sample) =>
        Assert.That(() => BatchRecordIds.Of(caseIndex, sample), Throws.InstanceOf<ArgumentOutOfRangeException>());
}
