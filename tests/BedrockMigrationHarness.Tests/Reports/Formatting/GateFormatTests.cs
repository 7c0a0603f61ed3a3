using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Reports.Formatting;

[TestFixture]
public sealed class GateFormatTests
{
    private static readonly GateResult Quality = new(GateSettings.QualityLossDefault, "quality loss", "rate", GateState.Fail,
        0.30, 0.10, 0.20, new Interval(0.05, 0.35), "…", null);

    [Test]
    public void Columns_QualityGate_SayWhichShareWon()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GateFormat.Baseline(Quality), Is.EqualTo("30.0% won"));
            Assert.That(GateFormat.Candidate(Quality), Is.EqualTo("10.0% won"));
            Assert.That(GateFormat.Baseline(Quality with { Baseline = null }), Is.EqualTo("n/a"));
        });
    }

    [Test]
    public void DeltaIntervalMargin_QualityGate_AreInPoints()
    {
        // Before the quality gate had its kind here, its net loss of 0.20 read "+20.0%" (a relative change) and its margin "≤ +5.0%".
        Assert.Multiple(() =>
        {
            Assert.That(GateFormat.Delta(Quality), Is.EqualTo("+20.0 pts"));
            Assert.That(GateFormat.Interval(Quality), Is.EqualTo("[+5.0 pts, +35.0 pts]"));
            Assert.That(GateFormat.Margin(Quality.Spec), Is.EqualTo("net loss ≤ 5.0 pts"));
        });
    }

    [Test]
    public void Columns_OtherGate_AreTheValueInItsUnit()
    {
        var latency = new GateResult(new GateSpec(GateKind.LatencyP50Increase, 0.2, GateSeverity.Blocking), "p50 latency increase", "ms",
            GateState.Pass, 857.5, 874, 0.019, null, "…", null);

        Assert.Multiple(() =>
        {
            Assert.That(GateFormat.Baseline(latency), Is.EqualTo("858 ms"));
            Assert.That(GateFormat.Candidate(latency), Is.EqualTo("874 ms"));
        });
    }
}
