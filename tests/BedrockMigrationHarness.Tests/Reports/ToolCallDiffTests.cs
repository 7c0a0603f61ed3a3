using System.Collections.Immutable;
using BedrockMigrationHarness.Reports.Html.Answers;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed class ToolCallDiffTests
{
    private static ImmutableArray<ToolCall> Calls(params (string Name, string Input)[] calls) =>
        [.. calls.Select((c, i) => new ToolCall("id" + i, c.Name, c.Input))];

    [Test]
    public void Compare_SameToolOtherArguments_ListsTheArgumentFields()
    {
        var (note, changes) = ToolCallDiff.Compare(Calls(("lookup_order", """{"order_id":"A-1"}""")), Calls(("lookup_order", """{"order_id":"A-2","verbose":true}""")));

        Assert.That(note, Is.EqualTo("Same tool chosen (lookup_order); 2 argument fields differ:"));
        Assert.That(changes, Is.EqualTo(new[]
        {
            new JsonFieldChange("/order_id", "changed", "\"A-1\"", "\"A-2\""),
            new JsonFieldChange("/verbose", "added", null, "true"),
        }).AsCollection);
    }

    [Test]
    public void Compare_SeveralCalls_PrefixesEachFieldWithItsCall()
    {
        var (_, changes) = ToolCallDiff.Compare(
            Calls(("a", """{"x":1}"""), ("b", """{"y":1}""")),
            Calls(("a", """{"x":1}"""), ("b", """{"y":2}""")));

        Assert.That(changes.Single().Path, Is.EqualTo("#2 b /y"));
    }

    [Test]
    public void Compare_OtherToolOrNone_SaysWhichAndListsNoField()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ToolCallDiff.Compare(Calls(("lookup_order", "{}")), Calls(("issue_refund", "{}"))),
                Is.EqualTo(("Different tool chosen: baseline lookup_order, candidate issue_refund.", ImmutableArray<JsonFieldChange>.Empty))
                .Using<(string, ImmutableArray<JsonFieldChange>)>((x, y) => x.Item1 == y.Item1 && x.Item2.IsEmpty == y.Item2.IsEmpty));
            Assert.That(ToolCallDiff.Compare(Calls(("lookup_order", "{}")), []).Note, Is.EqualTo("Different tool chosen: baseline lookup_order, candidate no tool call."));
            Assert.That(ToolCallDiff.Compare([], []).Note, Is.Empty);
        });
    }

    [Test]
    public void Agreement_NoToolAnywhere_IsEmpty()
    {
        Assert.That(ToolCallDiff.Agreement([([], []), ([], [])]), Is.Empty);
    }
}
