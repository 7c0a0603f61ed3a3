using System.Text.Json;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// The "Against production" figures in every report: shown only when a case has a reference, after the gates, with the
/// reference answers as inert text. Without references the reports are the goldens of <see cref="ReportGoldenTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class ReferenceReportTests
{
    private static string Render(string fileName, ReportData data) =>
        ReportRendering.Render(ReportRendering.Writer(fileName), data);

    [TestCase("summary.json", "summary-reference.json")]
    [TestCase("summary.md", "summary-reference.md")]
    public void Write_FixtureWithReferences_MatchesGoldenInEveryCulture(string fileName, string golden)
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
                actual = Render(fileName, ReportFixtures.WithReferences());
            }

            Golden.Verify(golden, actual);
        }
    }

    [Test]
    public void Write_NoReference_HasNoReferenceSectionColumnOrMember()
    {
        var data = ReportFixtures.Create();
        var html = Render("report.html", data);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("id=\"reference\"").And.Not.Contain("vs reference").And.Not.Contain("class=\"reference\""));
            Assert.That(Render("summary.json", data), Does.Not.Contain("\"reference\""));
            Assert.That(Render("summary.md", data), Does.Not.Contain("Against"));
        });
    }

    [Test]
    public void Write_References_SectionFollowsTheGatesAndSaysItIsNoGate()
    {
        var html = Render("report.html", ReportFixtures.WithReferences());
        var gates = html.IndexOf("<h2 id=\"gates\">", StringComparison.Ordinal);
        var section = html.IndexOf("<h2 id=\"reference\">Against production</h2>", StringComparison.Ordinal);
        var cost = html.IndexOf("<h2 id=\"cost\">", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(gates, Is.GreaterThan(0));
            Assert.That(section, Is.InRange(gates, cost), "after the gates, before the cost");
            Assert.That(html, Does.Contain("<a href=\"#gates\">Gates</a><a href=\"#reference\">Against production</a><a href=\"#cost\">"));
            Assert.That(html, Does.Contain("decide no gate and do not change the verdict"));
            Assert.That(html, Does.Contain(
                "<tr><td>Similarity to the reference (0..1)</td><td class=\"num\"></td><td class=\"num\">0.93 [0.86, 1.00]</td><td class=\"num\">0.71 [0.55, 0.86]</td><td class=\"num\">-0.22, 95% CI -0.38 to -0.07</td><td class=\"num\">3</td></tr>"));
            Assert.That(html, Does.Contain(
                "<tr><td>Same tools as the reference</td><td class=\"num\"></td><td class=\"num\">100.0% of 3 answers</td><td class=\"num\">66.7% of 3 answers</td><td class=\"num\">-33.3 pts</td><td class=\"num\">1</td></tr>"));
            Assert.That(html, Does.Contain(
                "<tr><td>p50 latency (metrics.latencyMs)</td><td class=\"num\">880 ms</td><td class=\"num\">900 ms</td><td class=\"num\">850 ms</td><td class=\"num\"></td><td class=\"num\">3</td></tr>"));
            Assert.That(html, Does.Contain("<p>The replayed requests are not what production sent: the baseline read 412 input tokens per case against 350 logged in production (+17.7%)."));
            Assert.That(html, Does.Contain("<p>The baseline&#39;s latency here is close to production&#39;s: p50 900 ms against 880 ms (within 25%).</p>"));
        });
    }

    [Test]
    public void Write_References_CaseTableHasAVsReferenceColumn()
    {
        var html = Render("report.html", ReportFixtures.WithReferences());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<th class=\"num\" data-type=\"num\">Similarity</th><th class=\"num\" data-type=\"num\">vs reference</th><th data-type=\"text\">Label</th>"));
            Assert.That(html, Does.Contain("<td class=\"num\" data-v=\"0.71\">1.00 → 0.71</td>"));
            Assert.That(html, Does.Contain("tools 100.0% → 66.7%</td>"));
            Assert.That(html, Does.Contain("<td class=\"num\" data-v=\"\">n/a</td>"), "sentiment has no reference");
        });
    }

    [Test]
    public void Write_ReferenceWithScript_IsInertText()
    {
        var html = Render("report.html", ReportFixtures.WithReferences());

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "only the report's own script");
            Assert.That(html, Does.Not.Contain("<script>alert('ref')"));
            Assert.That(html, Does.Contain("<pre class=\"text\">&lt;script&gt;alert(&#39;ref&#39;)&lt;/script&gt; Version 2.0 adds SSO; breaking: the v1 API is removed.</pre>"));
        });
    }

    [Test]
    public void Write_References_CaseDetailShowsWhereTheReferenceComesFrom()
    {
        var html = Render("report.html", ReportFixtures.WithReferences());

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain(
                "Reference answer (production answer of anthropic.claude-3-haiku-20240307-v1:0, logged 2026-11-02 14:30 UTC, 790 ms, 350 input tokens, 22 output tokens); baseline → candidate against it: 1.00 → 0.71</div>"));
            Assert.That(html, Does.Contain("Reference answer (written by hand); baseline → candidate against it: tools 100.0% → 66.7%</div><div class=\"toolcall\"><span class=\"tool-label\">tool call</span> <code class=\"tool-name\">lookup_order</code>"));
        });
    }

    [Test]
    public void Write_References_SummaryJsonHasTheOptionalMembersWithoutANewVersion()
    {
        using var json = JsonDocument.Parse(Render("summary.json", ReportFixtures.WithReferences()));
        var root = json.RootElement;
        var reference = root.GetProperty("reference");
        var cases = root.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("formatVersion").GetInt32(), Is.EqualTo(2));
            Assert.That(reference.GetProperty("cases").GetInt32(), Is.EqualTo(4));
            Assert.That(reference.GetProperty("similarity").GetProperty("difference").GetProperty("value").GetDouble(), Is.EqualTo(-0.22));
            Assert.That(reference.GetProperty("production").GetProperty("latencyP50Ms").GetProperty("production").GetDouble(), Is.EqualTo(880));
            Assert.That(reference.GetProperty("findings").GetArrayLength(), Is.EqualTo(2));
            Assert.That(cases["ticket-priority"].GetProperty("reference").GetProperty("candidateSimilarity").GetDouble(), Is.EqualTo(0.71));
            Assert.That(cases["sentiment"].TryGetProperty("reference", out _), Is.False);
        });
    }
}
