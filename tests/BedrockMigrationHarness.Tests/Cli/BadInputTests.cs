using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Cli.Support;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// Issue 7's broken suites and flags through `bmh run`: exit 2, one message per problem naming the file and the line
/// or field, no stack trace, no run directory, and not one request at the emulator. (Exact messages: SuiteLoaderProblemTests.)
/// </summary>
[TestFixture]
[NonParallelizable] // sets AWS_* environment variables for the in-process runs
public sealed class BadInputTests
{
    private const string Head = "name: t\nbaseline: \"acme.base-model-v1:0\"\ncandidate: \"acme.next-model-v2:0\"\n";
    private const string OneCase = "cases:\n  - id: one\n    prompt: hi\n";

    private static IEnumerable<TestCaseData> BrokenSuites()
    {
        static TestCaseData Case(string name, string yaml, string where, string what) =>
            new TestCaseData(yaml, where, what).SetName($"Run_{name}_ExitsTwoAndSendsNothing");

        yield return Case("MalformedYaml", Head + "samples: [1, 2\n" + OneCase, "suite.yaml:5", "the YAML is malformed");
        yield return Case("UnknownKey", Head + "sampels: 3\n" + OneCase, "suite.yaml:4 (sampels)", "did you mean `samples`?");
        yield return Case("MissingSchemaFile", Head + OneCase + "    schema: missing.json\n", "suite.yaml:7 (cases[0].schema)", "the schema `missing.json` was not found");
        yield return Case("NotAJsonSchema", Head + OneCase + "    schema: broken-schema.json\n", "broken-schema.json", "not a valid JSON Schema");
        yield return Case("DuplicateCaseIds", Head + OneCase + "  - id: one\n    prompt: again\n", "suite.yaml:7 (cases[1].id)", "case id `one` is used twice");
        yield return Case("SamplesZero", Head + "samples: 0\n" + OneCase, "suite.yaml:4 (samples)", "samples must be a whole number from 1 to 10000");
        yield return Case("ConcurrencyZero", Head + "concurrency: 0\n" + OneCase, "suite.yaml:4 (concurrency)", "concurrency must be a whole number from 1 to 1000");
        yield return Case("CsvMissingColumn", Head + "cases:\n  - table: tickets.csv\n    prompt: \"{{ ticket }} for {{ customer }}\"\n",
            "suite.yaml:6 (cases[0].prompt)", "has no column `customer`");
        yield return Case("TemplateUnknownVar", Head + "cases:\n  - id: one\n    prompt: \"Hello {{ who }}\"\n", "suite.yaml:6 (cases[0].prompt)", "uses `who`, which is not defined");
        yield return Case("ModelIdWithInvalidCharacters", "name: t\nbaseline: \"acme base model!\"\ncandidate: \"acme.next-model-v2:0\"\n" + OneCase,
            "suite.yaml:2 (baseline)", "baseline must be a Bedrock model id");
        yield return Case("EmptySuite", "", "suite.yaml", "the suite file is empty");
        yield return Case("SamplesTwoBillion", Head + "samples: 2000000000\n" + OneCase, "suite.yaml:4 (samples)", "samples must be a whole number from 1 to 10000");
        yield return Case("TimeoutOverflow", Head + "timeout_seconds: 1e308\n" + OneCase, "suite.yaml:4 (timeout_seconds)", "≤ 3600 (one hour), e.g. timeout_seconds: 60 (found `1e308`)");
        yield return Case("AliasBomb", Head + "vars:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat("bcdefghi".Select(c => $"  {c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{(char)(c - 1)}", 10))}]\n")) + OneCase,
            "suite.yaml:9", "which looks like an alias bomb");
        yield return Case("HundredThousandDeepList", Head + "vars:\n  deep: " + new string('[', 100_000) + new string(']', 100_000) + "\n" + OneCase,
            "suite.yaml:5", "lists and mappings are nested more than 64 deep");
        yield return Case("SchemaOutsideTheSuiteFolder", Head + OneCase + "    schema: ../../../../../../../../etc/passwd\n",
            "suite.yaml:7 (cases[0].schema)", "is outside the suite's folder (it is /etc/passwd)");
        yield return Case("DevZeroAsSchema", Head + "allow_files_outside: true\n" + OneCase + "    schema: /dev/zero\n",
            "suite.yaml:8 (cases[0].schema)", "the schema `/dev/zero` is a character device (/dev/zero), not a regular file");
        yield return Case("TableNotUtf8", Head + "cases:\n  - table: latin1.csv\n    prompt: \"{{ ticket }}\"\n",
            "latin1.csv:2", "the table is not valid UTF-8: byte 0xE9");
        yield return Case("CaseFileWithTwoUserTurns", Head + "cases:\n  - folder: cases\n", "cases/one.yaml:3 (messages[1])", "two user turns in a row");
        yield return Case("ReferenceTimestampWithoutOffset", Head + OneCase + "    reference: { text: ok, production: { model: m, timestamp: 2025-03-11T00:38:02 } }\n",
            "suite.yaml:7 (cases[0].reference.production.timestamp)", "timestamp must be an ISO 8601 date and time with its offset");
    }

    [TestCaseSource(nameof(BrokenSuites))]
    public async Task Run_BrokenSuite_ExitsTwoWithOneLocatedMessageAndSendsNothing(string yaml, string where, string what)
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(yaml, EmulatedWorkspace.Profile());
        await File.WriteAllTextAsync(workspace.Directory.File("broken-schema.json"), """{ "type": "object", "properties": { "a": 5 } }""");
        await File.WriteAllTextAsync(workspace.Directory.File("tickets.csv"), "id,ticket\nt1,Printer on fire\n");
        await File.WriteAllBytesAsync(workspace.Directory.File("latin1.csv"), [.. "id,ticket\nt1,caf"u8, 0xE9, .. "\n"u8]);
        Directory.CreateDirectory(workspace.Directory.File("cases"));
        await File.WriteAllTextAsync(workspace.Directory.File("cases/one.yaml"), "messages:\n  - { role: user, content: a }\n  - { role: user, content: b }\n");

        var code = await workspace.RunAsync("--out", "out");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(ExitCodes.BadInput), workspace.Cli.Out + workspace.Cli.Error);
            Assert.That(workspace.Cli.Error, Does.StartWith("The suite has 1 problem:"), "one message for the one problem");
            Assert.That(workspace.Cli.Error, Does.Contain(where).And.Contain(what));
            Assert.That(workspace.Cli.Error, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
            Assert.That(workspace.Emulator.RequestCount, Is.Zero, "nothing sent to any model");
            Assert.That(Directory.Exists(workspace.Directory.File("out")), Is.False, "no run was started");
        }
    }

    [TestCase(new[] { "--samples", "0" }, "command line (--samples): must be a whole number from 1 to 10000")]
    [TestCase(new[] { "--concurrency", "-2" }, "command line (--concurrency): must be a whole number from 1 to 1000")]
    [TestCase(new[] { "--samples", "many" }, "Cannot parse argument 'many' for option '--samples'")]
    [TestCase(new[] { "--shard", "3/2" }, "command line (--shard): must be i/n")]
    [TestCase(new[] { "--retry-errors" }, "command line (--retry-errors): only works with --resume DIR.")]
    [TestCase(new[] { "--no-such-flag" }, "Unrecognized command or argument '--no-such-flag'")]
    public async Task Run_BadFlag_ExitsTwoAndSendsNothing(string[] flags, string message)
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 1, samples: 1), EmulatedWorkspace.Profile());

        var code = await workspace.RunAsync(["--out", "out", .. flags]);

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Error, Does.Contain(message));
        Assert.That(workspace.Cli.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(workspace.Cli.Error, Does.Not.Contain("The suite has"), "a flag is not a problem of the suite");
        Assert.That(workspace.Emulator.RequestCount, Is.Zero);
    }

    [Test]
    public async Task Run_AgainstBedrockWithoutCredentials_SaysSoOnceAndCreatesNoRunDirectory()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 1, samples: 1), EmulatedWorkspace.Profile());
        var variables = EmulatedWorkspace.CredentialsEnvironment();
        variables["AWS_ACCESS_KEY_ID"] = null;
        variables["AWS_SECRET_ACCESS_KEY"] = null;
        using var scope = new EnvironmentScope(variables);

        var code = await workspace.Cli.RunAsync("run", "suite.yaml", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.CouldNotComplete), workspace.Cli.Out + workspace.Cli.Error);
        Assert.That(workspace.Cli.Error, Does.StartWith("No AWS credentials were found").And.Contain("no run directory was created"));
        Assert.That(Directory.Exists(workspace.Directory.File("out")), Is.False, "no folder full of a failed report");
    }

    [Test]
    public async Task Run_EndpointThatIsNotAUrl_ExitsTwoWithoutAStackTrace()
    {
        await using var workspace = await EmulatedWorkspace.StartAsync(EmulatedWorkspace.Suite(cases: 1, samples: 1), EmulatedWorkspace.Profile());

        var code = await workspace.Cli.RunAsync("run", "suite.yaml", "--endpoint", "bedrock.local", "--out", "out");

        Assert.That(code, Is.EqualTo(ExitCodes.BadInput));
        Assert.That(workspace.Cli.Error, Does.Contain("--endpoint must be an absolute http or https URL").And.Contain("(found 'bedrock.local')"));
        Assert.That(workspace.Cli.Error, Does.Not.Contain("   at "));
    }
}
