using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

internal sealed class GateBinderTests
{
    private static GateSettings Load(string gates, string judge = "")
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite($"""
            name: gates
            baseline: model-a-v1:0
            candidate: model-b-v1:0
            {judge}
            cases:
              - id: one
                prompt: "Say yes."
            gates:
            {gates}
            """);
        return SuiteLoader.Load(dir.SuitePath).Gates;
    }

    [Test]
    public void Bind_CorrectnessKeys_SetTheDropAndTurnTheFloorOn()
    {
        GateSettings gates = Load("""
              correctness_drop: { max_points: 3, severity: warning }
              correctness_floor: { min: 0.85 }
            """);
        Assert.Multiple(() =>
        {
            Assert.That(gates.Gates, Has.One.EqualTo(new GateSpec(GateKind.CorrectnessDrop, 0.03, GateSeverity.Warning)));
            Assert.That(gates.Gates, Has.One.EqualTo(new GateSpec(GateKind.CorrectnessFloor, 0.85, GateSeverity.Blocking)));
            Assert.That(gates.Gates.Select(static g => g.Kind), Is.Ordered);
        });
    }

    [Test]
    public void Bind_NoCorrectnessKeys_DropOnByDefaultFloorOff()
    {
        GateSettings gates = Load("  confidence: 0.95");
        Assert.Multiple(() =>
        {
            Assert.That(gates.Gates, Has.One.EqualTo(new GateSpec(GateKind.CorrectnessDrop, 0.05, GateSeverity.Blocking)));
            Assert.That(gates.Gates.Select(static g => g.Kind), Has.No.EqualTo(GateKind.CorrectnessFloor));
        });
    }

    [Test]
    public void Bind_CorrectnessFloorOutOfRange_NamesTheField()
    {
        var ex = Assert.Throws<SuiteValidationException>(() => Load("  correctness_floor: { min: 90 }"));
        Assert.That(ex!.Message, Does.Contain("gates.correctness_floor.min").And.Contain("from 0 to 1"));
    }

    [Test]
    public void Bind_QualityLossListedWithAJudge_ReplacesTheDefaultOnce()
    {
        GateSettings gates = Load("  quality_loss: { max_points: 3, severity: warning }", judge: "judge: { model: model-j-v1:0 }");

        Assert.That(gates.Gates.Where(static g => g.Kind == GateKind.QualityLoss), Is.EqualTo(new[] { new GateSpec(GateKind.QualityLoss, 0.03, GateSeverity.Warning) }));
    }

    [Test]
    public void Bind_GatesWithoutQualityLossAndAJudge_AppendsTheDefaultQualityGate()
    {
        GateSettings gates = Load("  error_rate: { max_percent: 2 }", judge: "judge: { model: model-j-v1:0 }");

        Assert.That(gates.Gates, Has.One.EqualTo(GateSettings.QualityLossDefault));
        Assert.That(gates.Gates.Select(static g => g.Kind), Is.Ordered);
    }

    [Test]
    public void Bind_NoJudge_HasNoQualityGate()
    {
        GateSettings gates = Load("  confidence: 0.95");

        Assert.That(gates.Gates.Select(static g => g.Kind), Has.No.EqualTo(GateKind.QualityLoss));
    }
}
