using BedrockMigrationHarness.Tests.Support;
using NUnit.Framework;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>Every report from the fixed fixture, under two cultures, against its golden file.</summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class ReportGoldenTests
{
    private static readonly string[] Files = ["report.html", "summary.json", "summary.md", "junit.xml", "attempts.csv"];

    private static IEnumerable<TestCaseData> FilesAndCultures() =>
        from file in Files
        from culture in new[] { "", "de-DE" }
        select new TestCaseData(file, culture).SetName($"Write_{file.Replace('.', '_')}_{(culture.Length == 0 ? "Invariant" : culture)}_MatchesGolden");

    [TestCaseSource(nameof(FilesAndCultures))]
    public void Write_Fixture_MatchesGoldenFile(string fileName, string culture)
    {
        if (Golden.Updating && culture.Length > 0)
        {
            Assert.Ignore("Golden files are rewritten from the invariant-culture run only.");
        }

        string actual;
        using (new CultureScope(culture))
        {
            actual = ReportRendering.Render(ReportRendering.Writer(fileName), ReportFixtures.Create());
        }

        Golden.Verify(fileName, actual);
    }

    [TestCase("report.html")]
    [TestCase("summary.json")]
    [TestCase("summary.md")]
    [TestCase("junit.xml")]
    public void Write_UnderGermanCulture_HasNoDecimalComma(string fileName)
    {
        string actual;
        using (new CultureScope("de-DE"))
        {
            actual = ReportRendering.Render(ReportRendering.Writer(fileName), ReportFixtures.Create());
        }

        Assert.That(actual, Does.Not.Match(@"\d,\d"), "A number was formatted with the current culture.");
    }
}
