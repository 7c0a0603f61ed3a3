using System.Collections.Immutable;

namespace BedrockMigrationHarness.Suites;

/// <summary>What the judge compares the candidate's answer with.</summary>
public enum JudgeMode
{
    /// <summary>The baseline's answer of the same case and sample.</summary>
    Pairwise,
    /// <summary>The case's <c>reference:</c> answer (imported from logs or written in the suite); cases without one are not judged.</summary>
    Reference,
}

/// <summary>
/// The suite's <c>judge:</c> (docs/suite-format.md, "Judge"): a third model grades each case and sample, the candidate's
/// answer against the baseline's (or the reference), asked in both orders. Off (null on <see cref="SuiteDefinition.Judge"/>)
/// unless the suite names it.
/// </summary>
/// <param name="ModelId">The judge model (a third model: neither the baseline nor the candidate).</param>
/// <param name="Rubric">What "better" means, sent to the judge; <see cref="DefaultRubric"/> unless the suite gives one.</param>
/// <param name="Cases">Case ids or <c>*</c> patterns the judge applies to; empty means every case.</param>
/// <param name="Inference">The judge's inference settings (default: 512 max tokens, temperature 0).</param>
public sealed record JudgeSettings(
    string ModelId,
    JudgeMode Mode,
    string Rubric,
    ImmutableArray<string> Cases,
    InferenceSettings Inference)
{
    /// <summary>The rubric a suite that gives none sends.</summary>
    public const string DefaultRubric =
        "Judge which answer better does what the user asked: correct and complete content first, then following the " +
        "instructions and the requested format, then clarity. Do not prefer an answer for being longer, for its position, " +
        "or for its style alone. When neither is clearly better, answer tie.";

    /// <summary>The judge's inference settings when the suite gives none: room for a short reason, and no sampling noise.</summary>
    public static InferenceSettings DefaultInference { get; } = new(512, 0, null, []);

    /// <summary>Equal when every member is, the case patterns compared item by item.</summary>
    public bool Equals(JudgeSettings? other) =>
        other is not null && ModelId == other.ModelId && Mode == other.Mode && Rubric == other.Rubric
        && Cases.SequenceEqual(other.Cases) && Inference.Equals(other.Inference);

    public override int GetHashCode() => HashCode.Combine(ModelId, Mode, Rubric, Cases.Length, Inference);

    /// <summary>
    /// Whether the judge grades <paramref name="case"/>: it is not excluded (<c>judge: false</c>), its id matches
    /// <see cref="Cases"/> (when given), and in reference mode it has a reference.
    /// </summary>
    public bool Applies(PromptCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Judge?.Skip != true
            && (Cases.IsEmpty || Cases.Any(pattern => Matches(pattern, @case.Id)))
            && (Mode == JudgeMode.Pairwise || @case.Reference is not null);
    }

    /// <summary>The rubric sent for <paramref name="case"/>: its own <c>judge: { rubric: ... }</c>, else the suite's.</summary>
    public string RubricFor(PromptCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Judge?.Rubric ?? Rubric;
    }

    /// <summary>Ordinal match where <c>*</c> stands for any run of characters (none included).</summary>
    internal static bool Matches(string pattern, string id)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1)
        {
            return string.Equals(pattern, id, StringComparison.Ordinal);
        }

        if (!id.StartsWith(parts[0], StringComparison.Ordinal) || !id.EndsWith(parts[^1], StringComparison.Ordinal)
            || id.Length < parts[0].Length + parts[^1].Length)
        {
            return false;
        }

        var at = parts[0].Length;
        var end = id.Length - parts[^1].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = id.IndexOf(parts[i], at, end - at, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            at = found + parts[i].Length;
        }

        return true;
    }
}

/// <summary>A case's own <c>judge:</c>: <c>false</c> leaves it out (<see cref="Skip"/>), <c>{ rubric: ... }</c> gives it its own rubric.</summary>
public sealed record CaseJudge(bool Skip, string? Rubric);
