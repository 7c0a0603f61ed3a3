using System.Text.Json;
using BedrockMigrationHarness.Reports.Markdown;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed class MachineOutputTests
{
    [Test]
    public void SummaryJson_Fixture_HasLifecycleDeadlineAndCostWithIntervals()
    {
        var json = ReportRendering.Render(ReportRendering.Writer("summary.json"), ReportFixtures.Create());
        using var doc = JsonDocument.Parse(json);
        var lifecycle = doc.RootElement.GetProperty("lifecycle");
        var cost = doc.RootElement.GetProperty("cost");

        Assert.Multiple(() =>
        {
            Assert.That(lifecycle.GetProperty("baseline").GetProperty("stage").GetString(), Is.EqualTo("LEGACY"));
            Assert.That(lifecycle.GetProperty("baseline").GetProperty("daysLeft").GetInt32(), Is.EqualTo(100));
            Assert.That(lifecycle.GetProperty("candidate").GetProperty("stage").GetString(), Is.EqualTo("ACTIVE"));
            Assert.That(cost.GetProperty("monthlyDeltaUsd").GetProperty("value").GetDouble(), Is.EqualTo(52.0425));
            Assert.That(cost.GetProperty("monthlyDeltaUsd").GetProperty("interval").GetProperty("lower").GetDouble(), Is.EqualTo(35.5));
            Assert.That(cost.GetProperty("baselineExtendedAccessMonthlyUsd").GetProperty("value").GetDouble(), Is.EqualTo(37.675));
            Assert.That(cost.GetProperty("baseline").GetProperty("priceAsOf").GetString(), Is.EqualTo("2026-03-21"));
            Assert.That(cost.GetProperty("runSpendUsd").GetDouble(), Is.EqualTo(0.0123));
        });
    }

    [Test]
    public void SummaryJson_Fixture_HasVersionVerdictGatesArmsAndCasesWithoutAnswers()
    {
        var json = ReportRendering.Render(ReportRendering.Writer("summary.json"), ReportFixtures.Create());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("formatVersion").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("verdict").GetProperty("verdict").GetString(), Is.EqualTo("NO-GO"));
            Assert.That(root.GetProperty("verdict").GetProperty("exitCode").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("gates").GetArrayLength(), Is.EqualTo(9));
            Assert.That(root.GetProperty("gates")[2].GetProperty("kind").GetString(), Is.EqualTo("correctnessDrop"));
            Assert.That(root.GetProperty("arms")[1].GetProperty("complianceRate").GetProperty("value").GetDouble(), Is.EqualTo(9 / 11.0));
            Assert.That(root.GetProperty("arms")[1].GetProperty("correctnessRate").GetProperty("value").GetDouble(), Is.EqualTo(5 / 6.0));
            Assert.That(root.GetProperty("cases").EnumerateArray().Select(static c => c.GetProperty("label").GetString()),
                Is.EqualTo(new[] { "regressed", "worse", "worse", "worse", "unchangedOrBetter" }));
            Assert.That(root.GetProperty("gates")[4].GetProperty("deltaInterval").GetProperty("upper").GetDouble(), Is.EqualTo(0.61));
            Assert.That(root.GetProperty("arms")[1].GetProperty("errorsByKind").GetProperty("validationError").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("cases").GetArrayLength(), Is.EqualTo(5));
            Assert.That(json, Does.Not.Contain("PWNED"), "answers are not part of the summary");
        });
    }

    [Test]
    public void SummaryJson_Fixture_HasRequestDifferencesAndCompatibilityFindings()
    {
        var json = ReportRendering.Render(ReportRendering.Writer("summary.json"), ReportFixtures.Create());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Multiple(() =>
        {
            var all = root.GetProperty("requestDifferences").GetProperty("allCases")[0];
            Assert.That(all.GetProperty("field").GetString(), Is.EqualTo("prompt_suffix"));
            Assert.That(all.TryGetProperty("baseline", out _), Is.False, "not sent on the baseline: absent");
            var some = root.GetProperty("requestDifferences").GetProperty("someCases")[0];
            Assert.That(some.GetProperty("text").GetString(),
                Is.EqualTo("in 2 of 5 cases (ticket-priority, invoice-extract): candidate: structured_output on (schema answer) (baseline: not sent)"));
            var finding = root.GetProperty("compatibilityFindings")[0];
            Assert.That(finding.GetProperty("arm").GetString(), Is.EqualTo("candidate"));
            Assert.That(finding.GetProperty("parameter").GetString(), Is.EqualTo("temperature, top_p"));
            Assert.That(finding.GetProperty("suggestedOverride").GetString(), Is.EqualTo("candidate: { inference: { top_p: null } }"));
            Assert.That(root.GetProperty("formatVersion").GetInt32(), Is.EqualTo(2), "optional members added: the version stays");
        });
    }

    [Test]
    public void SummaryMarkdown_Fixture_EscapesTableBreakers()
    {
        var md = ReportRendering.Render(ReportRendering.Writer("summary.md"), ReportFixtures.Create());

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("## Bedrock migration verdict: **NO-GO**"));
            Assert.That(md, Does.Contain("(1 fenced, 1 not in enum) \\| schema \"priority\""));
            Assert.That(md, Does.Contain("| format compliance floor | blocking |"));
        });
    }

    [TestCase("a|b", "a\\|b")]
    [TestCase("`code`", "\\`code\\`")]
    [TestCase("<script>x</script>", "\\<script\\>x\\</script\\>")]
    [TestCase("line1\nline2", "line1 line2")]
    public void MarkdownText_Escape_MakesTextInert(string text, string expected) =>
        Assert.That(MarkdownText.Escape(text), Is.EqualTo(expected));

    [Test]
    public void AttemptsCsv_Fixture_HasOneRowPerJournalRecord()
    {
        var fixture = ReportFixtures.Create();
        var csv = ReportRendering.Render(ReportRendering.Writer("attempts.csv"), fixture);
        using var reader = CsvHelper.CsvReader.Create(new StringReader(csv), null, false);
        var rows = 0;
        while (reader.Read())
        {
            rows++;
        }

        Assert.That(rows, Is.EqualTo(fixture.Attempts.Length), "one row per record after the header, multi-line answers included");
    }
}
