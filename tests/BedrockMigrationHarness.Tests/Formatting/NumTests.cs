using BedrockMigrationHarness.Formatting;
using BedrockMigrationHarness.Tests.Reports;

namespace BedrockMigrationHarness.Tests.Formatting;

[TestFixture]
[NonParallelizable] // Sets CultureInfo.CurrentCulture.
public sealed class NumTests
{
    [TestCase(0.054, "+0.05")]
    [TestCase(-0.125, "-0.12")]
    [TestCase(-0.004, "0.00")]
    [TestCase(0.0, "0.00")]
    [TestCase(null, "n/a")]
    public void SignedScore_UnderSwedishCulture_IsInvariantWithoutNegativeZero(double? difference, string expected)
    {
        using var scope = new CultureScope("sv-SE");

        Assert.That(Num.SignedScore(difference), Is.EqualTo(expected));
    }
}
