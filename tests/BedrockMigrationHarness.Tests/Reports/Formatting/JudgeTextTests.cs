using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports.Formatting;

[TestFixture]
public sealed class JudgeTextTests
{
    [Test]
    public void Line_Fixture_SaysOutcomesNetLossBiasAgreementAndSpend()
    {
        var judge = ReportFixtures.WithJudge().Analysis.Judge!;

        Assert.That(JudgeText.Line(judge), Is.EqualTo(
            "anthropic.claude-3-5-sonnet-20240620-v1:0 (pairwise): 2 wins · 7 ties · 4 losses of 13 judged pairs (15 pairs; 1 judge failed, 1 not judged), " +
            "net loss +15.4 pts · position bias 15.4% [4.3%, 42.2%] (the first answer both times in 1 pair, the second in 1) · " +
            "agreement 84.6% [57.8%, 95.7%] (2 of 13 judged pairs disagreed) · judge spend $0.0972 for 29 calls (24,300 input and 1,620 output tokens)"));
    }

    [Test]
    public void Line_NothingJudgedNoPriceReferenceMode_SaysSoWithoutNumbersItDoesNotHave()
    {
        var judge = ReportFixtures.WithJudge().Analysis.Judge! with
        {
            Mode = JudgeMode.Reference, Judged = 0, Wins = 0, Ties = 0, Losses = 0, Disagreements = 0, PositionBias = null,
            FirstPositionPicks = 0, Agreement = null, JudgeFailed = 15, NotJudged = 0, SpendUsd = null,
        };

        Assert.Multiple(() =>
        {
            Assert.That(JudgeText.Line(judge), Is.EqualTo(
                "anthropic.claude-3-5-sonnet-20240620-v1:0 (reference): 0 wins · 0 ties · 0 losses of 0 judged pairs (15 pairs; 15 judge failed, 0 not judged), " +
                "net loss n/a · position bias n/a · agreement n/a · judge spend 29 calls (24,300 input and 1,620 output tokens), " +
                "not priced (no price for anthropic.claude-3-5-sonnet-20240620-v1:0)"));
            Assert.That(JudgeText.Method(judge), Does.Contain("against the case's reference answer, asked in both orders"));
        });
    }
}
