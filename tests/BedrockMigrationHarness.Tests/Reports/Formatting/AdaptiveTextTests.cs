using System.Collections.Immutable;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Reports.Formatting;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Reports.Formatting;

[TestFixture]
public sealed class AdaptiveTextTests
{
    [TestCase(0.979, "97.9%")]
    [TestCase(0.804, "80.4%")]
    [TestCase(0.95, "95.0%")]
    [TestCase(0.9979, "99.79%")]
    [TestCase(0.999986, "99.9986%")]
    [TestCase(0.5, "50.0%")]
    public void Level_TwoSidedLevel_ShowsItsComplementToTwoDigitsNeverOneHundred(double level, string expected) =>
        Assert.That(AdaptiveText.Level(level), Is.EqualTo(expected));

    [Test]
    public void Summary_EveryWayARunEnds_SaysItInOneLine()
    {
        var adaptive = ReportFixtures.WithAdaptive().Analysis.Adaptive!;
        var passed = adaptive.Looks[^1] with { Gates = [.. adaptive.Looks[^1].Gates.Select(g => g with { State = LookGateState.Pass })] };

        Assert.Multiple(() =>
        {
            Assert.That(AdaptiveText.Summary(adaptive), Is.EqualTo("stopped after 3 looks at 20 samples per case (decided: format compliance drop failed)"));
            Assert.That(AdaptiveText.Summary(adaptive with { Looks = adaptive.Looks.SetItem(2, passed) }),
                Is.EqualTo("stopped after 3 looks at 20 samples per case (decided: every blocking gate passed)"));
            Assert.That(AdaptiveText.Summary(adaptive with { Stop = LookStop.MaxCost, Looks = adaptive.Looks.SetItem(2, passed with { Gates = [passed.Gates[0] with { State = LookGateState.Undecided }, passed.Gates[1]] }) }),
                Is.EqualTo("stopped after 3 looks at 20 samples per case (the $5.00 cost cap; 1 blocking gate undecided)"));
            Assert.That(AdaptiveText.Summary(adaptive with { Stop = null, Looks = adaptive.Looks.RemoveAt(2) }),
                Is.EqualTo("interrupted after 2 looks, at 10 samples per case"));
            Assert.That(AdaptiveText.Summary(adaptive with { Stop = null, Looks = ImmutableArray<LookSummary>.Empty }),
                Is.EqualTo("interrupted before its first look"));
        });
    }

    [Test]
    public void After_EachStop_SaysWhatTheRunDidNext()
    {
        var settings = new AdaptiveSettings(100, 2.5, 0.9, SpendingFunction.OBrienFleming);
        var look = ReportFixtures.WithAdaptive().Analysis.Adaptive!.Looks[0];

        Assert.Multiple(() =>
        {
            Assert.That(AdaptiveText.After(look, settings), Is.EqualTo("went on to 10 per case"));
            Assert.That(AdaptiveText.After(look with { Stop = LookStop.MaxCost, NextSamplesPerCase = null }, settings), Is.EqualTo("stopped: $2.50 cost cap"));
            Assert.That(AdaptiveText.After(look with { Stop = null, Journaled = false }, settings), Is.EqualTo("interrupted (look taken for this report)"));
            Assert.That(AdaptiveText.Design(settings, "95%"), Does.StartWith("O'Brien–Fleming spending;").And.EndWith("at most 100 samples per case and $2.50"));
            Assert.That(AdaptiveSettings.SpendingName(SpendingFunction.OBrienFleming), Is.EqualTo("obrien_fleming"));
        });
    }
}
