using BedrockMigrationHarness.Analysis.Statistics;

namespace BedrockMigrationHarness.Tests.Analysis.Statistics;

internal sealed class MultipleTestingTests
{
    [Test]
    public void BenjaminiHochberg_StepUp_RejectsUpToTheLargestRankUnderItsLine()
    {
        // Lines at q = 0.05, m = 5: 0.01, 0.02, 0.03, 0.04, 0.05. The third p (0.029 ≤ 0.03) sits under its line, so
        // the first three are discoveries although 0.021 is above the second line (0.02): that is the step-up.
        bool[] rejected = MultipleTesting.BenjaminiHochberg([0.6, 0.021, 0.001, 0.029, 0.2], 0.05);
        Assert.That(rejected, Is.EqualTo(new[] { false, true, true, true, false }));
    }

    [Test]
    public void BenjaminiHochberg_NothingUnderTheLines_RejectsNothing() =>
        Assert.That(MultipleTesting.BenjaminiHochberg([0.02, 0.04, 0.9], 0.05), Is.All.False);
}
