using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Lifecycle;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>How every report words an arm's lifecycle and the baseline's deadline, so they say the same thing.</summary>
public static class LifecycleText
{
    /// <summary>"LEGACY · extended access from 2026-12-01 · end of life 2027-03-01", or "UNKNOWN (why)".</summary>
    public static string Of(ArmLifecycle arm)
    {
        var facts = arm.Facts;
        if (arm.Stage == LifecycleStage.Unknown)
        {
            return $"UNKNOWN ({facts.Error})";
        }

        if (facts.Gone)
        {
            return "END OF LIFE (the service no longer knows the model)";
        }

        var parts = new List<string> { LifecycleStageText.Of(arm.Stage) };
        if (facts.LegacyTime is { } legacy)
        {
            parts.Add("legacy from " + Num.Date(legacy));
        }

        if (facts.PublicExtendedAccessTime is { } extended)
        {
            parts.Add("extended access from " + Num.Date(extended));
        }

        if (facts.EndOfLifeTime is { } eol)
        {
            parts.Add("end of life " + Num.Date(eol));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>
    /// The baseline's deadline: "95 days left until end of life on 2027-03-01 (as of 2026-11-25)"; "no end of life
    /// announced"; or why it is unknown.
    /// </summary>
    public static string Deadline(ArmLifecycle baseline)
    {
        var facts = baseline.Facts;
        return baseline switch
        {
            { Stage: LifecycleStage.Unknown } => $"unknown: the lifecycle lookup failed ({facts.Error})",
            { Facts.Gone: true } => "passed: the model is already gone",
            { DaysLeft: { } days, Facts.EndOfLifeTime: { } eol } =>
                $"{Num.Int(days)} days left until end of life on {Num.Date(eol)} (as of {Num.Date(facts.CheckedAt)})",
            _ => "no end of life announced",
        };
    }
}
