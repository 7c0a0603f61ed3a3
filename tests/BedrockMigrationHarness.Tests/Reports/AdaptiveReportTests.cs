using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// An adaptive run (suite key <c>adaptive:</c>, <c>--until-decided</c>) in every report: report.html's "Adaptive sampling"
/// section with its rounds table and one chart per blocking gate, summary.json's <c>adaptive</c>, summary.md's section and
/// junit.xml's properties. Without it the reports are the goldens of <see cref="ReportGoldenTests"/>.
/// </summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed partial class AdaptiveReportTests
{
    private static string Render(string fileName, ReportData data) =>
        ReportRendering.Render(ReportRendering.Writer(fileName), data);

    [TestCase("summary.json", "summary-adaptive.json")]
    [TestCase("summary.md", "summary-adaptive.md")]
    public void Write_FixtureWithAdaptive_MatchesGoldenInEveryCulture(string fileName, string golden)
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
                actual = Render(fileName, ReportFixtures.WithAdaptive());
            }

            Golden.Verify(golden, actual);
        }
    }

    [TestCase("report.html")]
    [TestCase("junit.xml")]
    public void Write_FixtureWithAdaptive_IsTheSameInEveryCulture(string fileName)
    {
        var invariant = Render(fileName, ReportFixtures.WithAdaptive());

        Assert.Multiple(() =>
        {
            foreach (var culture in new[] { "de-DE", "sv-SE" })
            {
                using (new CultureScope(culture))
                {
                    Assert.That(Render(fileName, ReportFixtures.WithAdaptive()), Is.EqualTo(invariant), culture);
                }
            }
        });
    }

    [Test]
    public void Write_FixedSizeRun_HasNoAdaptiveSectionMemberOrLine()
    {
        var data = ReportFixtures.Create();

        Assert.Multiple(() =>
        {
            Assert.That(Render("report.html", data), Does.Not.Contain("Adaptive sampling").And.Not.Contain("id=\"adaptive\"").And.Not.Contain("zone-regression"));
            Assert.That(Render("summary.json", data), Does.Not.Contain("\"adaptive\""));
            Assert.That(Render("summary.md", data), Does.Not.Contain("Adaptive sampling"));
            Assert.That(Render("junit.xml", data), Does.Not.Contain("adaptive"));
        });
    }

    [Test]
    public void Write_Adaptive_HtmlSectionFollowsTheKeyFiguresWithStopReasonAndRoundsTable()
    {
        var html = Render("report.html", ReportFixtures.WithAdaptive());
        var figures = html.IndexOf("<section class=\"figures\"", StringComparison.Ordinal);
        var section = html.IndexOf("<h2 id=\"adaptive\">Adaptive sampling</h2>", StringComparison.Ordinal);
        var gates = html.IndexOf("<h2 id=\"gates\">", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(section, Is.InRange(figures, gates), "after the key figures, before the gates");
            Assert.That(html, Does.Contain("<a href=\"#adaptive\">Adaptive sampling</a><a href=\"#gates\">Gates</a>"));
            Assert.That(html, Does.Contain(
                "<div class=\"gatecount\">Adaptive sampling: stopped after 3 looks at 20 samples per case (decided: format compliance drop failed)</div>"),
                "the verdict area says how the run stopped");
            Assert.That(html, Does.Contain(
                "<p><strong>Stopped after 3 looks at 20 samples per case (decided: format compliance drop failed).</strong> " +
                "Stopped at look 3: the format compliance drop failed, its 98.4% interval [-13.0, -2.0] points wholly below the 1.0-point limit.</p>"));
            Assert.That(html, Does.Contain(
                "Pocock spending; a FAIL at 95% two-sided confidence spread over the looks, a PASS at 90% one-sided confidence; at most 100 samples per case and $5.00."));
            Assert.That(html, Does.Contain("<th style=\"white-space:normal\">format compliance drop</th><th style=\"white-space:normal\">p50 latency increase</th><th>Then</th>"));
            Assert.That(html, Does.Contain(
                "<tr><td class=\"num\">1</td><td class=\"num\">5</td><td class=\"nowrap\" title=\"information fraction 5.0%\">CI 99.79% / 60.4%</td>" +
                "<td class=\"num\">52</td><td class=\"num\">$0.0123 (+$0.0123)</td>" +
                "<td class=\"nowrap\"><span class=\"state small st-inconclusive\">UNDECIDED</span> -6.0 pts</td>" +
                "<td class=\"nowrap\"><span class=\"state small st-inconclusive\">UNDECIDED</span> +4.0%</td><td class=\"nowrap\">went on to 10 per case</td></tr>"));
            Assert.That(html, Does.Contain(
                "<tr><td class=\"num\">3</td><td class=\"num\">20</td><td class=\"nowrap\" title=\"information fraction 20.0%\">CI 98.4% / 78.1%</td>" +
                "<td class=\"num\">206</td><td class=\"num\">$0.0502 (+$0.0251)</td>" +
                "<td class=\"nowrap\"><span class=\"state small st-fail\">FAIL</span> -7.5 pts</td>" +
                "<td class=\"nowrap\"><span class=\"state small st-pass\">PASS</span> +3.5%</td><td class=\"nowrap\">stopped: decided</td></tr>"));
        });
    }

    [Test]
    public void Write_Adaptive_OneWellFormedChartPerBlockingGateWithLimitRegressionSideAndEveryLook()
    {
        var html = Render("report.html", ReportFixtures.WithAdaptive());
        var section = html[html.IndexOf("<h2 id=\"adaptive\">", StringComparison.Ordinal)..html.IndexOf("<h2 id=\"gates\">", StringComparison.Ordinal)];

        var charts = SvgElement().Matches(section).Select(m => XElement.Parse(m.Value)).ToList();

        Assert.That(charts, Has.Count.EqualTo(2));
        var (drop, p50) = (charts[0], charts[1]);
        Assert.Multiple(() =>
        {
            Assert.That(drop.Element("title")!.Value, Is.EqualTo("format compliance drop, look by look"));
            Assert.That(p50.Element("title")!.Value, Is.EqualTo("p50 latency increase, look by look"));
            foreach (var chart in charts)
            {
                Assert.That(Classes(chart, "rect").Count(c => c.StartsWith("iv ", StringComparison.Ordinal)), Is.EqualTo(3), "a FAIL-level bar per look");
                Assert.That(Classes(chart, "rect").Count(c => c.StartsWith("iv-pass-level ", StringComparison.Ordinal)), Is.EqualTo(3), "a PASS-level bar per look");
                Assert.That(chart.Elements("circle").Count(), Is.EqualTo(3), "an estimate per look");
                Assert.That(Classes(chart, "line").Count(c => c == "limit"), Is.EqualTo(2), "the limit across the plot and its legend swatch");
                Assert.That(chart.Elements("text").Select(t => t.Value), Does.Contain("samples per case"));
            }

            Assert.That(Classes(drop, "rect"), Does.Contain("iv iv-fail").And.Contain("iv iv-undecided").And.Not.Contain("iv iv-pass"));
            Assert.That(drop.Elements("text").Select(t => t.Value), Does.Contain("limit -1.0 pts").And.Contain("candidate − baseline (pts)").And.Contain("-10"));
            Assert.That(p50.Elements("text").Select(t => t.Value), Does.Contain("limit +20.0%").And.Contain("change vs baseline"));
            // A drop regresses below its limit: the shaded side runs from the limit line down to the plot's bottom (y 224);
            // a latency increase regresses above it: from the plot's top (y 48) down to the line.
            var (dropZone, dropLimit) = (Element(drop, "rect", "zone-regression"), Element(drop, "line", "limit"));
            Assert.That(dropLimit.Attribute("x2")!.Value, Is.EqualTo("578"), "the first limit line spans the plot");
            Assert.That(dropZone.Attribute("y")!.Value, Is.EqualTo(dropLimit.Attribute("y1")!.Value));
            Assert.That(double.Parse(dropZone.Attribute("y")!.Value, CultureInfo.InvariantCulture)
                        + double.Parse(dropZone.Attribute("height")!.Value, CultureInfo.InvariantCulture), Is.EqualTo(224).Within(0.11));
            var (p50Zone, p50Limit) = (Element(p50, "rect", "zone-regression"), Element(p50, "line", "limit"));
            Assert.That(p50Zone.Attribute("y")!.Value, Is.EqualTo("48"));
            Assert.That(p50Zone.Attribute("height")!.Value, Is.EqualTo(
                (double.Parse(p50Limit.Attribute("y1")!.Value, CultureInfo.InvariantCulture) - 48).ToString("0.#", CultureInfo.InvariantCulture)));
            Assert.That(Element(drop, "circle", "est").Element("title")!.Value, Is.EqualTo(
                "look 1, 5 samples per case: UNDECIDED; estimate -6.0 pts; 99.79% interval [-21.0 pts, +5.0 pts]; 60.4% interval [-10.0 pts, -2.0 pts]"));
        });

        IEnumerable<string> Classes(XElement chart, string name) => chart.Elements(name).Select(e => (string?)e.Attribute("class") ?? "");
        XElement Element(XElement chart, string name, string cssClass) => chart.Elements(name).First(e => (string?)e.Attribute("class") == cssClass);
    }

    [Test]
    public void Write_Adaptive_SummaryJsonHasSettingsLooksGatesAndStop()
    {
        using var json = JsonDocument.Parse(Render("summary.json", ReportFixtures.WithAdaptive()));
        var adaptive = json.RootElement.GetProperty("adaptive");
        var looks = adaptive.GetProperty("looks");

        Assert.Multiple(() =>
        {
            Assert.That(adaptive.GetProperty("settings").GetProperty("maxSamples").GetInt32(), Is.EqualTo(100));
            Assert.That(adaptive.GetProperty("settings").GetProperty("maxCostUsd").GetDouble(), Is.EqualTo(5.0));
            Assert.That(adaptive.GetProperty("settings").GetProperty("passConfidence").GetDouble(), Is.EqualTo(0.9));
            Assert.That(adaptive.GetProperty("settings").GetProperty("spending").GetString(), Is.EqualTo("pocock"));
            Assert.That(adaptive.GetProperty("stop").GetString(), Is.EqualTo("decided"));
            Assert.That(adaptive.GetProperty("stopReason").GetString(), Does.StartWith("Stopped at look 3"));
            Assert.That(adaptive.GetProperty("summary").GetString(), Is.EqualTo("stopped after 3 looks at 20 samples per case (decided: format compliance drop failed)"));
            Assert.That(looks.GetArrayLength(), Is.EqualTo(3));
            Assert.That(looks[0].GetProperty("stop").GetString(), Is.EqualTo("continue"));
            Assert.That(looks[0].GetProperty("nextSamplesPerCase").GetInt32(), Is.EqualTo(10));
            Assert.That(looks[2].TryGetProperty("nextSamplesPerCase", out _), Is.False, "absent after the last look");
            Assert.That(looks[2].GetProperty("failLevel").GetDouble(), Is.EqualTo(0.984));
            Assert.That(looks[2].GetProperty("spendUsd").GetDouble(), Is.EqualTo(0.0502));
            Assert.That(looks[2].GetProperty("journaled").GetBoolean(), Is.True);
            var gate = looks[2].GetProperty("gates")[0];
            Assert.That(gate.GetProperty("kind").GetString(), Is.EqualTo("complianceDrop"));
            Assert.That(gate.GetProperty("state").GetString(), Is.EqualTo("FAIL"));
            Assert.That(gate.GetProperty("limit").GetDouble(), Is.EqualTo(-0.01));
            Assert.That(gate.GetProperty("higherIsWorse").GetBoolean(), Is.False);
            Assert.That(gate.GetProperty("failInterval").GetProperty("upper").GetDouble(), Is.EqualTo(-0.02));
            Assert.That(gate.GetProperty("passInterval").GetProperty("lower").GetDouble(), Is.EqualTo(-0.10));
        });
    }

    [Test]
    public void Write_Adaptive_MarkdownHasTheSectionStopReasonAndLooks()
    {
        var md = Render("summary.md", ReportFixtures.WithAdaptive());

        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain(
                "**Adaptive sampling** · stopped after 3 looks at 20 samples per case (decided: format compliance drop failed) · Stopped at look 3:"));
            Assert.That(md, Does.Contain("| Look | Samples per case | Intervals (FAIL / PASS) | Calls | Spend | format compliance drop | p50 latency increase | Then |"));
            Assert.That(md, Does.Contain("| 3 | 20 | CI 98.4% / 78.1% | 206 | $0.0502 | FAIL -7.5 pts | PASS +3.5% | stopped: decided |"));
        });
    }

    [Test]
    public void Write_Adaptive_JUnitHasTheAdaptiveProperties()
    {
        var xml = XDocument.Parse(Render("junit.xml", ReportFixtures.WithAdaptive()));

        var properties = xml.Descendants("testsuite").First().Element("properties")!.Elements("property")
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);

        Assert.Multiple(() =>
        {
            Assert.That(properties["adaptive"], Is.EqualTo("stopped after 3 looks at 20 samples per case (decided: format compliance drop failed)"));
            Assert.That(properties["adaptiveStopReason"], Does.StartWith("Stopped at look 3"));
        });
    }

    [Test]
    public void Write_RunStoppedAtTheCap_EveryReportSaysTheCapAndWhatIsUndecided()
    {
        var data = ReportFixtures.WithAdaptiveAtTheCap();
        const string summary = "stopped after 3 looks at 20 samples per case (the 20-samples-per-case cap; 1 blocking gate undecided)";

        Assert.Multiple(() =>
        {
            var html = Render("report.html", data);
            Assert.That(html, Does.Contain("<div class=\"gatecount\">Adaptive sampling: " + summary + "</div>"));
            Assert.That(html, Does.Contain("Stopped at the 20-samples-per-case cap: format compliance drop still undecided"));
            Assert.That(html, Does.Contain("title=\"information fraction 100.0%\">CI 95.6% / 80.0%</td>"));
            Assert.That(html, Does.Contain("<td class=\"nowrap\">stopped: 20-sample cap</td></tr>"));
            Assert.That(html, Does.Contain("at most 20 samples per case."), "no cost cap");
            using var json = JsonDocument.Parse(Render("summary.json", data));
            Assert.That(json.RootElement.GetProperty("adaptive").GetProperty("stop").GetString(), Is.EqualTo("maxSamples"));
            Assert.That(json.RootElement.GetProperty("adaptive").GetProperty("settings").TryGetProperty("maxCostUsd", out _), Is.False);
            Assert.That(Render("summary.md", data), Does.Contain("**Adaptive sampling** · " + summary + " · Stopped at the 20-samples-per-case cap"));
            Assert.That(Render("junit.xml", data), Does.Contain("<property name=\"adaptive\" value=\"" + summary + "\" />"));
        });
    }

    [Test]
    public void Write_StopReasonWithMarkup_IsInertTextEverywhere()
    {
        var data = ReportFixtures.WithAdaptive();
        data = data with { Analysis = data.Analysis with { Adaptive = data.Analysis.Adaptive! with { StopReason = "<script>alert(1)</script> | *x*" } } };

        Assert.Multiple(() =>
        {
            Assert.That(Render("report.html", data), Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.Not.Contain("<script>alert(1)"));
            Assert.That(Render("summary.md", data), Does.Not.Contain("<script>").And.Not.Contain("| *x*"));
        });
    }

    [GeneratedRegex("<svg viewBox=.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();
}
