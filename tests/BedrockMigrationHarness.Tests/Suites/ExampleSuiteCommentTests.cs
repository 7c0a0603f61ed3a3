using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Suites;

[TestFixture]
public sealed class ExampleSuiteCommentTests
{
    [Test]
    public void SupportTicketsExample_CostGateComment_SaysItIsADefault()
    {
        var path = Path.Combine(RepoPaths.Root, "prompts", "examples", "support-tickets", "suite.yaml");
        var lines = File.ReadAllLines(path);
        var cost = Array.FindIndex(lines, static l => l.TrimStart().StartsWith("cost_increase:", StringComparison.Ordinal));
        var spec = GateSettings.Default.Gates.Single(static g => g.Kind == GateKind.CostIncrease);

        Assert.Multiple(() =>
        {
            // The example called the cost gate "Not a default"; it is one, at 10% and as a warning.
            Assert.That((spec.Threshold, spec.Severity), Is.EqualTo((0.10, GateSeverity.Warning)));
            Assert.That(lines[cost], Does.Contain("{ max_percent: 10, severity: warning }"));
            Assert.That(lines[cost - 1], Does.Contain("Also a default").And.Not.Contain("Not a default"));
        });
    }
}
