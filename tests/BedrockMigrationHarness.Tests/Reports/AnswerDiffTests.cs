using BedrockMigrationHarness.Reports.Html.Answers;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed class AnswerDiffTests
{
    [TestCase("The v1 API is removed.", "The v1 API is removed for good.")]
    [TestCase("", "something new")]
    [TestCase("line one\nline two\n", "line one\nline 2\n")]
    public void WordDiff_Compute_EachSideRebuildsItsText(string baseline, string candidate)
    {
        var diff = WordDiff.Compute(baseline, candidate);

        Assert.Multiple(() =>
        {
            Assert.That(string.Concat(diff.Baseline.Select(s => s.Text)), Is.EqualTo(baseline));
            Assert.That(string.Concat(diff.Candidate.Select(s => s.Text)), Is.EqualTo(candidate));
            Assert.That(diff.Baseline.Select(s => s.Kind), Has.None.EqualTo("ins"));
            Assert.That(diff.Candidate.Select(s => s.Kind), Has.None.EqualTo("del"));
        });
    }

    [Test]
    public void WordDiff_Compute_MarksOnlyChangedWords()
    {
        var diff = WordDiff.Compute("priority is high", "priority is urgent");

        Assert.Multiple(() =>
        {
            Assert.That(diff.Baseline.Single(s => s.Kind == "del").Text, Is.EqualTo("high"));
            Assert.That(diff.Candidate.Single(s => s.Kind == "ins").Text, Is.EqualTo("urgent"));
        });
    }

    [Test]
    public void JsonFieldDiff_Compute_FindsAddedRemovedChanged()
    {
        var changes = JsonFieldDiff.Compute(
            "{\"a\": 1, \"b\": {\"c\": \"x\"}, \"gone\": true, \"list\": [1, 2]}",
            "{\"a\": 1, \"b\": {\"c\": \"y\"}, \"new/field\": null, \"list\": [1]}");

        Assert.That(changes, Is.EqualTo(new[]
        {
            new JsonFieldChange("/b/c", "changed", "\"x\"", "\"y\""),
            new JsonFieldChange("/gone", "removed", "true", null),
            new JsonFieldChange("/list/1", "removed", "2", null),
            new JsonFieldChange("/new~1field", "added", null, "null"),
        }));
    }

    [Test]
    public void JsonFieldDiff_Compute_NotJson_ReturnsNull() =>
        Assert.That(JsonFieldDiff.Compute("{\"a\": 1}", "not json"), Is.Null);
}
