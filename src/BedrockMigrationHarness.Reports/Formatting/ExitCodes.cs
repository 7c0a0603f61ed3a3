using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>The documented exit codes of <c>bmh run</c> per verdict (DESIGN.md), as reports state them.</summary>
internal static class ExitCodes
{
    public static int Of(Verdict verdict) => verdict switch
    {
        Verdict.Go or Verdict.GoWithWarnings => 0,
        Verdict.NoGo => 1,
        Verdict.Inconclusive => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}
