using System.Collections.Immutable;
using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Loads a suite file (docs/suite-format.md): reads the YAML, binds it with defaults, expands and renders the
/// cases, and freezes the result. Paths inside the suite are relative to the suite file's folder.
/// </summary>
internal static class SuiteLoader
{
    /// <summary>Loads, validates and freezes the suite at <paramref name="suitePath"/>.</summary>
    /// <exception cref="SuiteValidationException">The suite has problems; the exception lists every one found, each with its file, line and field.</exception>
    public static SuiteDefinition Load(string suitePath)
    {
        var fullPath = Path.GetFullPath(suitePath);
        var file = DisplayPath.For(fullPath);
        if (Directory.Exists(fullPath))
        {
            throw FileProblem(file, $"this is a folder, not a suite file; pass the suite file in it, e.g. {Path.Combine(file, "suite.yaml")}");
        }

        if (!File.Exists(fullPath))
        {
            throw FileProblem(file, "the suite file was not found; check the path (it is relative to the current directory)");
        }

        var problems = new ProblemCollector();
        var text = InputFile.Read(fullPath, file, InputFileKind.Suite, null, problems);
        var root = text is null ? null : SuiteYamlReader.Read(text, file, problems);
        if (root is null)
        {
            problems.ThrowIfAny();
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var reader = new YamlFieldReader(problems, file);
        var schemas = new SchemaLoader(problems);
        var options = new SuiteOptionsBinder(reader, directory, schemas).Bind(root!);
        var renderer = new TemplateRenderer(problems);
        var system = options.System is { } template ? SuiteText(renderer, template.Text, "system prompt", options, problems) : null;
        var cases = new CaseBuilder(options, system, reader, renderer, schemas, new CaseTableReader(problems)).Build();
        var baseline = Overrides(renderer, options.Baseline, options, problems);
        var candidate = Overrides(renderer, options.Candidate, options, problems);
        var others = options.OtherCandidates.Select(c => new CandidateSpec(c.ModelId, Overrides(renderer, c.Arm, options, problems))).ToImmutableArray();
        if ((options.StructuredOutput ?? options.Baseline.StructuredOutput ?? options.Candidate.StructuredOutput
                ?? options.OtherCandidates.Select(c => c.Arm.StructuredOutput).FirstOrDefault(s => s is not null)) is true
            && cases.All(c => c.SchemaJson is null))
        {
            problems.Add(file, null, "structured_output",
                "structured_output: true asks Bedrock to enforce a case's schema, but no case has a schema:; add schema: to the cases with a JSON answer or remove structured_output");
        }

        // Checked only against a complete set of cases: a case lost to a problem above (a table that would not read) would
        // make a pattern that names it look wrong.
        if (options.Judge is { } judge && !problems.HasProblems)
        {
            JudgeBinder.Check(judge, cases, problems);
        }

        problems.ThrowIfAny();

        return new SuiteDefinition(
            options.Name,
            options.BaselineModelId,
            options.CandidateModelId,
            options.Region,
            options.Samples,
            options.Concurrency,
            options.Inference,
            system,
            options.Stream,
            options.TimeoutSeconds,
            options.NoiseFloor,
            options.Invoke is { } invoke ? new InvokeSettings(invoke.Body.Text, invoke.TextPointer) : null,
            cases,
            options.Gates,
            options.Traffic,
            options.Pricing)
        {
            Retry = options.Retry,
            CacheSystemPrompt = options.System?.CachePoint ?? false,
            StructuredOutput = options.StructuredOutput,
            AdditionalFieldsJson = options.AdditionalFieldsJson,
            Baseline = baseline,
            Candidate = candidate,
            OtherCandidates = others,
            Judge = options.Judge?.Settings,
            Adaptive = options.Adaptive,
            Batch = options.Batch,
        };
    }

    /// <summary>An arm's overrides with its texts rendered over the suite's vars.</summary>
    private static ArmOverrides Overrides(TemplateRenderer renderer, ArmOptions arm, SuiteOptions options, ProblemCollector problems) => new(
        arm.System is { } system && SuiteText(renderer, system.Text, "system prompt", options, problems) is { } text ? new SystemOverride(text, system.CachePoint) : null,
        arm.Inference,
        arm.AdditionalFieldsJson,
        arm.StructuredOutput,
        arm.PromptSuffix is { } suffix ? SuiteText(renderer, suffix, "prompt suffix", options, problems) : null);

    /// <summary>A suite-level text (a system prompt, an arm's prompt suffix) rendered over the suite's vars (as written with <c>templates: false</c>); never empty.</summary>
    private static string? SuiteText(TemplateRenderer renderer, TemplateSource template, string what, SuiteOptions options, ProblemCollector problems)
    {
        var text = !options.Templates ? template.Text : renderer.Render(template, options.Vars,
            name => $"the {what} uses `{name}`, which is not defined; it sees only the suite's vars: add it under vars: at the top level");
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(template.File, template.FirstLine, template.Field,
                $"the {what} renders to empty text; Bedrock rejects empty text: give it some or remove it");
            return null;
        }

        return text;
    }

    private static SuiteValidationException FileProblem(string file, string message) => new([new SuiteProblem(file, null, null, message)]);
}
