using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Execution;

[TestFixture]
public sealed class RunPlanTests
{
    [Test]
    public void Create_InterleavesArmsAndAlternatesWhichGoesFirst()
    {
        var plan = RunPlan.Create(SuiteFactory.Create(cases: 2, samples: 2));

        Assert.That(plan.Attempts, Has.Length.EqualTo(8));
        var arms = plan.Attempts.Select(a => a.Key.Arm).ToArray();
        Assert.That(arms, Is.EqualTo(new[]
        {
            Arm.Baseline, Arm.Candidate, Arm.Candidate, Arm.Baseline,
            Arm.Baseline, Arm.Candidate, Arm.Candidate, Arm.Baseline,
        }));
        Assert.That(plan.Attempts.Select(a => a.Key).Distinct().Count(), Is.EqualTo(8));
    }

    [Test]
    public void Create_SendsEachArmToItsModel()
    {
        var plan = RunPlan.Create(SuiteFactory.Create(noiseFloor: true));

        Assert.That(plan.Attempts.Where(a => a.Key.Arm == Arm.Candidate).Select(a => a.Request.ModelId), Is.All.EqualTo("candidate.model-v2:0"));
        Assert.That(plan.Attempts.Where(a => a.Key.Arm != Arm.Candidate).Select(a => a.Request.ModelId), Is.All.EqualTo("baseline.model-v1:0"));
        Assert.That(plan.Attempts.Count(a => a.Key.Arm == Arm.BaselineRepeat), Is.EqualTo(6));
    }

    [Test]
    public void Without_RemovesSettledAttempts()
    {
        var plan = RunPlan.Create(SuiteFactory.Create());
        var settled = plan.Attempts.Take(5).Select(a => a.Key).ToHashSet();

        var rest = plan.Without(settled);

        Assert.That(rest.Attempts.Select(a => a.Key), Is.EqualTo(plan.Attempts.Skip(5).Select(a => a.Key)));
    }
}
