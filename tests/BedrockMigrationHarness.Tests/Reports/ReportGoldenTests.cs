using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// Every report from the fixed fixture against its golden file, under the invariant culture, de-DE (decimal comma)
/// and sv-SE (U+2212 minus sign, non-breaking-space group separator): the output must not change.
/// </summary>
[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class ReportGoldenTests
{
    private static readonly string[] Files = ["report.html", "summary.json", "summary.md", "junit.xml", "attempts.csv"];

    private static IEnumerable<TestCaseData> FilesAndCultures() =>
        from file in Files
        from culture in new[] { "", "de-DE", "sv-SE" }
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

        // A comma between digits is a decimal comma unless exactly three digits follow it (our thousands separator).
        Assert.That(actual, Does.Not.Match(@"\d,(?!\d{3}(?!\d))\d").And.Not.Contain("\u2212"), "A number was formatted with the current culture.");
    }
}
