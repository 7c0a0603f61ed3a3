using BedrockMigrationHarness.Judging;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Judging;

internal sealed class JudgeVerdictReaderTests
{
    private static JudgeVerdict? Read(string inputJson, string tool = JudgePrompt.ToolName) =>
        JudgeVerdictReader.Read(null, [new ToolCall("t1", tool, inputJson)], out _);

    [TestCase("A", JudgePick.First)]
    [TestCase("B", JudgePick.Second)]
    [TestCase("tie", JudgePick.Tie)]
    public void Read_ValidVerdict_GivesThePick(string winner, JudgePick pick)
    {
        var verdict = Read($"{{\"winner\":\"{winner}\",\"confidence\":0.75,\"reason\":\"clearer\"}}");
        Assert.That(verdict, Is.EqualTo(new JudgeVerdict(pick, 0.75, "clearer")));
    }

    [TestCase("{\"winner\":\"C\",\"confidence\":0.5,\"reason\":\"x\"}", TestName = "Read_WinnerOutsideTheEnum_IsMalformed")]
    [TestCase("{\"winner\":\"A\",\"confidence\":1.5,\"reason\":\"x\"}", TestName = "Read_ConfidenceAboveOne_IsMalformed")]
    [TestCase("{\"winner\":\"A\",\"confidence\":0.5}", TestName = "Read_NoReason_IsMalformed")]
    [TestCase("{\"winner\":\"A\",\"confidence\":0.5,\"reason\":\"\"}", TestName = "Read_EmptyReason_IsMalformed")]
    [TestCase("{\"winner\":\"A\",\"confidence\":0.5,\"reason\":\"x\",\"extra\":1}", TestName = "Read_ExtraProperty_IsMalformed")]
    [TestCase("[1,2]", TestName = "Read_InputNotAnObject_IsMalformed")]
    [TestCase("{\"winner\":", TestName = "Read_TruncatedInput_IsMalformed")]
    public void Read_Malformed_IsNullWithTheProblem(string inputJson)
    {
        var verdict = JudgeVerdictReader.Read(null, [new ToolCall("t1", JudgePrompt.ToolName, inputJson)], out var problem);
        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.Null);
            Assert.That(problem, Does.StartWith("the judge's answer is malformed: "));
        });
    }

    [Test]
    public void Read_TextWithoutToolCall_IsMalformed()
    {
        var verdict = JudgeVerdictReader.Read("{\"winner\":\"A\",\"confidence\":0.5,\"reason\":\"x\"}", [], out var problem);
        Assert.Multiple(() =>
        {
            Assert.That(verdict, Is.Null);
            Assert.That(problem, Does.Contain("called no tool"));
        });
    }

    [Test]
    public void Read_AnotherTool_IsMalformed()
    {
        Assert.That(Read("{\"winner\":\"A\",\"confidence\":0.5,\"reason\":\"x\"}", tool: "answer"), Is.Null);
    }

    [TestCase(JudgePick.First)]
    [TestCase(JudgePick.Second)]
    [TestCase(JudgePick.Tie)]
    public void InputJson_AnyVerdict_ReadsBackTheSame(JudgePick pick)
    {
        var verdict = new JudgeVerdict(pick, 0.8, "Answer \"B\" is <shorter>.");
        Assert.That(Read(JudgeVerdictReader.InputJson(verdict)), Is.EqualTo(verdict));
    }

    [Test]
    public void Read_ErrorRecord_IsNull()
    {
        var record = new AttemptRecord("c", Arm.JudgeCandidateFirst, 0, 1, true, "judge", DateTimeOffset.UnixEpoch,
            CallOutcome.Throttled, 10, null, null, null, null, null, null, 429, "ThrottlingException", "slow down");
        Assert.That(JudgeVerdictReader.Read(record), Is.Null);
    }
}
