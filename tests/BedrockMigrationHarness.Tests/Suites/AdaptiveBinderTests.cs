using BedrockMigrationHarness.Inputs;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>The suite's <c>adaptive:</c> as loaded, and every problem it can have, with its line and field.</summary>
public sealed class AdaptiveBinderTests
{
    // Lines 1-4; tests add their keys from line 5 on, and the one case follows.
    private const string Header = "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\nsamples: 5\n";
    private const string OneCase = "cases:\n  - id: one\n    prompt: hi\n";

    private static SuiteDefinition Load(string yaml)
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite(yaml);
        return SuiteLoader.Load(dir.SuitePath);
    }

    private static SuiteProblem[] Problems(string yaml)
    {
        using var dir = new SuiteDirectory();
        dir.WriteSuite(yaml);
        var ex = Assert.Throws<SuiteValidationException>(() => SuiteLoader.Load(dir.SuitePath))!;
        Assert.That(ex.Problems.Select(p => p.File), Has.All.EqualTo(dir.SuitePath));
        return [.. ex.Problems];
    }

    [Test]
    public void Load_AdaptiveWithEveryKey_BindsItsSettings()
    {
        var suite = Load(Header + "adaptive:\n  max_samples: 60\n  max_cost: 2.50\n  pass_confidence: 0.95\n  spending: obrien_fleming\n" + OneCase);

        Assert.That(suite.Adaptive, Is.EqualTo(new AdaptiveSettings(60, 2.5, 0.95, SpendingFunction.OBrienFleming)));
    }

    [Test]
    public void Load_AdaptiveWithSomeKeys_KeepsTheDefaultsOfTheOthers()
    {
        var suite = Load(Header + "adaptive: { spending: pocock, max_cost: 5 }\n" + OneCase);

        Assert.That(suite.Adaptive, Is.EqualTo(AdaptiveSettings.Default with { MaxCostUsd = 5 }));
    }

    [TestCase("adaptive: true\n", true)]
    [TestCase("adaptive: {}\n", true)]
    [TestCase("adaptive: false\n", false)]
    [TestCase("adaptive:\n", false)]
    [TestCase("", false)]
    public void Load_AdaptiveTrueFalseOrAbsent_IsEveryDefaultOrOff(string key, bool adaptive)
    {
        var suite = Load(Header + key + OneCase);

        Assert.That(suite.Adaptive, Is.EqualTo(adaptive ? AdaptiveSettings.Default : null));
    }

    [Test]
    public void Load_MaxSamplesEqualToSamples_IsAllowed()
    {
        var suite = Load(Header + "adaptive: { max_samples: 5 }\n" + OneCase);

        Assert.That(suite.Adaptive!.MaxSamples, Is.EqualTo(5));
    }

    private static IEnumerable<TestCaseData> BrokenBlocks()
    {
        static TestCaseData Case(string name, string yaml, int line, string field, string message) =>
            new TestCaseData(yaml, line, field, message).SetName($"Load_Adaptive{name}_ReportsItWithItsLine");

        yield return Case("UnknownKey", Header + "adaptive:\n  max_sample: 50\n" + OneCase,
            6, "adaptive.max_sample", "unknown key `max_sample` under `adaptive`; did you mean `max_samples`?");
        yield return Case("KeyMisspeltAtTheTopLevel", Header + "adaptiv: true\n" + OneCase,
            5, "adaptiv", "unknown key `adaptiv` at the top level; did you mean `adaptive`?");
        yield return Case("NotABoolean", Header + "adaptive: yes-please\n" + OneCase,
            5, "adaptive", "adaptive must be true (sample until decided, every default), false, or a mapping, e.g. adaptive: { max_samples: 100, max_cost: 5.00 } (found `yes-please`)");
        yield return Case("AList", Header + "adaptive: [100]\n" + OneCase,
            5, "adaptive", "adaptive must be true (sample until decided, every default), false, or a mapping, e.g. adaptive: { max_samples: 100, max_cost: 5.00 } (found a list)");
        yield return Case("MaxSamplesBelowSamples", Header + "adaptive:\n  max_samples: 4\n" + OneCase,
            6, "adaptive.max_samples", "max_samples (4) is below samples (5), the first round's samples per case: an adaptive run only adds samples; raise max_samples or lower samples");
        yield return Case("MaxSamplesAboveTenThousand", Header + "adaptive:\n  max_samples: 10001\n" + OneCase,
            6, "adaptive.max_samples", "max_samples (the most samples per case the run may reach) must be a whole number from 1 to 10000, e.g. max_samples: 100 (found `10001`)");
        yield return Case("MaxSamplesNotANumber", Header + "adaptive:\n  max_samples: lots\n" + OneCase,
            6, "adaptive.max_samples", "must be a whole number from 1 to 10000, e.g. max_samples: 100 (found `lots`)");
        yield return Case("DefaultMaxSamplesBelowSamples", "name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\nsamples: 150\nadaptive: true\n" + OneCase,
            5, "adaptive", "samples (150) is above the default max_samples (100), the most samples per case an adaptive run reaches; add max_samples of at least 150, e.g. adaptive: { max_samples: 300 }, or lower samples");
        yield return Case("MaxCostZero", Header + "adaptive:\n  max_cost: 0\n" + OneCase,
            6, "adaptive.max_cost", "max_cost (the most the whole run may spend, models and judge) must be an amount of US dollars > 0, e.g. max_cost: 5.00 (found `0`)");
        yield return Case("MaxCostNegative", Header + "adaptive:\n  max_cost: -3\n" + OneCase,
            6, "adaptive.max_cost", "must be an amount of US dollars > 0, e.g. max_cost: 5.00 (found `-3`)");
        yield return Case("MaxCostWithADollarSign", Header + "adaptive:\n  max_cost: $5\n" + OneCase,
            6, "adaptive.max_cost", "must be an amount of US dollars > 0, e.g. max_cost: 5.00 (found `$5`)");
        yield return Case("PassConfidenceOne", Header + "adaptive:\n  pass_confidence: 1\n" + OneCase,
            6, "adaptive.pass_confidence", "pass_confidence (the one-sided confidence a PASS must reach) must be a number between 0.5 and 1, exclusive, e.g. pass_confidence: 0.90 (found `1`)");
        yield return Case("PassConfidenceOneHalf", Header + "adaptive:\n  pass_confidence: 0.5\n" + OneCase,
            6, "adaptive.pass_confidence", "between 0.5 and 1, exclusive, e.g. pass_confidence: 0.90 (found `0.5`)");
        yield return Case("PassConfidenceAsAPercent", Header + "adaptive:\n  pass_confidence: 90\n" + OneCase,
            6, "adaptive.pass_confidence", "between 0.5 and 1, exclusive, e.g. pass_confidence: 0.90 (found `90`)");
        yield return Case("SpendingMisspelt", Header + "adaptive:\n  spending: obrien-fleming\n" + OneCase,
            6, "adaptive.spending", "spending must be `pocock` (the error spent about evenly over the looks, so early looks can stop; the default) "
                                    + "or `obrien_fleming` (almost nothing spent early, for runs that should rarely stop early) (found `obrien-fleming`; did you mean `obrien_fleming`?)");
        yield return Case("SpendingUnknown", Header + "adaptive:\n  spending: bayesian\n" + OneCase,
            6, "adaptive.spending", "or `obrien_fleming` (almost nothing spent early, for runs that should rarely stop early) (found `bayesian`)");
        yield return Case("SpendingAList", Header + "adaptive:\n  spending: [pocock]\n" + OneCase,
            6, "adaptive.spending", "(found a list)");
    }

    [TestCaseSource(nameof(BrokenBlocks))]
    public void Load_BrokenAdaptive_ReportsExactlyTheProblemWithItsLineAndField(string yaml, int line, string field, string message)
    {
        var problems = Problems(yaml);

        Assert.That(problems.Select(p => (p.Line, p.Field)), Is.EqualTo(new (int?, string?)[] { (line, field) }), () => string.Join("\n", problems));
        Assert.That(problems[0].Message, Does.Contain(message));
    }

    [Test]
    public void Load_EveryKeyWrong_ReportsThemAllAtOnceByLine()
    {
        var problems = Problems(Header + "adaptive:\n  max_samples: 0\n  max_cost: free\n  pass_confidence: 2\n  spending: fast\n  looks: 3\n" + OneCase);

        Assert.That(problems.Select(p => (p.Line, p.Field)), Is.EqualTo(new (int?, string?)[]
        {
            (6, "adaptive.max_samples"),
            (7, "adaptive.max_cost"),
            (8, "adaptive.pass_confidence"),
            (9, "adaptive.spending"),
            (10, "adaptive.looks"),
        }));
    }

    [Test]
    public void Load_SamplesWrongAndAdaptive_ReportsOnlyTheSamples()
    {
        // The cap is compared with a samples value that was read: a wrong one is its own problem, not also the cap's.
        var problems = Problems("name: t\nbaseline: a.model-v1:0\ncandidate: b.model-v1:0\nsamples: many\nadaptive: { max_samples: 3 }\n" + OneCase);

        Assert.That(problems.Select(p => (p.Line, p.Field)), Is.EqualTo(new (int?, string?)[] { (4, "samples") }));
    }

    [TestCase(SpendingFunction.Pocock, "pocock")]
    [TestCase(SpendingFunction.OBrienFleming, "obrien_fleming")]
    public void SpendingName_EveryFunction_IsHowTheSuiteWritesIt(SpendingFunction spending, string name) =>
        Assert.That(AdaptiveBinder.SpendingName(spending), Is.EqualTo(name));
}
