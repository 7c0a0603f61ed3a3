using System.Net;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Analysis.Statistics;
using BedrockMigrationHarness.Reports;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// Opens the fixture report in a real browser (headless Chromium): the page renders, its script runs, and the
/// markup inside model answers does not. Skipped only when /usr/bin/chromium is not installed.
/// </summary>
[TestFixture]
[Category("Browser")]
public sealed partial class HtmlReportBrowserTests
{
    private string directory = "";
    private string reportPath = "";

    [OneTimeSetUp]
    public void WriteReport()
    {
        HeadlessChromium.RequireInstalled();
        directory = Directory.CreateTempSubdirectory("bmh-browser-").FullName;
        var results = new ReportSet([ReportRendering.Writer("report.html")]).WriteAll(ReportRendering.Single(ReportFixtures.Create()), directory);
        Assert.That(results.Single().Succeeded, Is.True);
        reportPath = results.Single().Path!;
    }

    [OneTimeTearDown]
    public void DeleteReport()
    {
        if (directory.Length > 0)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void DumpDom_FixtureReport_RendersVerdictChartsAndScriptButNotInjectedMarkup()
    {
        var dom = RunChromium("--dump-dom");

        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Contain("id=\"verdict\">NO-GO</div>"));
            Assert.That(TitleElement().Match(dom).Groups[1].Value, Does.StartWith("NO-GO: ").And.Not.Contain("PWNED"), "the injected script did not run");
            Assert.That(Regex.Matches(dom, "<svg viewBox"), Has.Count.EqualTo(4));
            Assert.That(dom, Does.Contain("<th data-type=\"text\"><button type=\"button\">Case</button></th>"), "the report's own script ran (sortable headers)");
            Assert.That(dom, Does.Match("<input id=\"case-filter\"[^>]*>").And.Not.Match("<input id=\"case-filter\"[^>]*hidden"), "the filter box is shown");
            Assert.That(OnErrorAttribute().IsMatch(dom), Is.False, "no element has an onerror attribute");
            Assert.That(Regex.Matches(dom, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "no script element came from an answer");
            Assert.That(dom, Does.Not.Contain("<img").IgnoreCase);
            Assert.That(dom, Does.Not.Match("<a\\s[^>]*href=\"javascript:").IgnoreCase, "no link element came from an answer");
            Assert.That(Regex.Replace(dom, "</?(?:ins|del)>", ""), Does.Contain("&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;"), "the link is text");
        });
    }

    [Test]
    public void Screenshot_FixtureReport_IsWritten()
    {
        var png = Path.Combine(directory, "report-first-screen.png");

        RunChromium("--screenshot=" + png, "--window-size=1366,900");

        Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000));
        TestContext.AddTestAttachment(png, "First screen of the fixture report at 1366×900");
    }

    [Test]
    public void DumpDom_ReportWithJudge_RendersTheJudgedQualitySectionAndNoMarkupFromItsReasons()
    {
        var judgeDirectory = Path.Combine(directory, "judge");
        var written = new ReportSet([ReportRendering.Writer("report.html")]).WriteAll(ReportRendering.Single(ReportFixtures.WithJudge()), judgeDirectory).Single();
        Assert.That(written.Succeeded, Is.True);
        var screenshot = Path.Combine(directory, "report-judge.png");

        var result = HeadlessChromium.Open(written.Path!, "--dump-dom");
        HeadlessChromium.Open(written.Path!, "--screenshot=" + screenshot, "--window-size=1366,4000");

        Assert.Multiple(() =>
        {
            Assert.That(result.NetworkRequests, Is.Empty, "the report made a network request");
            Assert.That(result.Output, Does.Contain("<h2 id=\"judge\">Judged quality</h2>"));
            Assert.That(Regex.Matches(result.Output, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "no script element came from a reason");
            Assert.That(OnErrorAttribute().IsMatch(result.Output), Is.False, "no element has an onerror attribute");
            Assert.That(result.Output, Does.Contain("&lt;script&gt;alert('judge')&lt;/script&gt;"), "the reason is text");
            Assert.That(new FileInfo(screenshot).Length, Is.GreaterThan(10_000));
        });
        TestContext.AddTestAttachment(screenshot, "The fixture report with a judge at 1366×4000");
    }

    /// <summary>
    /// Measures the rendered page with a script added to a copy of it: a key figure's values wider than its card, a row
    /// of charts with an empty cell, two texts of a chart drawn over each other.
    /// </summary>
    private const string LayoutProbe = """
        <script>
        (function () {
          var problems = [];
          document.querySelectorAll('.figure').forEach(function (card) {
            var values = card.querySelector('.values');
            if (values.scrollWidth > values.clientWidth + 0.5 || values.getBoundingClientRect().right > card.getBoundingClientRect().right) {
              problems.push('the values of "' + card.querySelector('.label').textContent + '" overflow their card');
            }
          });
          var grid = document.querySelector('.charts');
          var columns = getComputedStyle(grid).gridTemplateColumns.split(' ').length;
          if (grid.children.length % columns !== 0) {
            problems.push(grid.children.length + ' charts in ' + columns + ' columns leave a row half empty');
          }
          document.querySelectorAll('figure.chart svg').forEach(function (svg) {
            var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
            texts.forEach(function (a, i) {
              texts.slice(i + 1).forEach(function (b) {
                var r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
                var w = Math.min(r.right, q.right) - Math.max(r.left, q.left), h = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
                if (w > 0.5 && h > 0.5) { problems.push(svg.querySelector('title').textContent + ': "' + a.textContent + '" overlaps "' + b.textContent + '"'); }
              });
            });
          });
          var out = document.createElement('pre');
          out.id = 'layout-probe';
          out.textContent = JSON.stringify(problems);
          document.body.appendChild(out);
        }());
        </script>
        """;

    [TestCase(1366)]
    [TestCase(1100)]
    public void Layout_ThreeChartsAndSixFigureMonthlyCost_CardsFitChartRowsFullNoTextOverlaps(int width)
    {
        var data = ReportFixtures.Create();
        var cost = data.Analysis.Cost!;
        data = data with
        {
            // No streaming: no time-to-first-token chart, three charts in all.
            Attempts = [.. data.Attempts.Select(a => a with { Record = a.Record with { TimeToFirstTokenMs = null } })],
            Analysis = data.Analysis with
            {
                Cost = cost with
                {
                    Baseline = cost.Baseline with { Monthly = new Estimate(510_750.5, new Interval(487_588, 531_754)) },
                    Candidate = cost.Candidate with { Monthly = new Estimate(621_450.25, new Interval(602_128, 639_908)) },
                },
            },
        };
        var written = new ReportSet([ReportRendering.Writer("report.html")]).WriteAll(ReportRendering.Single(data), Path.Combine(directory, "layout-" + width)).Single();
        Assert.That(written.Succeeded, Is.True);
        var probed = Path.Combine(directory, $"layout-{width}.html");
        File.WriteAllText(probed, File.ReadAllText(written.Path!).Replace("</body>", LayoutProbe + "</body>", StringComparison.Ordinal));

        var dom = HeadlessChromium.Open(probed, "--dump-dom", $"--window-size={width},3000").Output;

        var problems = LayoutProbeOutput().Match(dom);
        Assert.That(problems.Success, Is.True, "the probe ran");
        Assert.That(WebUtility.HtmlDecode(problems.Groups[1].Value), Is.EqualTo("[]"));
    }

    [TestCase(1366)]
    [TestCase(1100)]
    public void Layout_AdaptiveRun_SectionAndGateChartsRenderWithNoTextOverlaps(int width)
    {
        var written = new ReportSet([ReportRendering.Writer("report.html")]).WriteAll(ReportRendering.Single(ReportFixtures.WithAdaptive()), Path.Combine(directory, "adaptive-" + width)).Single();
        Assert.That(written.Succeeded, Is.True);
        var probed = Path.Combine(directory, $"adaptive-{width}.html");
        File.WriteAllText(probed, File.ReadAllText(written.Path!).Replace("</body>", LayoutProbe + "</body>", StringComparison.Ordinal));
        var screenshot = Path.Combine(directory, $"report-adaptive-{width}.png");

        var result = HeadlessChromium.Open(probed, "--dump-dom", $"--window-size={width},3000");
        HeadlessChromium.Open(written.Path!, "--screenshot=" + screenshot, $"--window-size={width},2400");

        var problems = LayoutProbeOutput().Match(result.Output);
        Assert.Multiple(() =>
        {
            Assert.That(result.NetworkRequests, Is.Empty, "the report made a network request");
            Assert.That(result.Output, Does.Contain("<h2 id=\"adaptive\">Adaptive sampling</h2>"));
            Assert.That(Regex.Matches(result.Output, "<svg viewBox"), Has.Count.EqualTo(6), "two gate charts and the four of the fixture");
            Assert.That(problems.Success, Is.True, "the probe ran");
            Assert.That(WebUtility.HtmlDecode(problems.Groups[1].Value), Is.EqualTo("[]"));
        });
        TestContext.AddTestAttachment(screenshot, $"The fixture report of an adaptive run at {width}×2400");
    }

    [Test]
    public void Trap_PageThatLoadsAFont_IsCaught()
    {
        var page = Path.Combine(directory, "cdn.html");
        File.WriteAllText(page, "<html><head><link rel=stylesheet href=\"https://fonts.googleapis.com/css?family=Inter\"></head><body>x</body></html>");

        var result = HeadlessChromium.Open(page, "--dump-dom");

        Assert.That(result.NetworkRequests, Has.Some.Contains("fonts.googleapis.com"), "the network trap sees what a page loads");
    }

    private string RunChromium(params string[] extra)
    {
        var result = HeadlessChromium.Open(reportPath, extra);
        Assert.That(result.NetworkRequests, Is.Empty, "the report made a network request");
        return result.Output;
    }

    [GeneratedRegex("<title>(.*?)</title>", RegexOptions.Singleline)]
    private static partial Regex TitleElement();

    [GeneratedRegex("<pre id=\"layout-probe\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex LayoutProbeOutput();

    [GeneratedRegex(@"<[^>]*\sonerror\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex OnErrorAttribute();
}
