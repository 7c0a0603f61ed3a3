using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Formatting;

/// <summary>
/// Sentences about the arms' requests that every report shares: how they differ, and what one arm's model rejected.
/// </summary>
public static class RequestText
{
    public const string DifferencesTitle = "What differs between the arms' requests";

    public const string FindingsTitle = "Request-compatibility findings";

    public const string NoDifference = "Both arms send the same requests; only the model id differs.";

    /// <summary>"candidate: top_p not sent (baseline: 0.9)"; for some cases "in 2 of 20 cases (a, b): …".</summary>
    public static string Describe(RequestDifference difference, int caseCount)
    {
        ArgumentNullException.ThrowIfNull(difference);
        if (difference.Cases == caseCount)
        {
            return Values(difference);
        }

        var cases = $"{Num.Int(difference.Cases)} of {Num.Int(caseCount)} cases ({string.Join(", ", difference.CaseIds)}" +
                    (difference.Cases > difference.CaseIds.Length ? ", …)" : ")");
        return difference.ValuesVary
            ? $"{difference.Field} differs in {cases}"
            : $"in {cases}: {Values(difference)}";
    }

    /// <summary>Every difference, one sentence each: those of every case first.</summary>
    public static IEnumerable<string> DescribeAll(RequestDifferences differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        return differences.AllCases.Concat(differences.SomeCases).Select(d => Describe(d, differences.CaseCount));
    }

    /// <summary>"The candidate (model) rejected 10 attempts in 5 cases that the baseline answered".</summary>
    public static string FindingCounts(CompatibilityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return $"The {ArmName(finding.Arm)} ({finding.ModelId}) rejected {Num.Int(finding.Attempts)} {Plural(finding.Attempts, "attempt")} " +
               $"in {Num.Int(finding.Cases)} {Plural(finding.Cases, "case")} that the {ArmName(Other(finding.Arm))} answered";
    }

    /// <summary>The whole finding in one line (Markdown, console, JUnit).</summary>
    public static string Finding(CompatibilityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return $"{FindingCounts(finding)}: ValidationException \"{finding.Message}\". Parameter: {finding.Parameter ?? "not named"}. " +
               finding.Advice + (finding.SuggestedOverride is { } yaml ? $" Suggested suite override: {yaml}." : "");
    }

    /// <summary>The cases of a finding: "a, b, c" or "a, b, c, … (12 cases)".</summary>
    public static string FindingCases(CompatibilityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return string.Join(", ", finding.CaseIds) + (finding.Cases > finding.CaseIds.Length ? $", … ({Num.Int(finding.Cases)} cases)" : "");
    }

    public static string ArmName(Arm arm) => arm == Arm.Baseline ? "baseline" : "candidate";

    private static string Values(RequestDifference d) => (d.Baseline, d.Candidate) switch
    {
        (_, null) => $"candidate: {d.Field} not sent (baseline: {d.Baseline})",
        (null, _) => $"candidate: {d.Field} {d.Candidate} (baseline: not sent)",
        _ => $"candidate: {d.Field} {d.Candidate} (baseline: {d.Baseline})",
    };

    private static Arm Other(Arm arm) => arm == Arm.Baseline ? Arm.Candidate : Arm.Baseline;

    private static string Plural(int n, string word) => n == 1 ? word : word + "s";
}
