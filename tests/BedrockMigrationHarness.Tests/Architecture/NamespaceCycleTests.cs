using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Architecture;

public sealed class NamespaceCycleTests
{
    private static readonly string CoreSources = Path.Combine(RepoPaths.Root, "src", "BedrockMigrationHarness.Core");

    [Test]
    public void FindCycle_CoreSources_FindsNone()
    {
        var cycle = NamespaceGraph.FromDirectory(CoreSources).FindCycle();

        Assert.That(cycle, Is.Null, $"Core's namespaces use each other in a cycle:{Environment.NewLine}{cycle}");
    }

    [TestCase("BedrockMigrationHarness.Vocabulary")]
    [TestCase("BedrockMigrationHarness.Inputs")]
    public void UsedBy_CoreBottomLayer_IsAtMostTheRootNamespace(string bottom)
    {
        var graph = NamespaceGraph.FromDirectory(CoreSources);

        Assert.That(graph.UsedBy(bottom), Is.SubsetOf(new[] { "BedrockMigrationHarness" }));
    }

    [Test]
    public void FindCycle_TwoNamespacesUsingEachOther_NamesEveryStepAndItsFile()
    {
        var graph = NamespaceGraph.FromSources(new Dictionary<string, string>
        {
            ["Execution/Runner.cs"] = "using BedrockMigrationHarness.Journal;\nnamespace BedrockMigrationHarness.Execution;\ninternal sealed class Runner;\n",
            ["Journal/Writer.cs"] = "using BedrockMigrationHarness.Execution;\nnamespace BedrockMigrationHarness.Journal;\ninternal sealed class Writer;\n",
        });

        Assert.That(graph.FindCycle(), Is.EqualTo(string.Join(Environment.NewLine,
            "BedrockMigrationHarness.Execution → BedrockMigrationHarness.Journal (in Execution/Runner.cs)",
            "BedrockMigrationHarness.Journal → BedrockMigrationHarness.Execution (in Journal/Writer.cs)")));
    }

    [Test]
    public void FindCycle_UsesOneWayOnly_FindsNone()
    {
        var graph = NamespaceGraph.FromSources(new Dictionary<string, string>
        {
            ["Execution/Runner.cs"] = "using BedrockMigrationHarness.Journal;\nnamespace BedrockMigrationHarness.Execution;\ninternal sealed class Runner;\n",
            ["Journal/Writer.cs"] = "namespace BedrockMigrationHarness.Journal;\n// uses BedrockMigrationHarness.Execution.Runner only in a comment\ninternal sealed class Writer { string S = \"Execution.Runner\"; }\n",
        });

        Assert.That(graph.FindCycle(), Is.Null);
    }

    [Test]
    public void UsedBy_TypeOfEnclosingNamespaceWithoutUsing_CountsAsUse()
    {
        var graph = NamespaceGraph.FromSources(new Dictionary<string, string>
        {
            ["Analysis/RunAnalysis.cs"] = "namespace BedrockMigrationHarness.Analysis;\ninternal sealed record Interval(double Lower, double Upper);\n",
            ["Analysis/Statistics/Bootstrap.cs"] =
                "namespace BedrockMigrationHarness.Analysis.Statistics;\ninternal static class Bootstrap { public static Interval? Of() => null; }\n",
        });

        Assert.That(graph.UsedBy("BedrockMigrationHarness.Analysis.Statistics"), Is.EqualTo(new[] { "BedrockMigrationHarness.Analysis" }));
    }

    [Test]
    public void UsedBy_NameQualifiedRelativeToEnclosingNamespace_CountsAsUse()
    {
        var graph = NamespaceGraph.FromSources(new Dictionary<string, string>
        {
            ["Execution/CallOutcome.cs"] = "namespace BedrockMigrationHarness.Execution;\ninternal enum CallOutcome { Success }\n",
            ["Analysis/ArmSummarizer.cs"] =
                "namespace BedrockMigrationHarness.Analysis;\ninternal static class ArmSummarizer { static Execution.CallOutcome O; }\n",
        });

        Assert.That(graph.UsedBy("BedrockMigrationHarness.Analysis"), Is.EqualTo(new[] { "BedrockMigrationHarness.Execution" }));
    }
}
