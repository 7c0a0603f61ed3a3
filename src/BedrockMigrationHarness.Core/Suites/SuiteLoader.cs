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
        var options = new SuiteOptionsBinder(reader, directory).Bind(root!);
        var renderer = new TemplateRenderer(problems);
        var system = options.System is { } template
            ? renderer.Render(template, options.Vars, name => $"the system prompt uses `{name}`, which is not defined; it sees only the suite's vars: add it under vars: at the top level")
            : null;
        if (system is not null && string.IsNullOrWhiteSpace(system))
        {
            problems.Add(options.System!.File, options.System.FirstLine, options.System.Field,
                "the system prompt renders to empty text; Bedrock rejects an empty system prompt: give it text or remove system:");
        }

        var cases = new CaseBuilder(options, system, reader, renderer, new SchemaLoader(problems), new CaseTableReader(problems)).Build();
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
        };
    }

    private static SuiteValidationException FileProblem(string file, string message) => new([new SuiteProblem(file, null, null, message)]);
}
