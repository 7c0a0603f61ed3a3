using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Analysis;

[TestFixture]
internal sealed class RequestComparerTests
{
    private static ModelRequest Request(string prompt = "Triage this ticket.", double? temperature = 0.5, double? topP = 0.9) =>
        new("model", "You triage tickets.", [Turn.UserText(prompt)], new InferenceSettings(512, temperature, topP, []), false, TimeSpan.FromSeconds(30));

    [Test]
    public void Compare_SameRequests_FindsNoDifference()
    {
        var differences = RequestComparer.Compare([("a", Request(), Request() with { ModelId = "other" })]);

        Assert.That(differences.Any, Is.False);
    }

    [Test]
    public void Compare_TopPDroppedOnEveryCase_StatesItOnceAsNotSent()
    {
        var differences = RequestComparer.Compare([
            ("a", Request("one"), Request("one", topP: null)),
            ("b", Request("two"), Request("two", topP: null)),
        ]);

        Assert.That(differences.AllCases, Is.EqualTo(new[] { new RequestDifference("top_p", "0.9", null, false, 2, []) }).AsCollection);
        Assert.That(differences.SomeCases, Is.Empty);
    }

    [Test]
    public void Compare_PromptSuffixOnCandidate_NamesTheSuffixNotTheWholeMessage()
    {
        var differences = RequestComparer.Compare([
            ("a", Request("one"), Request("one\nAnswer in JSON.")),
            ("b", Request("two"), Request("two\nAnswer in JSON.")),
        ]);

        Assert.That(differences.AllCases.Single(), Is.EqualTo(new RequestDifference("prompt_suffix", null, "\"\\nAnswer in JSON.\"", false, 2, [])));
    }

    [Test]
    public void Compare_DifferenceInSomeCases_CountsThemPerField()
    {
        var differences = RequestComparer.Compare([
            ("a", Request(), Request()),
            ("b", Request(), Request(temperature: 1)),
            ("c", Request(), Request(temperature: 0.7)),
        ]);

        Assert.That(differences.AllCases, Is.Empty);
        Assert.That(differences.SomeCases.Single(), Is.EqualTo(new RequestDifference("temperature", "0.5", "1", true, 2, ["b", "c"]))
            .Using<RequestDifference>((x, y) => x with { CaseIds = [] } == y with { CaseIds = [] } && x.CaseIds.SequenceEqual(y.CaseIds)));
    }

    [Test]
    public void Differences_AdditionalFieldsStructuredOutputAndTools_ComparesLeafByLeaf()
    {
        var tool = new ToolDefinition("lookup_order", "Finds an order.", """{"type":"object"}""", false);
        var baseline = Request() with { AdditionalFieldsJson = """{"top_k":40}""" };
        var candidate = Request() with
        {
            AdditionalFieldsJson = """{"thinking":{"type":"enabled","budget_tokens":1024}}""",
            StructuredOutput = new StructuredOutputRequest("""{"type":"object"}""", "answer"),
            Tools = new ToolConfiguration([tool], new ToolChoice(ToolChoiceKind.Any), false),
        };

        var differences = RequestComparer.Differences(baseline, candidate).ToList();

        Assert.That(differences, Is.EqualTo(new (string, string?, string?)[]
        {
            ("additional_fields/thinking/budget_tokens", null, "1024"),
            ("additional_fields/thinking/type", null, "\"enabled\""),
            ("additional_fields/top_k", "40", null),
            ("structured_output", null, "on (schema answer)"),
            ("tools", null, "lookup_order"),
            ("tool_choice", null, "any"),
        }).AsCollection);
    }

    [Test]
    public void Compare_Suite_UsesThePlansRequests()
    {
        var suite = AnalysisFixtures.Suite(cases: 3);

        var differences = RequestComparer.Compare(suite);

        Assert.That(differences, Is.EqualTo(new RequestDifferences(3, [], [])).Using<RequestDifferences>((x, y) =>
            x.CaseCount == y.CaseCount && x.AllCases.IsEmpty == y.AllCases.IsEmpty && x.SomeCases.IsEmpty == y.SomeCases.IsEmpty));
    }
}
