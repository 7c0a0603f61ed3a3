
namespace BedrockMigrationHarness.Analysis;

/// <summary>The exit codes of every bmh command (README.md, "Exit codes"), shared by the CLI and the reports that state them; pinned by tests, printed in --help.</summary>
public static class ExitCodes
{
    /// <summary>GO, or GO WITH WARNINGS; for other commands: success.</summary>
    public const int Go = 0;

    /// <summary>NO-GO; for `lifecycle --fail-on`: a model is past the line.</summary>
    public const int NoGo = 1;

    /// <summary>Bad input: suite, schema, profile, journal or flags.</summary>
    public const int BadInput = 2;

    /// <summary>The run could not complete: no credentials, model end-of-life, every call failing, interrupted.</summary>
    public const int CouldNotComplete = 3;

    /// <summary>INCONCLUSIVE: not enough evidence either way.</summary>
    public const int Inconclusive = 4;

    /// <summary>`lifecycle` only: a named model is not in the region's catalog (removed at end of life, or a typo).</summary>
    public const int NotInCatalog = 5;

    public const string HelpText =
        "Exit codes: 0 GO (also GO WITH WARNINGS), 1 NO-GO, 2 bad input (suite, schema, flags), " +
        "3 the run could not complete (no credentials, model end-of-life, every call failing, interrupted), " +
        "4 INCONCLUSIVE (not enough evidence either way).";

    public static int For(Verdict verdict) => verdict switch
    {
        Verdict.Go or Verdict.GoWithWarnings => Go,
        Verdict.NoGo => NoGo,
        Verdict.Inconclusive => Inconclusive,
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };
}
