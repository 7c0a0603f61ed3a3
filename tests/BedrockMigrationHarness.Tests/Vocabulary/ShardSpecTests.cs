using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Vocabulary;

[TestFixture]
public sealed class ShardSpecTests
{
    [TestCase("1/1", 1, 1)]
    [TestCase("2/4", 2, 4)]
    [TestCase("1000/1000", 1000, 1000)]
    public void Parse_ValidText_ReadsIndexAndCount(string text, int index, int count)
    {
        Assert.That(ShardSpec.Parse(text, out var problem), Is.EqualTo(new ShardSpec(index, count)));
        Assert.That(problem, Is.Null);
    }

    [TestCase("0/4")]
    [TestCase("5/4")]
    [TestCase("1/1001")]
    [TestCase("-1/2")]
    [TestCase(" 1/2")]
    [TestCase("1/")]
    [TestCase("/2")]
    [TestCase("one/two")]
    public void Parse_InvalidText_SaysWhatIsExpected(string text)
    {
        Assert.That(ShardSpec.Parse(text, out var problem), Is.Null);
        Assert.That(problem, Does.StartWith("must be i/n with 1 ≤ i ≤ n ≤ 1000").And.EndWith($"(found `{text}`)."));
    }

    [Test]
    public void ForShard_EveryAttemptInExactlyOneShard_WithAllSamplesAndArmsOfItsCase()
    {
        var plan = RunPlan.Create(SuiteFactory.Create(cases: 40, samples: 3, noiseFloor: true));

        var shards = Enumerable.Range(1, 4).Select(i => plan.ForShard(new ShardSpec(i, 4))).ToList();

        Assert.That(shards.SelectMany(s => s.Attempts).Select(a => a.Key), Is.EquivalentTo(plan.Attempts.Select(a => a.Key)));
        foreach (var shard in shards)
        {
            Assert.That(shard.Attempts, Is.Not.Empty, "40 cases over 4 shards leave none empty");
            foreach (var group in shard.Attempts.GroupBy(a => a.Key.CaseId))
            {
                Assert.That(group.Count(), Is.EqualTo(3 * 3), $"{group.Key}: every sample of every arm");
            }
        }
    }

    [Test]
    public void Of_IsAFixedFunctionOfTheCaseId()
    {
        // Pinned (computed independently: Python hashlib, first 4 bytes big-endian mod n, + 1): a sharded run
        // resumed or merged by a later bmh must cut the plan the same way.
        Assert.That(new[] { "a", "b", "ticket-01", "ticket-02", "ticket-03" }.Select(id => ShardSpec.Of(id, 4)),
            Is.EqualTo(new[] { 3, 3, 1, 2, 1 }));
        Assert.That(ShardSpec.Of("ticket-01", 1), Is.EqualTo(1));
    }

    [Test]
    public void ForShard_Null_IsTheWholePlan()
    {
        var plan = RunPlan.Create(SuiteFactory.Create());

        Assert.That(plan.ForShard(null), Is.SameAs(plan));
    }
}
