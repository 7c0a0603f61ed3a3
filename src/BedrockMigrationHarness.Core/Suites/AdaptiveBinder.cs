using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Binds the suite's <c>adaptive:</c> (docs/suite-format.md, "Adaptive sampling"): <c>true</c> for every default, <c>false</c>
/// for none (a fixed-size run, as without the key), or a mapping of <c>max_samples</c>, <c>max_cost</c>,
/// <c>pass_confidence</c> and <c>spending</c> over <see cref="AdaptiveSettings.Default"/>.
/// </summary>
internal sealed class AdaptiveBinder(YamlFieldReader reader)
{
    /// <summary>The suite key, and the field every problem of the block starts with.</summary>
    public const string Key = "adaptive";

    private const string Example = "adaptive: { max_samples: 100, max_cost: 5.00 }";

    private static readonly ImmutableArray<string> Keys = ["max_samples", "max_cost", "pass_confidence", "spending"];

    /// <summary>The names <c>spending:</c> takes, and the function each names.</summary>
    private static readonly ImmutableArray<(string Name, SpendingFunction Function)> Spendings =
    [
        ("pocock", SpendingFunction.Pocock),
        ("obrien_fleming", SpendingFunction.OBrienFleming),
    ];

    /// <summary>
    /// The settings of <paramref name="node"/>, or null when it is absent, <c>false</c>, or wrong (then reported).
    /// <paramref name="samples"/> is the suite's <c>samples</c> (round 1), or null when it was itself wrong: <c>max_samples</c>
    /// must not be below it.
    /// </summary>
    public AdaptiveSettings? Bind(YamlNode? node, int? samples)
    {
        const string Rule = $"adaptive must be true (sample until decided, every default), false, or a mapping, e.g. {Example}";
        if (node is YamlScalarNode)
        {
            return reader.Bool(node, Key, Rule) is true ? Checked(AdaptiveSettings.Default, node, samples, given: false) : null;
        }

        if (reader.Mapping(node, Key, Rule) is not { } map)
        {
            return null;
        }

        var before = reader.Problems.Count;
        reader.CheckKeys(map, Key, Keys);
        var defaults = AdaptiveSettings.Default;
        var maxSamplesNode = YamlFieldReader.Get(map, "max_samples");
        var maxSamples = reader.Whole(maxSamplesNode, Field("max_samples"), 1, SuiteOptionsBinder.MaxSamples,
            $"max_samples (the most samples per case the run may reach) must be a whole number from 1 to {SuiteOptionsBinder.MaxSamples}, e.g. max_samples: 100");
        var maxCost = reader.Number(YamlFieldReader.Get(map, "max_cost"), Field("max_cost"), v => v > 0,
            "max_cost (the most the whole run may spend, models and judge) must be an amount of US dollars > 0, e.g. max_cost: 5.00");
        var passConfidence = reader.Number(YamlFieldReader.Get(map, "pass_confidence"), Field("pass_confidence"), v => v is > 0.5 and < 1,
            "pass_confidence (the one-sided confidence a PASS must reach) must be a number between 0.5 and 1, exclusive, e.g. pass_confidence: 0.90");
        var spending = Spending(YamlFieldReader.Get(map, "spending"));
        var settings = new AdaptiveSettings((int?)maxSamples ?? defaults.MaxSamples, maxCost, passConfidence ?? defaults.PassConfidence,
            spending ?? defaults.Spending);
        return reader.Problems.Count != before ? null : Checked(settings, maxSamplesNode ?? map, samples, given: maxSamplesNode is not null);
    }

    /// <summary>How <c>spending:</c> writes <paramref name="spending"/>, for messages that quote the suite key.</summary>
    public static string SpendingName(SpendingFunction spending) => Spendings.First(s => s.Function == spending).Name;

    private static string Field(string key) => YamlFieldReader.Join(Key, key);

    /// <summary><paramref name="settings"/>, or null after reporting a cap below the first round's samples per case.</summary>
    private AdaptiveSettings? Checked(AdaptiveSettings settings, YamlNode at, int? samples, bool given)
    {
        if (samples is not { } first || settings.MaxSamples >= first)
        {
            return settings;
        }

        var message = given
            ? string.Create(CultureInfo.InvariantCulture,
                $"max_samples ({settings.MaxSamples}) is below samples ({first}), the first round's samples per case: an adaptive run only adds samples; raise max_samples or lower samples")
            : string.Create(CultureInfo.InvariantCulture,
                $"samples ({first}) is above the default max_samples ({settings.MaxSamples}), the most samples per case an adaptive run reaches; add max_samples of at least {first}, e.g. adaptive: {{ max_samples: {Math.Min(2 * first, SuiteOptionsBinder.MaxSamples)} }}, or lower samples");
        reader.Report(at, given ? Field("max_samples") : Key, message);
        return null;
    }

    private SpendingFunction? Spending(YamlNode? node)
    {
        const string Rule = "spending must be `pocock` (the error spent about evenly over the looks, so early looks can stop; the default) "
                            + "or `obrien_fleming` (almost nothing spent early, for runs that should rarely stop early)";
        var field = Field("spending");
        if (reader.Text(node, field, Rule) is not { } name)
        {
            return null;
        }

        foreach (var (known, function) in Spendings)
        {
            if (string.Equals(name, known, StringComparison.Ordinal))
            {
                return function;
            }
        }

        var suggestion = KeySuggester.Suggest(name, Spendings.Select(s => s.Name));
        reader.Report(node!, field, $"{Rule} (found `{name}`" + (suggestion is null ? ")" : $"; did you mean `{suggestion}`?)"));
        return null;
    }
}
