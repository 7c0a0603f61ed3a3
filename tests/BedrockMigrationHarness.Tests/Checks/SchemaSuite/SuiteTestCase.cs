using System.Text.Json;

namespace BedrockMigrationHarness.Tests.Checks.SchemaSuite;

/// <summary>One test of the JSON Schema Test Suite: a schema, an instance, and whether the instance is valid.</summary>
/// <param name="Draft">The suite's folder: <c>draft7</c> or <c>draft2020-12</c>.</param>
/// <param name="Id">The test's line in the skip file: <c>draft/file.json | group | test</c>.</param>
internal sealed record SuiteTestCase(string Draft, string Id, string SchemaJson, string DataJson, bool Valid)
{
    public override string ToString() => Id;
}

/// <summary>The suite's required tests and remotes, copied to the test output under Fixtures/JsonSchemaTestSuite.</summary>
internal static class JsonSchemaTestSuite
{
    /// <summary>The drafts whose required tests are in the repository.</summary>
    public static readonly string[] Drafts = ["draft7", "draft2020-12"];

    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "JsonSchemaTestSuite");

    /// <summary>The remote schemas' folder; the tests refer to them as <see cref="RemoteBase"/> + relative path.</summary>
    public static string Remotes => Path.Combine(Root, "remotes");

    public const string RemoteBase = "http://localhost:1234/";

    public static string KnownFailuresFile => Path.Combine(Root, "known-failures.txt");

    /// <summary>Every required test of <paramref name="draft"/>, in file order.</summary>
    public static IEnumerable<SuiteTestCase> Cases(string draft)
    {
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "tests", draft), "*.json").Order(StringComparer.Ordinal))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (JsonElement group in document.RootElement.EnumerateArray())
            {
                string schema = group.GetProperty("schema").GetRawText();
                foreach (JsonElement test in group.GetProperty("tests").EnumerateArray())
                {
                    string id = $"{draft}/{Path.GetFileName(file)} | {group.GetProperty("description").GetString()} | {test.GetProperty("description").GetString()}";
                    yield return new SuiteTestCase(draft, id, schema, test.GetProperty("data").GetRawText(), test.GetProperty("valid").GetBoolean());
                }
            }
        }
    }

    /// <summary>The file a remote URI names, or null when it names none of the suite's remotes.</summary>
    public static string? RemoteFile(Uri uri)
    {
        string text = uri.GetLeftPart(UriPartial.Path);
        if (!text.StartsWith(RemoteBase, StringComparison.Ordinal))
        {
            return null;
        }

        string path = Path.Combine(Remotes, text[RemoteBase.Length..]);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The skip file's test ids; lines are <c>id  # reason</c>, blank lines and <c>#</c> comments are ignored.</summary>
    public static HashSet<string> KnownFailures()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(KnownFailuresFile))
        {
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            int reason = trimmed.IndexOf("  # ", StringComparison.Ordinal);
            ids.Add(reason < 0 ? trimmed : trimmed[..reason].TrimEnd());
        }

        return ids;
    }
}
