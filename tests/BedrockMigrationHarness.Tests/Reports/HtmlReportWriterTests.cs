using System.Collections.Immutable;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Tests.Support;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed partial class HtmlReportWriterTests
{
    private static string Html(BedrockMigrationHarness.Analysis.ReportData? data = null) =>
        ReportRendering.Render(ReportRendering.Writer("report.html"), data ?? ReportFixtures.Create());

    [Test]
    public void Write_InjectedAnswer_IsInertText()
    {
        var html = Html();
        var text = Regex.Replace(html, "</?(?:ins|del)>", ""); // the word diff splits the answer into marked runs

        Assert.Multiple(() =>
        {
            Assert.That(Regex.Matches(html, "<script", RegexOptions.IgnoreCase), Has.Count.EqualTo(1), "only the report's own script");
            Assert.That(html, Does.Not.Contain("<script>alert").IgnoreCase);
            Assert.That(html, Does.Not.Contain("<script>document").IgnoreCase);
            Assert.That(html, Does.Not.Contain("</textarea>").IgnoreCase);
            Assert.That(html, Does.Not.Contain("<img").IgnoreCase);
            Assert.That(html, Does.Not.Contain("href=\"javascript:").IgnoreCase);
            Assert.That(OnErrorAttribute().IsMatch(html), Is.False, "an onerror attribute outside text");
            Assert.That(text, Does.Contain("&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;"));
            Assert.That(text, Does.Contain("&lt;/textarea&gt;"));
            Assert.That(text, Does.Contain("&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"));
            Assert.That(text, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"));
        });
    }

    [Test]
    public void Write_Fixture_ShowsFindingsAndRequestDifferencesBeforeTheKeyFigures()
    {
        var html = Html();
        var figures = html.IndexOf("<section class=\"figures\"", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(html.IndexOf("<h2>Request-compatibility findings</h2>", StringComparison.Ordinal), Is.InRange(0, figures));
            Assert.That(html.IndexOf("<h2>What differs between the arms&#39; requests</h2>", StringComparison.Ordinal), Is.InRange(0, figures));
            Assert.That(html, Does.Contain("<code class=\"override\">candidate: { inference: { top_p: null } }</code>"));
            Assert.That(html, Does.Contain("<li>in 2 of 5 cases (ticket-priority, invoice-extract): candidate: structured_output on (schema answer) (baseline: not sent)</li>"));
        });
    }

    [Test]
    public void Write_ToolCalls_ShowsBothArmsChoicesArgumentDiffAndAgreement()
    {
        var html = Html();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<p class=\"agreement\">Tool chosen: the same in 2 of 3 samples (baseline: lookup_order &#215;3; candidate: lookup_order &#215;2, issue_refund &#215;1).</p>"));
            Assert.That(html, Does.Contain("<code class=\"tool-name\">issue_refund</code><pre class=\"args\">{&quot;order_id&quot;: &quot;A-1001&quot;, &quot;reason&quot;: &quot;&lt;b&gt;late&lt;/b&gt;&quot;}</pre>"));
            Assert.That(html, Does.Contain("Different tool chosen: baseline lookup_order, candidate issue_refund."));
            Assert.That(html, Does.Contain("Same tool chosen (lookup_order); 1 argument field differs:"));
            Assert.That(html, Does.Contain("<td class=\"mono\">/include_items</td><td class=\"ch-added\">added</td>"));
        });
    }

    [Test]
    public void Write_ConversationCase_ShowsEveryTurnWithItsRole()
    {
        Assert.That(Html(), Does.Contain("<div class=\"prompt\">user: Hi, I ordered a kettle last week.\nassistant: Sorry to hear it has not arrived. What is the order number?\nuser: It is A-1001. Where is it?</div>"));
    }

    [Test]
    public void Write_Reasoning_IsCollapsedApartFromTheAnswer()
    {
        var html = Html();
        const string Reasoning = "The customer asks where order A-1001 is. I should call lookup_order with its id.";

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<details class=\"reasoning\"><summary>Reasoning (80 characters), apart from the answer; Bedrock bills it as output tokens</summary><pre class=\"text\">" + Reasoning + "</pre></details>"));
            Assert.That(Regex.Matches(html, Regex.Escape("order A-1001 is.")), Has.Count.EqualTo(1), "the reasoning is not in the answer's text");
        });
    }

    [Test]
    public void Write_KeyFigureWithoutItsGate_SaysNoGateInWords()
    {
        var data = ReportFixtures.Create();
        var gates = data.Analysis.Gates.Where(g => g.Spec.Kind != BedrockMigrationHarness.Suites.GateKind.ErrorRate).ToImmutableArray();
        var html = Html(data with { Analysis = data.Analysis with { Gates = gates } });

        var card = Regex.Match(html, "<div class=\"label\">Error rate</div>.*?</div>\\s*</div>", RegexOptions.Singleline).Value;
        Assert.That(card, Does.Contain("<span class=\"state small st-none\">no gate</span>"));
        Assert.That(html, Does.Contain(".st-none::before"), "a non-colour mark beside the words, like the other states' marks");
    }

    [Test]
    public void Write_InjectedValidationMessage_IsInertText()
    {
        var data = ReportFixtures.Create();
        var finding = data.Analysis.Compatibility[0] with { Message = "<script>alert('x')</script> `top_p`" };
        var html = Html(data with { Analysis = data.Analysis with { Compatibility = [finding] } });

        Assert.That(html, Does.Contain("ValidationException: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; `top_p`").And.Not.Contain("<script>alert"));
    }

    [Test]
    public void Write_Fixture_LoadsNothingFromOutside()
    {
        var html = Html();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"));
            Assert.That(ExternalReference().IsMatch(html), Is.False, "a src/href/url() that leaves the file");
            Assert.That(html, Does.Contain(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"));
        });
    }

    [Test]
    public void Write_Fixture_ShowsVerdictReasonsGatesAndCharts()
    {
        var html = Html();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<div class=\"word\" id=\"verdict\">NO-GO</div>"));
            Assert.That(html, Does.Contain("anthropic.claude-3-5-haiku-20241022-v1:0"));
            Assert.That(html, Does.Contain("Compliance dropped 18.2 points against the baseline"));
            Assert.That(html, Does.Contain("st-pass\">PASS<").And.Contain("st-fail\">FAIL<").And.Contain("st-inconclusive\">INCONCLUSIVE<"));
            Assert.That(html, Does.Contain("About 40 samples per case would decide it."));
            Assert.That(Regex.Matches(html, "<svg viewBox"), Has.Count.EqualTo(4), "latency CDF, TTFT CDF, token histogram, deviation bars");
            Assert.That(html, Does.Contain("<title id=\"chart-latency-title\">"));
            Assert.That(html, Does.Contain("<details class=\"case\" id=\"case-1\" open>"), "regressed cases start open");
            Assert.That(html, Does.Contain("<details class=\"case\" id=\"case-2\" open>"), "worse cases start open too");
            Assert.That(html, Does.Contain("<details class=\"case\" id=\"case-5\">"), "unchanged cases start closed");
            Assert.That(html, Does.Contain("<span class=\"flag worse\">WORSE</span><span class=\"mono\">release-notes-summary</span> &mdash; format 3/3 → 3/3 &#183; correctness 3/3 → 2/3"));
            Assert.That(html, Does.Not.Contain("no regression"));
            Assert.That(html, Does.Contain("<div class=\"label\">Format compliance</div>").And.Contain("<div class=\"label\">Correctness</div>"),
                "format and correctness are two key figures on the first screen");
            Assert.That(html, Does.Contain("class=\"ch-added\">added<"), "field-level JSON diff");
            Assert.That(html, Does.Contain("schema: #/priority: value is not one of the enum values"));
            Assert.That(html, Does.Contain("ThrottlingException").And.Contain("clientTimeout"));
            Assert.That(html, Does.Not.Contain("INCOMPLETE"));
        });
    }

    [Test]
    public void Write_InterruptedRun_SaysIncomplete()
    {
        var data = ReportFixtures.Create();
        data = data with { Analysis = data.Analysis with { Run = data.Analysis.Run with { Status = RunStatus.Interrupted, StatusMessage = "stopped by Ctrl+C" } } };

        var html = Html(data);

        Assert.That(html, Does.Contain("This run is INCOMPLETE: interrupted (stopped by Ctrl+C). The verdict rests only on the attempts that finished."));
    }

    [Test]
    public void Write_AbortedRunWithoutAnswers_StillRenders()
    {
        var data = ReportFixtures.Create();
        data = data with
        {
            Attempts = [],
            Analysis = data.Analysis with
            {
                Run = data.Analysis.Run with { Status = RunStatus.Aborted, StatusMessage = "The provided model identifier is invalid.", EndedAt = null },
                Cases = [],
                Verdict = data.Analysis.Verdict with { Verdict = BedrockMigrationHarness.Analysis.Verdict.Inconclusive },
            },
        };

        var html = Html(data);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"verdict\">INCONCLUSIVE</div>"));
            Assert.That(html, Does.Contain("INCOMPLETE: aborted (The provided model identifier is invalid.)"));
            Assert.That(Regex.Matches(html, "<svg viewBox"), Has.Count.EqualTo(1), "only the deviation chart, from the arm summaries");
            Assert.That(html, Does.EndWith("</html>\n"));
        });
    }

    [Test]
    public void Write_LargeRun_BoundsAnswersAndSaysSo()
    {
        var data = ReportFixtures.Large(cases: 2_000, samples: 10);

        var html = Html(data);

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.EndWith("</html>\n"), "the page is whole");
            Assert.That(html.Length, Is.LessThan(15_000_000), "a 2,000 × 10 run must stay well under 15 MB");
            Assert.That(html, Does.Contain("Answers for 500 of 2000 cases are shown"));
            Assert.That(html, Does.Contain("Every attempt is in attempts.csv."));
            Assert.That(Regex.Matches(html, "<details class=\"case\""), Has.Count.EqualTo(500));
            Assert.That(html, Does.Contain("3 of 10 samples shown"));
            Assert.That(Regex.Matches(html, "<details class=\"case\" id=\"case-\\d+\" open>"), Has.Count.EqualTo(20), "only the worst regressions start open");
        });
        TestContext.Out.WriteLine($"report.html for 2,000 cases × 10 samples: {html.Length / 1_000_000.0:0.0} MB");
    }

    [GeneratedRegex(@"<[^>]*\sonerror\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex OnErrorAttribute();

    [GeneratedRegex(@"(?:src|href|xlink:href|action)\s*=\s*[""']?\s*(?:[a-z]+:|//)|url\(\s*[""']?\s*(?:[a-z]+:|//)|@import", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
