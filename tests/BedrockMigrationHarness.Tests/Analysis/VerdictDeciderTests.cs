using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Suites;

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
}
