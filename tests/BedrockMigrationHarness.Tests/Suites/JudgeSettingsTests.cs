using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Suites;

internal sealed class JudgeSettingsTests
{
    private static JudgeSettings Judge(JudgeMode mode = JudgeMode.Pairwise, params string[] cases) =>
        new("judge-model", mode, JudgeSettings.DefaultRubric, [.. cases], JudgeSettings.DefaultInference);

    [TestCase("ticket-07", "ticket-07", true)]
    [TestCase("ticket-07", "ticket-070", false)]
    [TestCase("ticket-*", "ticket-07", true)]
    [TestCase("ticket-*", "faq-01", false)]
    [TestCase("*-07", "ticket-07", true)]
    [TestCase("t*07", "ticket-07", true)]
    [TestCase("t*07", "t07", true)]
    [TestCase("ab*ba", "aba", false)]
    [TestCase("*refund*", "ticket-refund-2", true)]
    [TestCase("a*b*c", "acb", false)]
    [TestCase("*", "anything", true)]
    public void Matches_Pattern_MatchesLikeAGlobOnStar(string pattern, string id, bool matches)
    {
        Assert.That(JudgeSettings.Matches(pattern, id), Is.EqualTo(matches));
    }

    [Test]
    public void Applies_NoPatterns_EveryCaseNotLeftOut()
    {
        var @case = AnalysisFixtures.Case("c1");
        Assert.Multiple(() =>
        {
            Assert.That(Judge().Applies(@case), Is.True);
            Assert.That(Judge().Applies(@case with { Judge = new CaseJudge(Skip: true, Rubric: null) }), Is.False);
        });
    }

    [Test]
    public void Applies_Patterns_OnlyMatchingCases()
    {
        var judge = Judge(JudgeMode.Pairwise, "faq-*");
        Assert.Multiple(() =>
        {
            Assert.That(judge.Applies(AnalysisFixtures.Case("faq-3")), Is.True);
            Assert.That(judge.Applies(AnalysisFixtures.Case("ticket-3")), Is.False);
        });
    }

    [Test]
    public void Applies_ReferenceMode_OnlyCasesWithAReference()
    {
        var @case = AnalysisFixtures.Case("c1");
        Assert.Multiple(() =>
        {
            Assert.That(Judge(JudgeMode.Reference).Applies(@case), Is.False);
            Assert.That(Judge(JudgeMode.Reference).Applies(@case with { Reference = new CaseReference("the answer", [], null) }), Is.True);
        });
    }
}
