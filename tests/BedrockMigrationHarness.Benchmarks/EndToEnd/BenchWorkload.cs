using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>
/// The workload every end-to-end benchmark uses: the cases of <c>prompts/examples/support-tickets</c> (schemas,
/// pointer and regex expectations, so checks do real work), repeated under new ids to any suite size, and an
/// emulator profile serving its two models with a chosen latency and error rate.
/// </summary>
internal static class BenchWorkload
{
    /// <summary>The example suite's baseline model id.</summary>
    public const string Baseline = "anthropic.claude-3-5-sonnet-20241022-v2:0";

    /// <summary>The example suite's candidate model id.</summary>
    public const string Candidate = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    /// <summary>The repository root (the folder holding the solution file), found from the benchmark's binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The example suite as its file defines it.</summary>
    public static SuiteDefinition Example { get; } =
        SuiteLoader.Load(Path.Combine(RepositoryRoot, "prompts", "examples", "support-tickets", "suite.yaml"));

    /// <summary>The example suite grown to <paramref name="cases"/> cases (template case k mod n, id suffixed) × <paramref name="samples"/>.</summary>
    public static SuiteDefinition Suite(int cases, int samples, int concurrency)
    {
        ImmutableArray<PromptCase> templates = Example.Cases;
        var grown = ImmutableArray.CreateBuilder<PromptCase>(cases);
        for (int i = 0; i < cases; i++)
        {
            PromptCase template = templates[i % templates.Length];
            grown.Add(cases <= templates.Length
                ? template
                : template with { Id = string.Create(CultureInfo.InvariantCulture, $"{template.Id}-{i / templates.Length:0000}") });
        }

        return Example with { Cases = grown.MoveToImmutable(), Samples = samples, Concurrency = concurrency };
    }

    /// <summary>A profile serving both models with <paramref name="fixedMs"/> latency, no format faults, and the given throttle rate.</summary>
    public static EmulatorProfile Profile(double fixedMs, double throttle = 0) => EmulatorProfile.Parse(
        string.Create(CultureInfo.InvariantCulture, $$"""
            seed: 1
            models:
              "{{Baseline}}":
                latency: { fixed_ms: {{fixedMs}} }
                errors: { throttle: {{throttle}} }
              "{{Candidate}}":
                latency: { fixed_ms: {{fixedMs}} }
                errors: { throttle: {{throttle}} }
            """),
        "bench-profile.yaml");

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BedrockMigrationHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository: the solution file was not found above " + AppContext.BaseDirectory);
    }
}
