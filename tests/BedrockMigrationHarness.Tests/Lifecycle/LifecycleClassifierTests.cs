using BedrockMigrationHarness.Lifecycle;
using Microsoft.Extensions.Time.Testing;

namespace BedrockMigrationHarness.Tests.Lifecycle;

[TestFixture]
public sealed class LifecycleClassifierTests
{
    private static readonly DateTimeOffset LegacyTime = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ExtendedAccessTime = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndOfLifeTime = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A model whose dates are all announced but whose Bedrock status still says ACTIVE: the dates decide.</summary>
    private static ModelLifecycleFacts Dated(string status = "ACTIVE") =>
        new("acme.model-v1:0", "acme.model-v1:0", LegacyTime, status, LegacyTime, ExtendedAccessTime, EndOfLifeTime);

    private static IEnumerable<TestCaseData> Boundaries()
    {
        var tick = TimeSpan.FromTicks(1);
        yield return new TestCaseData(LegacyTime - tick, (int)LifecycleStage.Active).SetName("Classify_JustBeforeLegacyTime_IsActive");
        yield return new TestCaseData(LegacyTime, (int)LifecycleStage.Legacy).SetName("Classify_AtLegacyTime_IsLegacy");
        yield return new TestCaseData(ExtendedAccessTime - tick, (int)LifecycleStage.Legacy).SetName("Classify_JustBeforeExtendedAccess_IsLegacy");
        yield return new TestCaseData(ExtendedAccessTime, (int)LifecycleStage.ExtendedAccess).SetName("Classify_AtExtendedAccessTime_IsExtendedAccess");
        yield return new TestCaseData(EndOfLifeTime - tick, (int)LifecycleStage.ExtendedAccess).SetName("Classify_JustBeforeEndOfLife_IsExtendedAccess");
        yield return new TestCaseData(EndOfLifeTime, (int)LifecycleStage.EndOfLife).SetName("Classify_AtEndOfLifeTime_IsEndOfLife");
        yield return new TestCaseData(EndOfLifeTime.AddYears(1), (int)LifecycleStage.EndOfLife).SetName("Classify_LongAfterEndOfLife_IsEndOfLife");
    }

    [TestCaseSource(nameof(Boundaries))]
    public void Classify_AtEachBoundary_MovesToTheNextStage(DateTimeOffset now, int expected)
    {
        var clock = new FakeTimeProvider(now);

        Assert.That(LifecycleClassifier.Classify(Dated(), clock.GetUtcNow()), Is.EqualTo((LifecycleStage)expected));
    }

    [Test]
    public void Classify_ClockAdvancingThroughTheLife_PassesEveryStageInOrder()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var seen = new List<LifecycleStage>();
        while (clock.GetUtcNow() < EndOfLifeTime.AddDays(2))
        {
            var stage = LifecycleClassifier.Classify(Dated(), clock.GetUtcNow());
            if (seen.Count == 0 || seen[^1] != stage)
            {
                seen.Add(stage);
            }

            clock.Advance(TimeSpan.FromHours(6));
        }

        Assert.That(seen, Is.EqualTo(new[] { LifecycleStage.Active, LifecycleStage.Legacy, LifecycleStage.ExtendedAccess, LifecycleStage.EndOfLife }));
    }

    [Test]
    public void Classify_BedrockSaysLegacyWithoutDates_IsLegacy()
    {
        var facts = new ModelLifecycleFacts("m-v1:0", "m-v1:0", LegacyTime, "LEGACY", null, null, null);

        Assert.That(LifecycleClassifier.Classify(facts, LegacyTime), Is.EqualTo(LifecycleStage.Legacy));
    }

    [Test]
    public void Classify_GoneModel_IsEndOfLifeWithZeroDaysLeft()
    {
        var facts = ModelLifecycleFacts.Removed("us.acme.old-v1:0", LegacyTime);

        Assert.That(LifecycleClassifier.Classify(facts, LegacyTime), Is.EqualTo(LifecycleStage.EndOfLife));
        Assert.That(LifecycleClassifier.DaysLeft(facts, LegacyTime), Is.Zero);
        Assert.That(facts.LookupId, Is.EqualTo("acme.old-v1:0"));
    }

    [Test]
    public void Classify_FailedLookup_IsUnknown()
    {
        var facts = ModelLifecycleFacts.Failed("m-v1:0", LegacyTime, "AccessDeniedException (HTTP 403): no");

        Assert.That(LifecycleClassifier.Classify(facts, LegacyTime), Is.EqualTo(LifecycleStage.Unknown));
        Assert.That(LifecycleClassifier.DaysLeft(facts, LegacyTime), Is.Null);
    }

    [TestCase("2027-02-27T00:00:00Z", 2)]
    [TestCase("2027-02-28T00:00:01Z", 0, Description = "23:59:59 left is 0 whole days")]
    [TestCase("2027-02-28T00:00:00Z", 1)]
    [TestCase("2027-03-05T00:00:00Z", 0, Description = "past the end of life: 0, never negative")]
    public void DaysLeft_RoundsDownToWholeDays(string now, int expected)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        Assert.That(LifecycleClassifier.DaysLeft(Dated(), at), Is.EqualTo(expected));
    }

    [Test]
    public void StageText_HasSpacedAndJsonWords()
    {
        Assert.That(LifecycleStageText.Of(LifecycleStage.ExtendedAccess), Is.EqualTo("EXTENDED ACCESS"));
        Assert.That(LifecycleStageText.Json(LifecycleStage.EndOfLife), Is.EqualTo("END_OF_LIFE"));
    }
}
