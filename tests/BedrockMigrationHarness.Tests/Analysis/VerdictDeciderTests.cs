using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Analysis;

internal sealed class VerdictDeciderTests
{
    private static GateResult Gate(GateSeverity severity, GateState state, int? samplesNeeded = null) =>
        new(new GateSpec(GateKind.ErrorRate, 0.05, severity), "error rate", "rate", state, 0, 0, null, null, $"{severity} {state}.", samplesNeeded);

    [TestCase(GateState.Pass, GateState.Pass, true, Verdict.Go)]
    [TestCase(GateState.Pass, GateState.Inconclusive, true, Verdict.GoWithWarnings)]
    [TestCase(GateState.Pass, GateState.Fail, true, Verdict.GoWithWarnings)]
    [TestCase(GateState.Inconclusive, GateState.Pass, true, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Inconclusive, true, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Fail, true, Verdict.Inconclusive)]
    [TestCase(GateState.Fail, GateState.Pass, true, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Inconclusive, true, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Fail, true, Verdict.NoGo)]
    [TestCase(GateState.Pass, GateState.Pass, false, Verdict.Inconclusive)]
    [TestCase(GateState.Pass, GateState.Inconclusive, false, Verdict.Inconclusive)]
    [TestCase(GateState.Pass, GateState.Fail, false, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Pass, false, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Inconclusive, false, Verdict.Inconclusive)]
    [TestCase(GateState.Inconclusive, GateState.Fail, false, Verdict.Inconclusive)]
    [TestCase(GateState.Fail, GateState.Pass, false, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Inconclusive, false, Verdict.NoGo)]
    [TestCase(GateState.Fail, GateState.Fail, false, Verdict.NoGo)]
    public void Decide_EveryCombination(GateState blocking, GateState warning, bool complete, Verdict expected) =>
        Assert.That(VerdictDecider.Decide([Gate(GateSeverity.Blocking, blocking), Gate(GateSeverity.Warning, warning)], complete), Is.EqualTo(expected));

    [Test]
    public void Decide_NoGates_CompleteRun_IsGo() => Assert.That(VerdictDecider.Decide([], true), Is.EqualTo(Verdict.Go));

    [Test]
    public void Decide_OnlyWarningsFailing_IsGoWithWarnings() =>
        Assert.That(VerdictDecider.Decide([Gate(GateSeverity.Warning, GateState.Fail), Gate(GateSeverity.Warning, GateState.Fail)], true), Is.EqualTo(Verdict.GoWithWarnings));
}
