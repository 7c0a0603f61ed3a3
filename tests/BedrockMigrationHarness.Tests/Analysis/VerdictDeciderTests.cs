using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class VerdictDeciderTests
{
    private static GateResult Gate(GateSeverity severity, GateState state, int? samplesNeeded = null) =>
        new(new GateSpec(GateKind.ErrorRate, 0.05, severity), "error rate", "rate", state, 0, 0, null, null, $"{severity} {state}.", samplesNeeded);

    [TestCase(GateState.Pass, GateState.Pass, RunStatus.Completed, Verdict.Go)]
    [TestCase(GateState.Pass, GateState.Inconclusive, RunStatus.Completed, Verdict.GoWithWarnings)]
    [TestCase(GateState.Pass, GateState.Fail, RunStatus.Completed, Verdict.GoWithWarnings)]
    [TestCase(GateState.Inconclusive, GateState.Pass, RunStatus.Completed, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Inconclusive, RunStatus.Completed, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Fail, RunStatus.Completed, Verdict.Inconclusive)]
    [TestCase(GateState.Fail, GateState.Pass, RunStatus.Completed, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Inconclusive, RunStatus.Completed, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Fail, RunStatus.Completed, Verdict.NoGo)]
    [TestCase(GateState.Pass, GateState.Pass, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Pass, GateState.Inconclusive, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Pass, GateState.Fail, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Pass, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Inconclusive, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Fail, RunStatus.Interrupted, Verdict.Inconclusive)]
    [TestCase(GateState.Fail, GateState.Pass, RunStatus.Interrupted, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Inconclusive, RunStatus.Interrupted, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Fail, RunStatus.Interrupted, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Fail, RunStatus.Aborted, Verdict.Inconclusive)]
    [TestCase(GateState.Pass, GateState.Pass, RunStatus.Aborted, Verdict.Inconclusive)]
    public void Decide_EveryCombination(GateState blocking, GateState warning, RunStatus status, Verdict expected) =>
        Assert.That(VerdictDecider.Decide([Gate(GateSeverity.Blocking, blocking), Gate(GateSeverity.Warning, warning)], status), Is.EqualTo(expected));

    [Test]
    public void Decide_NoGates_CompleteRun_IsGo() => Assert.That(VerdictDecider.Decide([], RunStatus.Completed), Is.EqualTo(Verdict.Go));

    [Test]
    public void Decide_OnlyWarningsFailing_IsGoWithWarnings() =>
        Assert.That(VerdictDecider.Decide([Gate(GateSeverity.Warning, GateState.Fail), Gate(GateSeverity.Warning, GateState.Fail)], RunStatus.Completed), Is.EqualTo(Verdict.GoWithWarnings));

    /// <summary>One exit code for a run, whatever command asks: 3 whenever it did not complete, else the verdict's.</summary>
    [TestCase(GateState.Fail, RunStatus.Completed, Verdict.NoGo, ExitCodes.NoGo)]
    [TestCase(GateState.Pass, RunStatus.Completed, Verdict.Go, ExitCodes.Go)]
    [TestCase(GateState.Inconclusive, RunStatus.Completed, Verdict.Inconclusive, ExitCodes.Inconclusive)]
    [TestCase(GateState.Fail, RunStatus.Interrupted, Verdict.NoGo, ExitCodes.CouldNotComplete)]
    [TestCase(GateState.Pass, RunStatus.Interrupted, Verdict.Inconclusive, ExitCodes.CouldNotComplete)]
    [TestCase(GateState.Fail, RunStatus.Aborted, Verdict.Inconclusive, ExitCodes.CouldNotComplete)]
    public void Judge_RunStatus_GivesOneExitCode(GateState blocking, RunStatus status, Verdict verdict, int exitCode)
    {
        RunAnalysis fixture = ReportFixtures.Create().Analysis;
        VerdictResult result = VerdictDecider.Judge([Gate(GateSeverity.Blocking, blocking)], fixture.Run with { Status = status },
            fixture.Baseline, fixture.Candidate, fixture.Cases);
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(verdict));
            Assert.That(result.ExitCode, Is.EqualTo(exitCode));
        });
    }

    [Test]
    public void Judge_NothingAnsweredOnEitherArm_CouldNotCompleteWhateverTheGates()
    {
        RunAnalysis fixture = ReportFixtures.Create().Analysis;
        ArmSummary baseline = fixture.Baseline with { Answered = 0 };
        ArmSummary candidate = fixture.Candidate with { Answered = 0 };
        VerdictResult result = VerdictDecider.Judge([Gate(GateSeverity.Blocking, GateState.Fail)], fixture.Run, baseline, candidate, fixture.Cases);
        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(result.ExitCode, Is.EqualTo(ExitCodes.CouldNotComplete));
            Assert.That(result.Reasons[0], Does.StartWith("The run could not complete: none of the 30 finished attempts got an answer"));
        });
    }

    [Test]
    public void Judge_WarningGateInconclusive_IsLabelledAWarningLikeAFailingOne()
    {
        RunAnalysis fixture = ReportFixtures.Create().Analysis;
        VerdictResult result = VerdictDecider.Judge(
            [Gate(GateSeverity.Blocking, GateState.Inconclusive, samplesNeeded: 30), Gate(GateSeverity.Warning, GateState.Inconclusive, samplesNeeded: 30)],
            fixture.Run, fixture.Baseline, fixture.Candidate, fixture.Cases);
        Assert.Multiple(() =>
        {
            Assert.That(result.Reasons[0], Does.StartWith("Blocking Inconclusive"));
            Assert.That(result.Reasons[1], Does.StartWith("Warning: Warning Inconclusive"));
        });
    }
}
