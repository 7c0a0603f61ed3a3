using System.Text.Json;
using System.Xml.Linq;
using System.Xml.Schema;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// The judge (suite key <c>judge:</c>) in every report: the quality gate among the gates, a "Judged quality" section and one
/// judge line, the judge's reasons as inert text. Without a judge the reports are the goldens of <see cref="ReportGoldenTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class JudgeReportTests
{
    private static string Render(string fileName, ReportData data) =>
        ReportRendering.Render(ReportRendering.Writer(fileName), data);

    [TestCase("summary.json", "summary-judge.json")]
    [TestCase("summary.md", "summary-judge.md")]
    public void Write_FixtureWithJudge_MatchesGoldenInEveryCulture(string fileName, string golden)
    {
        foreach (var culture in new[] { "", "de-DE", "sv-SE" })
        {
            if (Golden.Updating && culture.Length > 0)
            {
                continue; // golden files are rewritten from the invariant-culture run only
            }

            string actual;
            using (new CultureScope(culture))
            {
                actual = Render(fileName, ReportFixtures.WithJudge());
            }

            Golden.Verify(golden, actual);
        }
    }

    [TestCase("report.html")]
    [TestCase("junit.xml")]
    public void Write_FixtureWithJudge_IsTheSameInEveryCulture(string fileName)
    {
        var invariant = Render(fileName, ReportFixtures.WithJudge());

        Assert.Multiple(() =>
        {
            foreach (var culture in new[] { "de-DE", "sv-SE" })
            {
                using (new CultureScope(culture))
                {
                    Assert.That(Render(fileName, ReportFixtures.WithJudge()), Is.EqualTo(invariant), culture);
                }
            }
        });
    }

    [Test]
    public void Write_JudgeThatAppliesToNoPair_SaysNotApplicableAndDrawsNoSegment()
    {
        var data = ReportFixtures.WithJudge();
        var nothing = data.Analysis.Judge! with
        {
            Pairs = 0, Judged = 0, Wins = 0, Ties = 0, Losses = 0, Disagreements = 0, PositionBias = null, FirstPositionPicks = 0,
            Agreement = null, JudgeFailed = 0, NotJudged = 0, Calls = 0, InputTokens = 0, OutputTokens = 0, SpendUsd = 0, Cases = [],
        };

        var html = Render("report.html", data with { Analysis = data.Analysis with { Judge = nothing } });

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<h2 id=\"judge\">Judged quality</h2>"));
            Assert.That(html, Does.Not.Contain("<div style=\"width:"), "no bar segment");
            Assert.That(html, Does.Contain("<td class=\"num\">0</td><td class=\"num\">n/a</td>"));
            Assert.That(html, Does.Contain("<tr><th>Position bias (95% interval)</th><td>n/a</td></tr>"));
            Assert.That(html, Does.Contain("<span title=\"baseline\">n/a</span> &rarr; <span class=\"cand\" title=\"candidate\">n/a</span>"));
        });
    }

    [Test]
    public void Write_NoJudge_HasNoJudgeSectionMemberOrLine()
    {
        var data = ReportFixtures.Create();

        Assert.Multiple(() =>
        {
            Assert.That(Render("report.html", data), Does.Not.Contain("id=\"judge\"").And.Not.Contain("Judged quality").And.Not.Contain("judge call"));
            Assert.That(Render("summary.json", data), Does.Not.Contain("\"judge\"").And.Not.Contain("qualityLoss"));
            Assert.That(Render("summary.md", data), Does.Not.Contain("Judged quality"));
            Assert.That(Render("junit.xml", data), Does.Not.Contain("name=\"judge\""));
        });
    }

    [Test]
    public void Write_JudgeRecordsAlone_ChangeNoReportButAttemptsCsv()
    {
        // The judge's answers in the journal, without a judge summary: they are no arm's answers, charts or case times.
        var plain = ReportFixtures.Create();
        var judgeRecords = ReportFixtures.WithJudge().Attempts.Where(a => a.Record.Arm.IsJudge() && a.Record.Outcome == CallOutcome.Success);
        var withRecords = plain with { Attempts = plain.Attempts.AddRange(judgeRecords) };

        Assert.Multiple(() =>
        {
            foreach (var file in new[] { "report.html", "summary.json", "summary.md", "junit.xml" })
            {
                Assert.That(Render(file, withRecords), Is.EqualTo(Render(file, plain)), file);
            }

            Assert.That(Render("attempts.csv", withRecords), Is.Not.EqualTo(Render("attempts.csv", plain)));
        });
    }

    [Test]
    public void Write_Judge_HtmlSectionFollowsTheGatesWithOutcomesBiasAgreementSpendAndWorstCases()
    {
        var html = Render("report.html", ReportFixtures.WithJudge());
        var gates = html.IndexOf("<h2 id=\"gates\">", StringComparison.Ordinal);
        var section = html.IndexOf("<h2 id=\"judge\">Judged quality</h2>", StringComparison.Ordinal);
        var cost = html.IndexOf("<h2 id=\"cost\">", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(section, Is.InRange(gates, cost), "after the gates, before the cost");
            Assert.That(html, Does.Contain("<a href=\"#gates\">Gates</a><a href=\"#judge\">Judged quality</a><a href=\"#cost\">"));
            Assert.That(html, Does.Contain(
                "<p>anthropic.claude-3-5-sonnet-20240620-v1:0 judged the candidate&#39;s answer against the baseline&#39;s answer of the same case and sample, asked in both orders"));
            // The bar: 2 wins, 7 ties, 4 losses, 1 judge failed, 1 not judged of 15 pairs.
            Assert.That(html, Does.Contain("<div style=\"width:13.33%; background:var(--go)\" title=\"wins (both orders preferred the candidate): 2\"></div>"));
            Assert.That(html, Does.Contain("<div style=\"width:46.67%; background:var(--line)\""));
            Assert.That(html, Does.Contain("<div style=\"width:26.67%; background:var(--nogo)\""));
            Assert.That(html, Does.Contain("<td class=\"num\">7</td><td class=\"num\">46.7%</td>"));
            Assert.That(html, Does.Contain("losses (both orders preferred the baseline&#39;s answer)</td><td class=\"num\">4</td><td class=\"num\">26.7%</td>"));
            Assert.That(html, Does.Contain("<tr><th>Net loss (losses &minus; wins) / judged pairs</th><td>+15.4 pts</td></tr>"));
            Assert.That(html, Does.Contain(
                "<tr><th>Position bias (95% interval)</th><td>15.4% [4.3%, 42.2%] (the first answer both times in 1 pair, the second in 1)</td></tr>"));
            Assert.That(html, Does.Contain("<tr><th>Agreement of the two orders (95% interval)</th><td>84.6% [57.8%, 95.7%] (2 of 13 judged pairs disagreed)</td></tr>"));
            Assert.That(html, Does.Contain("<td>$0.0972 for 29 calls (24,300 input and 1,620 output tokens); apart from the models&#39; spend"));
            Assert.That(html, Does.Contain("Position bias is the share of judged pairs where the judge picked the same position"));
            Assert.That(html, Does.Contain(
                "<tr><td class=\"mono\"><a href=\"#case-1\">ticket-priority</a></td><td class=\"num\">+66.7 pts</td><td class=\"num\">0 / 1 / 2</td><td class=\"num\">0</td>" +
                "<td><ul style=\"margin:0; padding-left:18px\"><li>Answer A wraps the JSON in a code fence; B is the bare object asked for.</li>"));
            Assert.That(html, Does.Contain("<td class=\"num\">-50.0 pts</td><td class=\"num\">1 / 1 / 0</td>"), "invoice-extract, the best, last");
            Assert.That(html, Does.Contain("<p>The judge&#39;s calls: $0.0972 for 29 calls"), "the cost section says the judge's spend apart");
            Assert.That(html, Does.Contain("32 calls made (retries included), and 29 judge calls"));
        });
    }

    [Test]
    public void Write_Judge_CasesTableHasAJudgeColumnSortedByNetLoss()
    {
        var html = Render("report.html", ReportFixtures.WithJudge());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<th class=\"num\" data-type=\"num\">Judge W / T / L</th><th data-type=\"text\">Label</th>"));
            Assert.That(html, Does.Contain("<td class=\"num\" data-v=\"0.6666666666666666\">0 / 1 / 2 (+66.7 pts)</td>"), "ticket-priority");
            Assert.That(html, Does.Contain("<td class=\"num\" data-v=\"-0.5\">1 / 1 / 0 (-50.0 pts)</td>"), "invoice-extract");
            Assert.That(html, Does.Contain(" Judge: the candidate&#39;s wins / ties / losses under the judge, and the net loss."));
        });
    }

    [Test]
    public void Write_Judge_FirstScreenHasTheJudgesPreferenceColouredByTheQualityGate()
    {
        var html = Render("report.html", ReportFixtures.WithJudge());

        Assert.That(html, Does.Contain(
            "<div class=\"label\">Judge prefers</div>\n    <div class=\"values\"><span title=\"baseline\">30.8%</span> &rarr; <span class=\"cand\" title=\"candidate\">15.4%</span></div>\n" +
            "    <div class=\"delta d-fail\">net loss +15.4 pts <span class=\"state small st-fail\">FAIL</span></div>"));
    }

    [Test]
    public void Write_QualityGate_IsInEveryGateTableWithPointsAndItsMargin()
    {
        var data = ReportFixtures.WithJudge();
        var json = JsonDocument.Parse(Render("summary.json", data)).RootElement;
        var gate = json.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("kind").GetString() == "qualityLoss");
        var junitGate = XDocument.Parse(Render("junit.xml", data)).Root!.Elements("testsuite")
            .Single(s => (string?)s.Attribute("name") == "gates").Elements("testcase").Single(t => (string?)t.Attribute("name") == "quality loss");

        Assert.Multiple(() =>
        {
            Assert.That(Render("report.html", data), Does.Contain(
                "<tr><td class=\"gate\">quality loss</td><td class=\"sev-blocking\">blocking</td><td class=\"num\">30.8% won</td><td class=\"num\">15.4% won</td>" +
                "<td class=\"num\">+15.4 pts</td><td class=\"num\">[+6.0 pts, +31.0 pts]</td><td class=\"nowrap\">net loss ≤ 5.0 pts</td>" +
                "<td><span class=\"state st-fail\">FAIL</span></td><td class=\"explain\">The judge preferred the baseline&#39;s answer in 4 of 13 judged pairs"));
            Assert.That(Render("summary.md", data), Does.Contain(
                "| quality loss | blocking | 30.8% won | 15.4% won | +15.4 pts | \\[+6.0 pts, +31.0 pts\\] | net loss ≤ 5.0 pts | **FAIL** |"));
            Assert.That(gate.GetProperty("name").GetString(), Is.EqualTo("quality loss"));
            Assert.That(gate.GetProperty("unit").GetString(), Is.EqualTo("rate"));
            Assert.That(gate.GetProperty("threshold").GetDouble(), Is.EqualTo(0.05));
            Assert.That(gate.GetProperty("delta").GetDouble(), Is.EqualTo(2 / 13.0).Within(1e-12));
            Assert.That((string?)junitGate.Element("failure")?.Attribute("message"), Is.EqualTo(
                "FAIL (blocking): The judge preferred the baseline's answer in 4 of 13 judged pairs and the candidate's in 2: a net loss of 15.4 points " +
                "(95% CI +6.0 to +31.0), above the 5.0 points allowed. (baseline 30.8% won, candidate 15.4% won, delta +15.4 pts [+6.0 pts, +31.0 pts], " +
                "allowed net loss ≤ 5.0 pts)"));
        });
    }

    [Test]
    public void Write_Judge_JUnitValidatesAndCarriesTheJudgeLine()
    {
        var junit = XDocument.Parse(Render("junit.xml", ReportFixtures.WithJudge()));
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Golden.PathOf("junit-10.xsd"));
        var problems = new List<string>();

        junit.Validate(schemas, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));

        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(junit.Root!.Elements("testsuite").Select(s => (string?)s.Element("properties")!.Elements("property")
                    .SingleOrDefault(p => (string?)p.Attribute("name") == "judge")?.Attribute("value")),
                Has.All.StartWith("anthropic.claude-3-5-sonnet-20240620-v1:0 (pairwise): 2 wins · 7 ties · 4 losses of 13 judged pairs"));
        });
    }

    [Test]
    public void Write_HostileJudgeReason_StaysTextInHtmlAndJson()
    {
        var data = ReportFixtures.WithJudge();
        var html = Render("report.html", data);
        var json = JsonDocument.Parse(Render("summary.json", data)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>alert('judge')").And.Not.Contain("<img src=x"));
            Assert.That(html, Does.Contain(
                "<li>&lt;script&gt;alert(&#39;judge&#39;)&lt;/script&gt; A | B **bold** `code` [x](javascript:alert(1)) &lt;img src=x onerror=alert(2)&gt; # heading</li>"));
            Assert.That(json.GetProperty("judge").GetProperty("cases")[0].GetProperty("reasons")[1].GetString(), Is.EqualTo(ReportFixtures.InjectedReason),
                "summary.json keeps the reason as written: it is data");
        });
    }

    [Test]
    public void Write_HostileJudgeModelId_CannotStartMarkdown()
    {
        var data = ReportFixtures.WithJudge();
        data = data with { Analysis = data.Analysis with { Judge = data.Analysis.Judge! with { ModelId = "evil|<b>x</b>`y`" } } };

        var md = Render("summary.md", data);

        Assert.That(md, Does.Contain("**Judged quality** · evil\\|\\<b\\>x\\</b\\>\\`y\\` (pairwise): 2 wins · 7 ties · 4 losses"));
    }

    [Test]
    public void Write_FailedJudgeCall_IsListedWithItsArmAmongTheCallsThatDidNotAnswer()
    {
        var html = Render("report.html", ReportFixtures.WithJudge());

        Assert.That(html, Does.Contain(
            "<tr><td class=\"mono\">release-notes-summary</td><td>judgeCandidateFirst</td><td class=\"num\">3</td><td class=\"num\">2</td><td>no, final</td>" +
            "<td>serviceUnavailable</td><td class=\"num\">503</td><td>ServiceUnavailableException</td><td>The judge model is unavailable.</td>"));
    }
}
