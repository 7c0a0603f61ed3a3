using BedrockMigrationHarness.Checks;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Checks;

/// <summary>expect_tool: the call (made, right tool, arguments valid) is format; the argument expectations are correctness.</summary>
internal sealed class ResponseCheckerToolTests
{
    private const string LookupSchema = """
        { "type": "object", "properties": { "order_id": { "type": "string" }, "express": { "type": "boolean" } },
          "required": ["order_id"], "additionalProperties": false }
        """;

    private static readonly PromptCase Case = new("lookup", [Turn.UserText("Where is A-1?")], null, null,
        [new Expectation(ExpectationKind.Contains, "A-1", null)], null)
    {
        Tools = new ToolConfiguration(
            [new ToolDefinition("lookup_order", null, LookupSchema, false), new ToolDefinition("issue_refund", null, """{ "type": "object" }""", false)],
            null, false),
        ExpectTool = new ToolExpectation("lookup_order", [new Expectation(ExpectationKind.EqualTo, "A-1", "/order_id")]),
    };

    private static CheckResult Check(string? text, params ToolCall[] calls) => new ResponseChecker([Case]).Check(Case, text, [.. calls]);

    [Test]
    public void Check_RightToolWithValidArguments_Passes()
    {
        var result = Check("Looking up A-1.", new ToolCall("t1", "lookup_order", """{"order_id":"A-1"}"""));

        Assert.That(result.Passed, Is.True, () => string.Join("; ", result.SchemaErrors.Concat(result.ExpectationFailures)));
    }

    [Test]
    public void Check_NoToolCall_IsAFormatDeviationAndTheArgumentsFail()
    {
        var result = Check("A-1 has shipped.");

        Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.NoToolCall }));
        Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "called no tool, expected lookup_order" }));
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[] { "lookup_order input /order_id expected equal to \"A-1\": no call of lookup_order" }));
    }

    [Test]
    public void Check_WrongTool_NamesBothTools()
    {
        var result = Check("A-1", new ToolCall("t1", "issue_refund", """{"order_id":"A-1"}"""));

        Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.WrongTool }));
        Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "called issue_refund, expected lookup_order" }));
    }

    [Test]
    public void Check_ExpectedToolAmongSeveralCalls_IsTheOneChecked()
    {
        var result = Check("A-1", new ToolCall("t1", "issue_refund", "{}"), new ToolCall("t2", "lookup_order", """{"order_id":"A-1"}"""));

        Assert.That(result.Passed, Is.True);
    }

    [Test]
    public void Check_ArgumentsAgainstTheInputSchema_AreFormatAndNameTheField()
    {
        var result = Check("A-1", new ToolCall("t1", "lookup_order", """{"order_id":1001,"note":"x"}"""));

        Assert.That(result.Deviations, Is.EquivalentTo(new[] { FormatDeviation.WrongType, FormatDeviation.ExtraProperty }));
        Assert.That(result.SchemaErrors, Has.Member("lookup_order input /order_id: expected a string (found 1001)"));
        Assert.That(result.SchemaErrors, Has.Member("lookup_order input /note: property is not allowed"));
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[] { "lookup_order input /order_id expected equal to \"A-1\": got \"1001\"" }));
    }

    [Test]
    public void Check_ValidArgumentsWithWrongValue_IsCompliantButNotCorrect()
    {
        var result = Check("A-1", new ToolCall("t1", "lookup_order", """{"order_id":"B-2"}"""));

        Assert.That(result.FormatCompliant, Is.True);
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[] { "lookup_order input /order_id expected equal to \"A-1\": got \"B-2\"" }));
    }

    [Test]
    public void Check_ArgumentsNotJson_IsNotJson()
    {
        var result = Check("A-1", new ToolCall("t1", "lookup_order", "{order_id:"));

        Assert.That(result.Deviations, Is.EqualTo(new[] { FormatDeviation.NotJson }));
        Assert.That(result.SchemaErrors, Is.EqualTo(new[] { "lookup_order input: not a JSON object" }));
    }

    [Test]
    public void Check_TextExpectationsOfAToolCase_StillApplyToTheText()
    {
        var result = Check("Looking it up.", new ToolCall("t1", "lookup_order", """{"order_id":"A-1"}"""));

        Assert.That(result.FormatCompliant, Is.True);
        Assert.That(result.ExpectationFailures, Is.EqualTo(new[] { "text expected to contain \"A-1\": got \"Looking it up.\"" }));
    }

    [Test]
    public void Check_CaseWithToolsButNoExpectTool_IsCheckedOnTheTextAsBefore()
    {
        var plain = Case with { ExpectTool = null };

        var result = new ResponseChecker([plain]).Check(plain, "A-1 shipped", [new ToolCall("t1", "issue_refund", "{}")]);

        Assert.That(result.Passed, Is.True);
    }
}
