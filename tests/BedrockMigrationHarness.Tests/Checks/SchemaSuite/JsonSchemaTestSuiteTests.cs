using System.Diagnostics;
using System.Globalization;

namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>
/// The official JSON Schema Test Suite (draft-07 and draft 2020-12, required tests) against the harness's schema
/// validator, with the known failures in Fixtures/JsonSchemaTestSuite/known-failures.txt; and the measurement that
/// chose the validator (docs/json-schema.md).
/// </summary>
[TestFixture]
public sealed class JsonSchemaTestSuiteTests
{
    /// <summary>The library the harness validates answers with.</summary>
    private static ISuiteValidator Harness => new HarnessSuiteValidator();

    [TestCaseSource(nameof(Drafts))]
    public void RequiredTests_HarnessValidator_FailOnlyTheKnownFailures(string draft)
    {
        SuiteRun run = SuiteRun.Of(Harness, draft);
        HashSet<string> known = JsonSchemaTestSuite.KnownFailures();

        string[] regressions = [.. run.Failures.Keys.Where(id => !known.Contains(id))];
        string[] nowPassing = [.. known.Where(id => id.StartsWith(draft + "/", StringComparison.Ordinal) && !run.Failures.ContainsKey(id))];

        Assert.Multiple(() =>
        {
            Assert.That(regressions, Is.Empty, "tests that fail and are not in known-failures.txt");
            Assert.That(nowPassing, Is.Empty, "known-failures.txt lists tests that pass now: remove their lines");
        });
    }

    [Test]
    public void KnownFailures_EveryLine_NamesATestAndAReason()
    {
        var ids = JsonSchemaTestSuite.Drafts.SelectMany(JsonSchemaTestSuite.Cases).Select(static t => t.Id).ToHashSet(StringComparer.Ordinal);
        string[] lines = [.. File.ReadLines(JsonSchemaTestSuite.KnownFailuresFile).Where(static l => l.Length > 0 && !l.StartsWith('#'))];

        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(static l => !l.Contains("  # ", StringComparison.Ordinal)), Is.Empty, "lines without `  # reason`");
            Assert.That(JsonSchemaTestSuite.KnownFailures().Where(id => !ids.Contains(id)), Is.Empty, "lines naming no test of the suite");
        });
    }

    /// <summary>
    /// The pass rate per draft of both libraries and the time each took; run with
    /// <c>dotnet test --filter "FullyQualifiedName~JsonSchemaTestSuiteTests.Measure" --logger "console;verbosity=detailed"</c>.
    /// Then each library's failures, in known-failures.txt's format after "FAIL ".
    /// </summary>
    [Test]
    [Explicit("A measurement for docs/json-schema.md, not a check.")]
    public void Measure_BothLibraries_PrintsPassRatesPerDraft()
    {
        foreach (ISuiteValidator validator in new ISuiteValidator[] { new NJsonSchemaSuiteValidator(), new HarnessSuiteValidator() })
        {
            var failures = new List<string>();
            foreach (string draft in JsonSchemaTestSuite.Drafts)
            {
                long start = Stopwatch.GetTimestamp();
                SuiteRun run = SuiteRun.Of(validator, draft);
                TimeSpan took = Stopwatch.GetElapsedTime(start);
                TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{validator.Name} {draft}: {run.Passed}/{run.Total} passed ({100.0 * run.Passed / run.Total:F1} %), {took.TotalSeconds:F2} s"));
                failures.AddRange(run.Failures.Select(static f => $"{f.Key}  # {f.Value}"));
            }

            foreach (string failure in failures)
            {
                TestContext.Out.WriteLine($"{validator.Name} FAIL {failure}");
            }
        }
    }

    private static IEnumerable<string> Drafts() => JsonSchemaTestSuite.Drafts;
}
