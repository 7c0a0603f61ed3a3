using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Tests.Schemas;

/// <summary>
/// Keeps the editor schemas (<c>schemas/</c>) and the loaders in step: every example suite and profile of the repository,
/// and every entry of the corpus in <c>Fixtures/SchemaCorpus</c>, gets the same verdict from the loader and the schema.
/// A corpus entry says on its first line what both must do: <c># schema-sync: both accept</c>, <c># schema-sync: both refuse</c>,
/// or <c># schema-sync: loader only: REASON</c> for a rule JSON Schema cannot express (cross-field ranges, files), where the
/// loader must refuse and the schema, to keep the mark honest, must accept.
/// </summary>
[TestFixture]
public sealed partial class SchemaSyncTests
{
    private const string SuiteKind = "suite";
    private const string ProfileKind = "profile";

    public static IEnumerable<TestCaseData> Examples() =>
        ExampleFiles().Select(e => new TestCaseData(e.RelativePath, e.Kind).SetArgDisplayNames(e.RelativePath));

    public static IEnumerable<TestCaseData> Corpus() =>
        from kind in new[] { SuiteKind, ProfileKind }
        let folder = Path.Combine(CorpusRoot, kind == SuiteKind ? "Suites" : "Profiles")
        from file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal)
        let relative = Path.GetRelativePath(RepoPaths.Root, file)
        select new TestCaseData(relative, kind).SetArgDisplayNames($"{kind}s/{Path.GetFileName(file)}");

    [TestCaseSource(nameof(Examples))]
    public void Example_LoaderAndSchema_BothAccept(string relativePath, string kind)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);

        Assert.Multiple(() =>
        {
            Assert.That(LoaderProblems(path, kind), Is.Empty, "the loader refuses the example");
            Assert.That(SchemaOf(kind).Problems(path), Is.Empty, "the schema refuses the example");
        });
    }

    [TestCaseSource(nameof(Examples))]
    public void Example_FirstLine_IsTheSchemaModeline(string relativePath, string kind)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        var modeline = Modeline().Match(File.ReadLines(path).First());

        Assert.That(modeline.Success, Is.True, "the first line must be `# yaml-language-server: $schema=RELATIVE PATH`");
        Assert.That(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, modeline.Groups["path"].Value)), Is.EqualTo(Path.GetFullPath(SchemaOf(kind).Path)));
    }

    [Test]
    public void ExampleFiles_UnderPrompts_AreFound()
    {
        var examples = ExampleFiles().ToList();

        // Three example suites and five profiles today: a moved folder must not make the test above pass on nothing.
        Assert.Multiple(() =>
        {
            Assert.That(examples.Count(e => e.Kind == SuiteKind), Is.GreaterThanOrEqualTo(3));
            Assert.That(examples.Count(e => e.Kind == ProfileKind), Is.GreaterThanOrEqualTo(5));
        });
    }

    [TestCaseSource(nameof(Corpus))]
    public void CorpusEntry_LoaderAndSchema_AgreeAsMarked(string relativePath, string kind)
    {
        var path = Path.Combine(RepoPaths.Root, relativePath);
        var mark = SyncMark().Match(File.ReadLines(path).First());
        Assert.That(mark.Success, Is.True, "the first line must be `# schema-sync: both accept`, `# schema-sync: both refuse` or `# schema-sync: loader only: REASON`");

        var loader = LoaderProblems(path, kind);
        var schema = SchemaOf(kind).Problems(path);
        var loaderOnly = mark.Groups["verdict"].Value == "loader only";
        var refused = loaderOnly || mark.Groups["verdict"].Value == "both refuse";

        Assert.Multiple(() =>
        {
            Assert.That(loader, refused ? Is.Not.Empty : Is.Empty, refused ? "the loader accepts it" : "the loader refuses it");
            Assert.That(schema, refused && !loaderOnly ? Is.Not.Empty : Is.Empty, loaderOnly
                ? "the schema refuses an entry marked loader only: the schema expresses the rule now; mark it `both refuse`"
                : refused ? "the schema accepts it" : "the schema refuses it");
            Assert.That(!loaderOnly || mark.Groups["reason"].Length > 0, Is.True, "a loader-only entry says why the schema cannot express its rule");
        });
    }

    [Test]
    public void Corpus_HasEntriesOfEveryVerdict()
    {
        var marks = Corpus().Select(c => SyncMark().Match(File.ReadLines(Path.Combine(RepoPaths.Root, (string)c.Arguments[0]!)).First()).Groups["verdict"].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.That(marks, Is.SupersetOf(new[] { "both accept", "both refuse", "loader only" }));
    }

    [Test]
    public void Schemas_AreValidDraft202012()
    {
        Assert.Multiple(() =>
        {
            foreach (var schema in new[] { EditorSchema.Suite, EditorSchema.Profile })
            {
                var element = JsonSerializer.SerializeToElement(schema.Json);
                Assert.That(schema.Json["$schema"]?.GetValue<string>(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"), schema.Path);
                Assert.That(MetaSchemas.Draft202012.Evaluate(element).IsValid, Is.True, schema.Path);
            }
        });
    }

    [Test]
    public void Schemas_UseOnlyKeywordsADraft07EditorEnforces()
    {
        // VS Code's YAML extension validates with draft-07 semantics; it resolves "#/$defs/..." as a plain JSON pointer.
        // A keyword draft-07 does not know would be checked by bmh and silently skipped by the editor.
        var used = new SortedSet<string>(StringComparer.Ordinal);
        CollectKeywords(EditorSchema.Suite.Json, used);
        CollectKeywords(EditorSchema.Profile.Json, used);

        Assert.That(used, Is.SubsetOf(Draft07Keywords.Append("$defs")));
    }

    [Test]
    public void DocsCompleteExamples_SchemaAccepts()
    {
        var suite = FirstYamlBlock(Path.Combine(RepoPaths.Root, "docs", "suite-format.md"), "## A complete suite");
        var profile = FirstYamlBlock(Path.Combine(RepoPaths.Root, "docs", "emulator.md"), "## Profile format");

        Assert.Multiple(() =>
        {
            Assert.That(EditorSchema.Suite.Problems(YamlAsJson.Of(Parse(suite))!), Is.Empty, "docs/suite-format.md, A complete suite");
            Assert.That(EditorSchema.Profile.Problems(YamlAsJson.Of(Parse(profile))!), Is.Empty, "docs/emulator.md, Profile format");
            Assert.That(() => EmulatorProfile.Parse(profile, "emulator.md"), Throws.Nothing, "the loader refuses docs/emulator.md's profile");
        });
    }

    /// <summary>The keywords of JSON Schema draft-07 (core and validation).</summary>
    private static readonly string[] Draft07Keywords =
    [
        "$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples", "readOnly", "writeOnly", "definitions",
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
        "pattern", "items", "additionalItems", "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
        "required", "properties", "patternProperties", "additionalProperties", "dependencies", "propertyNames", "if", "then", "else",
        "allOf", "anyOf", "oneOf", "not", "format", "contentMediaType", "contentEncoding",
    ];

    /// <summary>The keywords a schema uses, walking its subschemas (not the property names under <c>properties</c>).</summary>
    private static void CollectKeywords(JsonNode? node, ISet<string> used)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        foreach (var (keyword, value) in schema)
        {
            used.Add(keyword);
            switch (keyword)
            {
                case "properties" or "$defs" or "definitions" or "patternProperties":
                    foreach (var (_, sub) in value!.AsObject())
                    {
                        CollectKeywords(sub, used);
                    }

                    break;
                case "anyOf" or "allOf" or "oneOf":
                    foreach (var sub in value!.AsArray())
                    {
                        CollectKeywords(sub, used);
                    }

                    break;
                case "items" or "additionalProperties" or "not" or "if" or "then" or "else" or "propertyNames" or "contains":
                    CollectKeywords(value, used);
                    break;
            }
        }
    }

    /// <summary>Where the corpus lives in the repository.</summary>
    private static string CorpusRoot => Path.Combine(RepoPaths.Root, "tests", "BedrockMigrationHarness.Tests", "Fixtures", "SchemaCorpus");

    private static EditorSchema SchemaOf(string kind) => kind == SuiteKind ? EditorSchema.Suite : EditorSchema.Profile;

    /// <summary>The loader's problems with the file (empty: it loads).</summary>
    private static IReadOnlyList<string> LoaderProblems(string path, string kind)
    {
        try
        {
            if (kind == SuiteKind)
            {
                SuiteLoader.Load(path);
            }
            else
            {
                EmulatorProfile.Load(path);
            }

            return [];
        }
        catch (SuiteValidationException e)
        {
            return [.. e.Problems.Select(p => p.ToString())];
        }
        catch (EmulatorProfileException e)
        {
            return e.Problems;
        }
    }

    /// <summary>
    /// Every YAML file under prompts/ that is a suite (it has <c>baseline:</c>) or an emulator profile (its name starts with
    /// <c>profile</c>, as the examples' do; a price table has <c>models:</c> too).
    /// </summary>
    internal static IEnumerable<(string RelativePath, string Kind)> ExampleFiles()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "prompts"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var keys = Parse(File.ReadAllText(file)).Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).ToHashSet(StringComparer.Ordinal);
            var kind = keys.Contains("baseline") ? SuiteKind
                : Path.GetFileName(file).StartsWith("profile", StringComparison.Ordinal) ? ProfileKind
                : null;
            if (kind is not null)
            {
                yield return (Path.GetRelativePath(RepoPaths.Root, file), kind);
            }
        }
    }

    private static YamlMappingNode Parse(string yaml)
    {
        var problems = new ProblemCollector();
        return SuiteYamlReader.Read(yaml, "yaml", problems) ?? throw new InvalidOperationException(string.Join(Environment.NewLine, problems.Sorted()));
    }

    /// <summary>The first <c>```yaml</c> block after <paramref name="heading"/> in a Markdown page.</summary>
    private static string FirstYamlBlock(string page, string heading)
    {
        var text = File.ReadAllText(page);
        var start = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{page} has no `{heading}`");
        var block = YamlBlock().Match(text, start);
        Assert.That(block.Success, Is.True, $"{page} has no yaml block after `{heading}`");
        return block.Groups["yaml"].Value;
    }

    [GeneratedRegex(@"^# schema-sync: (?<verdict>both accept|both refuse|loader only)(: (?<reason>.+))?$")]
    private static partial Regex SyncMark();

    [GeneratedRegex(@"^# yaml-language-server: \$schema=(?<path>\S+)$")]
    private static partial Regex Modeline();

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
