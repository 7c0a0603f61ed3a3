using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Reports.Formatting;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>The lifecycle lines of report.html's first screen: both arms' stage and dates, and the baseline's deadline.</summary>
internal static class LifecycleFactsBuilder
{
    /// <summary>Three lines, or none for a journal written before lifecycles were recorded.</summary>
    public static IEnumerable<FactView> Build(RunAnalysis analysis)
    {
        if (analysis.Lifecycle is not { } lifecycle)
        {
            yield break;
        }

        yield return new FactView("baseline lifecycle", LifecycleText.Of(lifecycle.Baseline), Alert(lifecycle.Baseline));
        yield return new FactView("baseline deadline", LifecycleText.Deadline(lifecycle.Baseline), Alert(lifecycle.Baseline));
        yield return new FactView("candidate lifecycle", LifecycleText.Of(lifecycle.Candidate), Alert(lifecycle.Candidate));
    }

    /// <summary>LEGACY or further is shown in red.</summary>
    private static string Alert(ArmLifecycle arm) => arm.Stage >= LifecycleStage.Legacy ? "alert" : "";
}
