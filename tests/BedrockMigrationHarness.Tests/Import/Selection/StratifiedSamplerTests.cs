using BedrockMigrationHarness.Import;
using BedrockMigrationHarness.Import.Selection;

namespace BedrockMigrationHarness.Tests.Import.Selection;

[TestFixture]
public sealed class StratifiedSamplerTests
{
    [Test]
    public void Allocate_SizesAboveTotal_ProportionalWithOnePerStratum()
    {
        var shares = StratifiedSampler.Allocate([990, 9, 1], 100);

        Assert.That(shares, Is.EqualTo(new[] { 97, 2, 1 }));
    }

    [Test]
    public void Allocate_EverythingFits_TakesAll()
    {
        Assert.That(StratifiedSampler.Allocate([3, 0, 4], 100), Is.EqualTo(new[] { 3, 0, 4 }));
    }

    [Test]
    public void Allocate_MoreStrataThanPlaces_OneEachToTheFirst()
    {
        Assert.That(StratifiedSampler.Allocate([5, 5, 5], 2), Is.EqualTo(new[] { 1, 1, 0 }));
    }

    [Test]
    public void Allocate_NeverMoreThanAStratumHolds()
    {
        var shares = StratifiedSampler.Allocate([1000, 2, 2, 2], 500);

        Assert.Multiple(() =>
        {
            Assert.That(shares.Sum(), Is.EqualTo(500));
            Assert.That(shares[1..], Is.All.InRange(1, 2));
        });
    }

    [Test]
    public void Finish_SameSeedSameRecords_SameSample()
    {
        var first = Sample(seed: 7);
        var second = Sample(seed: 7);
        var other = Sample(seed: 8);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first));
            Assert.That(first, Has.Count.EqualTo(10).And.Unique);
        });
    }

    [Test]
    public void Offer_MoreRecordsThanCapacity_HoldsOnlyTheCapacity()
    {
        var sampler = new StratifiedSampler(10, 1, _ => new StratumKey(0, "all"));

        var letGo = Enumerable.Range(1, 5000).Count(n => sampler.Offer(LoggedInvocations.Create(n)) is not null);
        var result = sampler.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(letGo, Is.EqualTo(4990));
            Assert.That(result.Selected, Has.Length.EqualTo(10));
            Assert.That(result.LeftOut, Is.Empty);
            Assert.That(result.Strata.Single(), Is.EqualTo(new StratumSize("all", 5000, 10)));
        });
    }

    [Test]
    public void Finish_StratifiedByOperation_KeepsTheRareOperation()
    {
        var sampler = new StratifiedSampler(10, 1, i => new StratumKey(0, i.Operation.ToString()));
        for (var n = 1; n <= 1000; n++)
        {
            sampler.Offer(LoggedInvocations.Create(n, operation: n == 500 ? LoggedOperation.InvokeModel : LoggedOperation.Converse));
        }

        var result = sampler.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(result.Selected.Count(i => i.Operation == LoggedOperation.InvokeModel), Is.EqualTo(1));
            Assert.That(result.Selected, Has.Length.EqualTo(10));
            Assert.That(result.Strata.Select(s => (s.Label, s.Available, s.Selected)),
                Is.EqualTo(new[] { ("Converse", 999L, 9), ("InvokeModel", 1L, 1) }));
        });
    }

    private static List<string> Sample(int seed)
    {
        var sampler = new StratifiedSampler(10, seed, _ => new StratumKey(0, "all"));
        for (var n = 1; n <= 1000; n++)
        {
            sampler.Offer(LoggedInvocations.Create(n));
        }

        return [.. sampler.Finish().Selected.Select(i => i.RequestId).Order(StringComparer.Ordinal)];
    }
}
