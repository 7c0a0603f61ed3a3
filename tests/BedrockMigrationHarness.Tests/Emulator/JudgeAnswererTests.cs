using System.Text.RegularExpressions;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Emulator.Answers;
using BedrockMigrationHarness.Judging;

namespace BedrockMigrationHarness.Tests.Emulator;

/// <summary>The judge's planted truth and which requests it answers, without the server.</summary>
[TestFixture]
public sealed class JudgeAnswererTests
{
    private static readonly Regex NotApplicable = new("N/A", RegexOptions.CultureInvariant, CaseRule.MatchTimeout);

    private static readonly ToolDefinition VerdictTool = new(JudgePrompt.ToolName, new System.Text.Json.Nodes.JsonObject());

    private static ChatRequest Request(string userText) =>
        new([], [new ChatTurn("user", [userText], false)], 512, [VerdictTool], JudgePrompt.ToolName, null, userText.Length);

    [TestCase("{\"summary\":\"N/A\"}", "{\"summary\":\"Export times out.\"}", JudgePick.Second)]
    [TestCase("{\"summary\":\"Export times out.\"}", "{\"summary\":\"N/A\"}", JudgePick.First)]
    [TestCase("N/A", "N/A too", JudgePick.Tie)]
    [TestCase("fine", "also fine", JudgePick.Tie)]
    public void Truth_WorseMarker_TheAnswerWithoutItWinsElseTie(string first, string second, JudgePick expected) =>
        Assert.That(JudgeAnswerer.Truth(NotApplicable, first, second), Is.EqualTo(expected));

    [Test]
    public void Truth_SearchTimesOut_CountsAsNoMatch()
    {
        // Catastrophic backtracking on the first answer: its search times out, so only the second answer matches.
        var slow = new Regex("(x+x+)+y|N/A", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(10));
        var first = new string('x', 5000);
        Assert.Throws<RegexMatchTimeoutException>(() => slow.IsMatch(first), "precondition: the search does time out");

        Assert.That(JudgeAnswerer.Truth(slow, first, "N/A"), Is.EqualTo(JudgePick.First));
    }

    [Test]
    public void Draw_NoJudgeAnotherToolOrNoAnswerSections_IsNullAndDrawsNothing()
    {
        var judgeText = "<answer_a>\nN/A\n</answer_a>\n\n<answer_b>\nfine\n</answer_b>";
        var behaviour = new JudgeBehaviour(NotApplicable);
        var random = new Random(7);
        var untouched = new Random(7).NextDouble();

        Assert.Multiple(() =>
        {
            Assert.That(JudgeAnswerer.Draw(Request(judgeText), null, VerdictTool, random), Is.Null);
            Assert.That(JudgeAnswerer.Draw(Request(judgeText), behaviour, VerdictTool with { Name = "lookup_order" }, random), Is.Null);
            Assert.That(JudgeAnswerer.Draw(Request(judgeText), behaviour, null, random), Is.Null);
            Assert.That(JudgeAnswerer.Draw(Request("Which answer is better? <answer_a>\nN/A\n</answer_a>"), behaviour, VerdictTool, random), Is.Null);
            Assert.That(random.NextDouble(), Is.EqualTo(untouched), "no number was drawn");
            Assert.That(JudgeAnswerer.Draw(Request(judgeText), behaviour, VerdictTool, random)!.Input["winner"]!.GetValue<string>(), Is.EqualTo("B"));
        });
    }
}
