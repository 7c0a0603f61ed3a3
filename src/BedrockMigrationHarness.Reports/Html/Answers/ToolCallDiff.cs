using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Reports.Html.Answers;

/// <summary>
/// Compares the tool calls of a baseline answer and a candidate answer: which tool each chose, and the arguments of
/// calls to the same tool field by field (JSON pointers, as <see cref="JsonFieldDiff"/>). Calls are paired by position.
/// </summary>
internal static class ToolCallDiff
{
    /// <returns>A sentence about the choice (empty when neither answer called a tool) and the argument fields that differ.</returns>
    public static (string Note, ImmutableArray<JsonFieldChange> Changes) Compare(ImmutableArray<ToolCall> baseline, ImmutableArray<ToolCall> candidate)
    {
        if (baseline.IsDefaultOrEmpty && candidate.IsDefaultOrEmpty)
        {
            return ("", []);
        }

        var (b, c) = (Names(baseline), Names(candidate));
        if (b != c)
        {
            return ($"Different tool chosen: baseline {b}, candidate {c}.", []);
        }

        var several = baseline.Length > 1;
        var changes = ImmutableArray.CreateBuilder<JsonFieldChange>();
        for (var i = 0; i < baseline.Length; i++)
        {
            var prefix = several ? string.Create(CultureInfo.InvariantCulture, $"#{i + 1} {baseline[i].Name} ") : "";
            if (JsonFieldDiff.Compute(baseline[i].InputJson, candidate[i].InputJson) is { } found)
            {
                changes.AddRange(found.Select(f => f with { Path = prefix + f.Path }));
            }
            else if (baseline[i].InputJson != candidate[i].InputJson)
            {
                changes.Add(new JsonFieldChange(prefix + "/", "changed", baseline[i].InputJson, candidate[i].InputJson));
            }
        }

        var note = changes.Count == 0
            ? $"Same tool chosen ({b}), with the same arguments, field by field."
            : string.Create(CultureInfo.InvariantCulture, $"Same tool chosen ({b}); {changes.Count} argument {(changes.Count == 1 ? "field differs" : "fields differ")}:");
        return (note, changes.ToImmutable());
    }

    /// <summary>"lookup_order", "lookup_order, issue_refund", or "no tool call".</summary>
    public static string Names(ImmutableArray<ToolCall> calls) =>
        calls.IsDefaultOrEmpty ? "no tool call" : string.Join(", ", calls.Select(c => c.Name));

    /// <summary>
    /// Per case, over the samples both arms answered: in how many the two chose the same tools, and each arm's choices
    /// counted ("Tool chosen: the same in 2 of 3 samples (baseline: lookup_order ×3; candidate: lookup_order ×2,
    /// issue_refund ×1)"). Empty when neither arm called a tool.
    /// </summary>
    public static string Agreement(IReadOnlyList<(ImmutableArray<ToolCall> Baseline, ImmutableArray<ToolCall> Candidate)> answered)
    {
        if (answered.All(p => p.Baseline.IsDefaultOrEmpty && p.Candidate.IsDefaultOrEmpty))
        {
            return "";
        }

        var same = answered.Count(p => Names(p.Baseline) == Names(p.Candidate));
        return string.Create(CultureInfo.InvariantCulture,
            $"Tool chosen: the same in {same} of {answered.Count} {(answered.Count == 1 ? "sample" : "samples")} " +
            $"(baseline: {Counted(answered.Select(p => p.Baseline))}; candidate: {Counted(answered.Select(p => p.Candidate))}).");
    }

    private static string Counted(IEnumerable<ImmutableArray<ToolCall>> calls) =>
        string.Join(", ", calls.GroupBy(Names, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} ×{g.Count()}")));
}
