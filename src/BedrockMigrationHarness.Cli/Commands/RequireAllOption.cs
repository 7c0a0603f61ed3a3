using System.CommandLine;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary><c>--require-all</c> of <c>run</c>, <c>report</c> and <c>merge</c>: with several candidates, every one must pass for exit code 0.</summary>
internal static class RequireAllOption
{
    public static Option<bool> Create() => new("--require-all")
    {
        Description = "With several candidates (suite key candidates:): exit 0 only when every candidate is GO (or GO WITH WARNINGS); " +
                      "1 when any is NO-GO, else 4 when any is INCONCLUSIVE. Without it: 0 when at least one candidate is GO, " +
                      "1 when all are NO-GO, 4 when none is GO and one is INCONCLUSIVE. No effect with one candidate.",
    };
}
