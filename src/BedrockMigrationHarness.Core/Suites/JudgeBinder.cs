using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Lifecycle;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>The suite's <c>judge:</c> as bound, and where it was written, for the checks that need the built cases.</summary>
/// <param name="File">The suite file, as problems name it.</param>
/// <param name="Line">The line of the <c>judge:</c> mapping.</param>
/// <param name="ModeLine">The line of <c>judge.mode</c>, else of the mapping.</param>
/// <param name="CaseLines">The line of each item of <c>judge.cases</c>, in the order of <see cref="JudgeSettings.Cases"/>.</param>
internal sealed record JudgeOptions(JudgeSettings Settings, string File, int Line, int ModeLine, ImmutableArray<int> CaseLines);

/// <summary>
/// Binds the suite's <c>judge:</c> and a case's <c>judge:</c> (docs/suite-format.md, "Judge"), and checks the suite's
/// judge against the cases once they are built: every <c>cases:</c> pattern matches a case, and some case is judged.
/// </summary>
/// <param name="folder">The suite's folder, where a <c>rubric_file:</c> is read.</param>
/// <param name="inference">Binds an <c>inference:</c> mapping the way the suite's is bound (same keys and ranges).</param>
/// <param name="modelId">Reads a model id under the rule of <c>baseline:</c> (field, example); empty after a problem.</param>
internal sealed class JudgeBinder(
    YamlFieldReader reader,
    SuiteFolder folder,
    Func<YamlNode?, string, InferenceOverride?> inference,
    Func<YamlNode?, string, string, string> modelId)
{
    /// <summary>The suite key, and the field every problem of the suite's judge starts with.</summary>
    public const string Key = "judge";

    private const string ModelExample = "model: mistral.mistral-large-2407-v1:0";
    private const string Example = "judge: { model: mistral.mistral-large-2407-v1:0 }";

    private static readonly ImmutableArray<string> Keys = ["model", "mode", "rubric", "rubric_file", "cases", "inference"];
    private static readonly ImmutableArray<string> CaseKeys = ["rubric", "rubric_file"];

    /// <summary>
    /// The suite's <c>judge:</c> mapping over its defaults, or null when there is none or after reporting what is wrong;
    /// <paramref name="baseline"/> and <paramref name="candidates"/> are the arms' model ids, which the judge must not be.
    /// </summary>
    public JudgeOptions? Bind(YamlNode? node, string baseline, ImmutableArray<string> candidates)
    {
        if (reader.Mapping(node, Key, $"judge must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        var before = reader.Problems.Count;
        reader.CheckKeys(map, Key, Keys);
        var modelNode = reader.Required(map, "model", Key, ModelExample);
        var model = modelNode is null ? string.Empty : modelId(modelNode, YamlFieldReader.Join(Key, "model"), $"judge: {{ {ModelExample} }}");
        if (model.Length > 0 && (SameModel(model, baseline) || candidates.Any(candidate => SameModel(model, candidate))))
        {
            reader.Report(modelNode!, YamlFieldReader.Join(Key, "model"),
                $"judge.model `{model}` is the {(SameModel(model, baseline) ? "baseline" : "candidate")}; the judge must be a third model: "
                + $"a judge grading its own answers favours them; pick another model, e.g. {ModelExample}");
        }

        var modeNode = YamlFieldReader.Get(map, "mode");
        var mode = Mode(modeNode);
        var rubric = Rubric(map, Key, required: false) ?? JudgeSettings.DefaultRubric;
        var (cases, caseLines) = Cases(YamlFieldReader.Get(map, "cases"));
        var settings = inference(YamlFieldReader.Get(map, "inference"), YamlFieldReader.Join(Key, "inference"))?.ApplyTo(JudgeSettings.DefaultInference)
            ?? JudgeSettings.DefaultInference;
        return reader.Problems.Count != before
            ? null
            : new JudgeOptions(new JudgeSettings(model, mode, rubric, cases, settings), reader.File, YamlFieldReader.Line(map),
                YamlFieldReader.Line(modeNode ?? map), caseLines);
    }

    /// <summary>
    /// A case's <c>judge:</c>: <c>false</c> (the case is left out) or <c>{ rubric: ... }</c>; null when it has none or after a
    /// problem. <paramref name="suiteHasJudge"/> is false when the suite has no <c>judge:</c>, which makes the key a problem.
    /// </summary>
    public CaseJudge? BindCase(YamlNode? node, string field, bool suiteHasJudge)
    {
        const string Rule = "a case's judge must be false (the judge leaves the case out) or { rubric: \"...\" } (its own rubric; or rubric_file: a file of it)";
        if (node is null)
        {
            return null;
        }

        if (!suiteHasJudge)
        {
            reader.Report(node, field, $"the case's judge: has no effect, because the suite has no judge:; add one at the top level, e.g. {Example}, or remove it");
            return null;
        }

        if (node is YamlScalarNode)
        {
            return reader.Bool(node, field, Rule) switch
            {
                false => new CaseJudge(true, null),
                true => Report(node, field, $"{Rule}; every case is judged unless it says judge: false, so judge: true changes nothing: remove it"),
                null => null,
            };
        }

        if (reader.Mapping(node, field, Rule) is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, CaseKeys);
        return Rubric(map, field, required: true) is { } rubric ? new CaseJudge(false, rubric) : null;
    }

    /// <summary>
    /// Checks the suite's judge against the built cases: each pattern of <c>judge.cases</c> matches some case id, and the
    /// judge applies to at least one case (in reference mode: one with a <c>reference:</c>).
    /// </summary>
    public static void Check(JudgeOptions judge, ImmutableArray<PromptCase> cases, ProblemCollector problems)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(problems);
        var settings = judge.Settings;
        var ids = cases.Select(c => c.Id).ToList();
        var unmatched = false;
        for (var i = 0; i < settings.Cases.Length; i++)
        {
            var pattern = settings.Cases[i];
            if (ids.Any(id => JudgeSettings.Matches(pattern, id)))
            {
                continue;
            }

            unmatched = true;
            var suggestion = KeySuggester.Suggest(pattern, ids);
            problems.Add(judge.File, judge.CaseLines[i], $"{Key}.cases[{i}]", $"`{pattern}` matches no case id"
                + (suggestion is null ? string.Empty : $"; did you mean `{suggestion}`?")
                + " (judge.cases lists case ids, `*` standing for any run of characters, e.g. ticket-*)");
        }

        if (unmatched || cases.IsEmpty || cases.Any(settings.Applies))
        {
            return;
        }

        var selected = settings with { Mode = JudgeMode.Pairwise };
        if (settings.Mode == JudgeMode.Reference && cases.Any(selected.Applies))
        {
            problems.Add(judge.File, judge.ModeLine, $"{Key}.mode",
                "mode: reference compares the candidate's answers with the cases' reference answers, but no case the judge applies to has one; "
                + "add reference: { text: \"...\" } to the cases to judge, or use mode: pairwise (against the baseline's answers)");
            return;
        }

        problems.Add(judge.File, judge.Line, Key,
            "the judge applies to no case: every case it selects says judge: false; remove judge: false from the cases to judge, or remove judge:");
    }

    /// <summary>Whether two model ids name the same model, an inference profile and its base model included.</summary>
    private static bool SameModel(string a, string b) =>
        b.Length > 0 && string.Equals(ModelIds.BaseModelId(a), ModelIds.BaseModelId(b), StringComparison.Ordinal);

    private JudgeMode Mode(YamlNode? node)
    {
        const string Rule = "mode must be `pairwise` (the candidate's answer against the baseline's, the default) or `reference` (against the case's reference: answer)";
        var field = YamlFieldReader.Join(Key, "mode");
        switch (reader.Text(node, field, Rule))
        {
            case null or "pairwise":
                return JudgeMode.Pairwise;
            case "reference":
                return JudgeMode.Reference;
            case var other:
                reader.Report(node!, field, $"{Rule} (found `{other}`)");
                return JudgeMode.Pairwise;
        }
    }

    /// <summary>
    /// The rubric of <paramref name="map"/>: its <c>rubric:</c> text or the text of its <c>rubric_file:</c> (one of the two),
    /// kept as written (never a template), not empty; null when absent or after a problem.
    /// </summary>
    private string? Rubric(YamlMappingNode map, string path, bool required)
    {
        const string Rule = "rubric must be text: what makes one answer better than the other, e.g. rubric: \"The answer that resolves the ticket wins.\"";
        var inline = YamlFieldReader.Get(map, "rubric");
        var file = YamlFieldReader.Get(map, "rubric_file");
        var field = YamlFieldReader.Join(path, inline is null && file is not null ? "rubric_file" : "rubric");
        if (inline is not null && file is not null)
        {
            reader.Report(file, YamlFieldReader.Join(path, "rubric_file"), "use either rubric: (the text) or rubric_file: (a file of it), not both");
            return null;
        }

        if (inline is null && file is null)
        {
            if (required)
            {
                reader.Report(map, field, "`rubric` is required; add it, e.g. rubric: \"The shorter correct answer wins.\", or rubric_file: rubrics/support.md");
            }

            return null;
        }

        var rubric = inline is not null ? reader.Text(inline, field, Rule) : RubricFile(file!, field);
        if (rubric is not null && string.IsNullOrWhiteSpace(rubric))
        {
            var instead = required ? "remove the case's judge: for the suite's rubric" : $"remove {(inline is null ? "rubric_file" : "rubric")}: for the default rubric";
            reader.Report(inline ?? file!, field, inline is not null
                ? $"{Rule}; it is empty: write one, or {instead}"
                : $"the rubric file is empty: write the rubric in it, or {instead}");
            return null;
        }

        return rubric;
    }

    /// <summary>The text of a <c>rubric_file:</c>, a path relative to the suite's folder; null after a problem.</summary>
    private string? RubricFile(YamlNode node, string field)
    {
        if (reader.Text(node, field, "rubric_file must be the path of a text file holding the rubric, e.g. rubric_file: rubrics/support.md") is not { } written)
        {
            return null;
        }

        var at = new SuiteProblem(reader.File, YamlFieldReader.Line(node), field, string.Empty);
        return folder.Read(written, InputFileKind.Rubric, at, reader.Problems);
    }

    private (ImmutableArray<string> Patterns, ImmutableArray<int> Lines) Cases(YamlNode? node)
    {
        const string Rule = "cases must be a list of case ids or patterns with `*`, e.g. cases: [ticket-*, faq-03]";
        var field = YamlFieldReader.Join(Key, "cases");
        if (reader.Sequence(node, field, Rule) is not { } list)
        {
            return ([], []);
        }

        if (list.Children.Count == 0)
        {
            reader.Report(list, field, $"{Rule}; it is empty: list the cases to judge, or remove cases: to judge every case");
            return ([], []);
        }

        var patterns = ImmutableArray.CreateBuilder<string>();
        var lines = ImmutableArray.CreateBuilder<int>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var itemField = $"{field}[{i}]";
            switch (reader.Text(item, itemField, Rule))
            {
                case null:
                    break;
                case { Length: 0 }:
                    reader.Report(item, itemField, $"{Rule} (found an empty item)");
                    break;
                case var pattern:
                    patterns.Add(pattern);
                    lines.Add(YamlFieldReader.Line(item));
                    break;
            }
        }

        return (patterns.ToImmutable(), lines.ToImmutable());
    }

    private CaseJudge? Report(YamlNode node, string field, string message)
    {
        reader.Report(node, field, message);
        return null;
    }
}
