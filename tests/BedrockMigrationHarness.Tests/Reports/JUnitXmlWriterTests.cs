using System.Xml.Linq;
using System.Xml.Schema;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

[TestFixture]
public sealed class JUnitXmlWriterTests
{
    private static XDocument Junit() =>
        XDocument.Parse(ReportRendering.Render(ReportRendering.Writer("junit.xml"), ReportFixtures.Create()));

    [Test]
    public void Write_Fixture_ValidatesAgainstJUnitSchema()
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Golden.PathOf("junit-10.xsd"));
        var problems = new List<string>();

        Junit().Validate(schemas, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void Write_Fixture_GatesMapToFailureSkippedOrPass()
    {
        var gates = Junit().Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "gates");
        XElement Case(string name) => gates.Elements("testcase").Single(t => (string?)t.Attribute("name") == name);

        Assert.Multiple(() =>
        {
            Assert.That((string?)gates.Attribute("tests"), Is.EqualTo("9"));
            Assert.That((string?)gates.Attribute("failures"), Is.EqualTo("2"));
            Assert.That((string?)gates.Attribute("skipped"), Is.EqualTo("5"));
            Assert.That((string?)Case("format compliance floor").Element("failure")?.Attribute("message"), Does.StartWith("FAIL (blocking): ").And.Contain("81.8%"));
            Assert.That((string?)Case("output tokens increase").Element("skipped")?.Attribute("message"), Does.StartWith("WARNING (non-blocking FAIL)"));
            Assert.That((string?)Case("error rate").Element("skipped")?.Attribute("message"), Does.StartWith("INCONCLUSIVE (blocking)").And.Contain("about 25 samples per case"));
            Assert.That(Case("p50 latency increase").Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "system-out" }));
            Assert.That(Case("format compliance floor").Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "failure" }));
        });
    }

    [Test]
    public void Write_Fixture_CasesFailWithWhatRegressed()
    {
        var root = Junit().Root!;
        var cases = root.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "cases");
        var ticket = cases.Elements("testcase").Single(t => (string?)t.Attribute("name") == "ticket-priority");

        Assert.Multiple(() =>
        {
            Assert.That((string?)ticket.Attribute("classname"), Is.EqualTo("support-triage.cases"));
            Assert.That((string?)ticket.Element("failure")?.Attribute("message"), Does.Contain("format compliance 100.0% → 33.3%"));
            Assert.That((string?)cases.Attribute("tests"), Is.EqualTo("5"));
            // ticket-priority regressed; release-notes-summary, invoice-extract and order-status are worse: skipped with their counts.
            Assert.That((string?)cases.Attribute("failures"), Is.EqualTo("1"));
            Assert.That((string?)cases.Attribute("skipped"), Is.EqualTo("3"));
            Assert.That((string?)ticket.Element("failure")?.Attribute("message"), Does.StartWith("REGRESSED: "));
            Assert.That((string?)cases.Elements("testcase").Single(t => (string?)t.Attribute("name") == "invoice-extract").Element("skipped")?.Attribute("message"),
                Is.EqualTo("WORSE: format 3/3 → 2/2 · errors 0 → 1 (fewer passing answers, not significant on the case's own samples)"));
            // 9 gates, 5 cases and 1 request-compatibility finding; 2 blocking gates, 1 case and the finding fail.
            Assert.That((string?)root.Attribute("tests"), Is.EqualTo("15"));
            Assert.That((string?)root.Attribute("failures"), Is.EqualTo("4"));
        });
    }

    [Test]
    public void Write_CompatibilityFinding_IsAFailingTestCaseWithTheOverride()
    {
        var suite = Junit().Root!.Elements("testsuite").Single(s => (string?)s.Attribute("name") == "compatibility");
        var finding = suite.Elements("testcase").Single();

        Assert.Multiple(() =>
        {
            Assert.That((string?)finding.Attribute("name"), Is.EqualTo("candidate rejects temperature, top_p"));
            Assert.That((string?)finding.Element("failure")?.Attribute("message"), Does.StartWith("REJECTED: The candidate").And.Contain("candidate: { inference: { top_p: null } }"));
            Assert.That((string?)suite.Attribute("failures"), Is.EqualTo("1"));
        });
    }

    [Test]
    public void Write_ControlCharactersInRegressions_StillWritesValidXml()
    {
        var data = ReportFixtures.Create();
        var cases = data.Analysis.Cases.SetItem(0, data.Analysis.Cases[0] with { CaseId = "bell\u0007case", Regressions = ["answer had \u0000 and \uD800 in it"] });
        data = data with { Analysis = data.Analysis with { Cases = cases } };

        var xml = XDocument.Parse(ReportRendering.Render(ReportRendering.Writer("junit.xml"), data));

        Assert.That(xml.Descendants("testcase").Select(t => (string?)t.Attribute("name")), Does.Contain("bell\uFFFDcase"));
    }

    [TestCase("plain text", "plain text")]
    [TestCase("emoji \uD83D\uDE00 kept", "emoji \uD83D\uDE00 kept")]
    [TestCase("nul\u0000 vt\u000B", "nul\uFFFD vt\uFFFD")]
    public void XmlText_Clean_ReplacesOnlyWhatXmlCannotHold(string text, string expected) =>
        Assert.That(BedrockMigrationHarness.Reports.JUnit.XmlText.Clean(text), Is.EqualTo(expected));

    [Test]
    public void XmlText_Clean_LoneSurrogate_IsReplaced() =>
        Assert.That(BedrockMigrationHarness.Reports.JUnit.XmlText.Clean("lone " + '\uDC00' + " and " + '\uD800'), Is.EqualTo("lone \uFFFD and \uFFFD"));
}
