using System.Collections.Immutable;
using BedrockMigrationHarness.Reports.Html.Answers;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Reports.Html.Answers;

[TestFixture]
public sealed class AnswerSelectorTests
{
    [Test]
    public void Select_ModelAttemptsAtTheBoundPlusJudgeCalls_ShowsEveryAnswer()
    {
        // 20,000 model attempts is at the bound, not over it; the judge's calls are no answers and must not tip it over.
        var fixture = ReportFixtures.WithJudge();
        var model = fixture.Attempts.First(a => !a.Record.Arm.IsJudge());
        var judge = fixture.Attempts.First(a => a.Record.Arm.IsJudge());
        var attempts = Enumerable.Repeat(model, AnswerSelector.LargeAttemptCount).Concat(Enumerable.Repeat(judge, 2)).ToImmutableArray();

        var selection = AnswerSelector.Select(fixture.Analysis, attempts);

        Assert.Multiple(() =>
        {
            Assert.That(selection.Note, Is.Null);
            Assert.That(selection.MaxAnswerChars, Is.EqualTo(AnswerSelector.FullAnswerChars));
        });
    }

    [Test]
    public void Select_ModelAttemptsOverTheBound_BoundsTheAnswers()
    {
        var fixture = ReportFixtures.Create();
        var attempts = Enumerable.Repeat(fixture.Attempts[0], AnswerSelector.LargeAttemptCount + 1).ToImmutableArray();

        var selection = AnswerSelector.Select(fixture.Analysis, attempts);

        Assert.That(selection.MaxAnswerChars, Is.EqualTo(AnswerSelector.BoundedAnswerChars));
    }
}
