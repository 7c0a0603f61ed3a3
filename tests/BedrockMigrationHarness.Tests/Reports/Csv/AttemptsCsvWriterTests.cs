using BedrockMigrationHarness.Reports.Csv;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports.Csv;

/// <summary>attempts.csv opened by double click in a spreadsheet runs no formula planted by a model, a server or a suite.</summary>
[TestFixture]
public sealed class AttemptsCsvWriterTests
{
    [TestCase("=HYPERLINK(\"http://x\",\"click\")", "'=HYPERLINK(\"http://x\",\"click\")")]
    [TestCase("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [TestCase("\t=1", "'\t=1")]
    [TestCase("\r=1", "'\r=1")]
    [TestCase("plain answer = fine", "plain answer = fine")]
    public void Write_TextCellStartingAFormula_GetsAQuotePrefix(string hostile, string expected)
    {
        var rows = Rows(hostile);

        Assert.Multiple(() =>
        {
            Assert.That(rows[0]["text"], Is.EqualTo(expected), "model text");
            Assert.That(rows[0]["errorMessage"], Is.EqualTo(expected), "error message");
            Assert.That(rows[0]["errorType"], Is.EqualTo(expected), "error type");
            Assert.That(rows[0]["stopReason"], Is.EqualTo(expected), "stop reason");
            Assert.That(rows[0]["caseId"], Is.EqualTo(expected), "case id from the suite");
            Assert.That(rows[0]["toolCalls"], Is.EqualTo(expected + ";lookup_order"), "tool names from the model");
        });
    }

    [Test]
    public void Write_NegativeNumber_StaysANumber()
    {
        var rows = Rows("=1", record => record with { ServerLatencyMs = -3, InputTokens = -1 });

        Assert.Multiple(() =>
        {
            Assert.That(rows[0]["serverLatencyMs"], Is.EqualTo("-3"));
            Assert.That(rows[0]["inputTokens"], Is.EqualTo("-1"));
        });
    }

    [Test]
    public void Write_CacheTokensAndReasoning_HaveTheirOwnColumns()
    {
        var rows = Rows("answer", record => record with { CacheReadInputTokens = 1800, CacheWriteInputTokens = 0, ReasoningText = "Think first." });

        Assert.Multiple(() =>
        {
            Assert.That(rows[0]["cacheReadInputTokens"], Is.EqualTo("1800"));
            Assert.That(rows[0]["cacheWriteInputTokens"], Is.EqualTo("0"));
            Assert.That(rows[0]["reasoningChars"], Is.EqualTo("12"));
            Assert.That(rows[0]["text"], Is.EqualTo("answer"), "the reasoning is not in the answer's text");
        });
    }

    [Test]
    public void Write_JudgeCalls_AreListedWithTheirArmAndTheJudgeModel()
    {
        var data = ReportFixtures.WithJudge();
        var csv = BedrockMigrationHarness.Tests.Reports.ReportRendering.Render(new AttemptsCsvWriter(), data);

        using var reader = CsvHelper.CsvReader.Create(new StringReader(csv), null, false);
        var rows = new List<(string Arm, string Model, string Tools, string Outcome)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString("arm"), reader.GetString("modelId"), reader.GetString("toolCalls"), reader.GetString("outcome")));
        }

        var judge = rows.Where(r => r.Arm.StartsWith("judge", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(data.Attempts.Length), "one row per journal record, the judge's included");
            Assert.That(judge.Count(r => r.Arm == "judgeCandidateSecond"), Is.EqualTo(14));
            Assert.That(judge.Count(r => r.Arm == "judgeCandidateFirst"), Is.EqualTo(15), "a retried judge call has a row per try");
            Assert.That(judge.Select(r => r.Model).Distinct(), Is.EqualTo(new[] { ReportFixtures.JudgeModel }));
            Assert.That(judge.Where(r => r.Outcome == "success").Select(r => r.Tools).Distinct(), Is.EqualTo(new[] { "record_verdict" }));
        });
    }

    private static List<Dictionary<string, string>> Rows(string hostile, Func<BedrockMigrationHarness.Vocabulary.AttemptRecord, BedrockMigrationHarness.Vocabulary.AttemptRecord>? change = null)
    {
        var fixture = ReportFixtures.Create();
        var first = fixture.Attempts[0];
        var record = first.Record with
        {
            Text = hostile, ErrorMessage = hostile, ErrorType = hostile, StopReason = hostile, CaseId = hostile,
            ToolCalls = [new BedrockMigrationHarness.Vocabulary.ToolCall("t1", hostile, "{}"), new BedrockMigrationHarness.Vocabulary.ToolCall("t2", "lookup_order", "{}")],
        };
        var data = fixture with { Attempts = [first with { Record = change is null ? record : change(record) }] };
        var csv = BedrockMigrationHarness.Tests.Reports.ReportRendering.Render(new AttemptsCsvWriter(), data);

        using var reader = CsvHelper.CsvReader.Create(new StringReader(csv), null, false);
        string[] columns = ["caseId", "text", "errorMessage", "errorType", "stopReason", "serverLatencyMs", "inputTokens",
            "toolCalls", "cacheReadInputTokens", "cacheWriteInputTokens", "reasoningChars"];
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            rows.Add(columns.ToDictionary(c => c, c => reader.GetString(c)));
        }

        return rows;
    }
}
