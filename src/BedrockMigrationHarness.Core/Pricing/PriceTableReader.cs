using System.Collections.Immutable;
using System.Globalization;
using BedrockMigrationHarness.Inputs;
using YamlDotNet.RepresentationModel;

namespace BedrockMigrationHarness.Pricing;

/// <summary>
/// Reads a price file (docs/lifecycle-and-cost.md): a top-level <c>extended_access_multiplier</c> and a <c>models:</c>
/// mapping of model id → prices. Every problem is reported with its line; nothing throws but for I/O handled here.
/// </summary>
internal static class PriceTableReader
{
    /// <summary>Upper bound of a price in US dollars per million tokens; the dearest models cost a few hundred.</summary>
    public const double MaxUsdPerMillion = 100_000;

    /// <summary>Upper bound of <c>extended_access_multiplier</c>.</summary>
    public const double MaxExtendedAccessMultiplier = 100;

    private static readonly ImmutableArray<string> TopKeys = ["extended_access_multiplier", "models"];

    private static readonly ImmutableArray<string> ModelKeys =
    [
        "input_per_million", "output_per_million", "cache_read_per_million", "cache_write_per_million",
        "batch_input_per_million", "batch_output_per_million", "as_of", "source", "verified", "extended_access_multiplier",
    ];

    /// <summary>Reads and validates the file; null after reporting its problems into <paramref name="problems"/>.</summary>
    public static PriceTable? Read(string fullPath, ProblemCollector problems)
    {
        var file = DisplayPath.For(fullPath);
        return InputFile.Read(fullPath, file, InputFileKind.PriceFile, null, problems) is { } text ? Parse(text, file, problems) : null;
    }

    /// <summary>Validates the text of the price file <paramref name="file"/>; null after reporting its problems into <paramref name="problems"/>.</summary>
    public static PriceTable? Parse(string text, string file, ProblemCollector problems)
    {
        var before = problems.HasProblems;
        if (SuiteYamlReader.Read(text, file, problems) is not { } root)
        {
            return null;
        }

        var reader = new YamlFieldReader(problems, file);
        reader.CheckKeys(root, string.Empty, TopKeys);
        var defaultMultiplier = Multiplier(reader, YamlFieldReader.Get(root, "extended_access_multiplier"), "extended_access_multiplier")
            ?? PriceTable.DefaultExtendedAccessMultiplier;
        var models = ImmutableSortedDictionary.CreateBuilder<string, ModelPrice>(StringComparer.Ordinal);
        var modelsNode = reader.Required(root, "models", string.Empty, "models: { \"amazon.nova-micro-v1:0\": { input_per_million: 0.035, ... } }");
        if (reader.Mapping(modelsNode, "models", "models must be a mapping of model ids to prices") is { } map)
        {
            foreach (var (key, value) in map.Children)
            {
                if (key is not YamlScalarNode { Value: { Length: > 0 } id })
                {
                    reader.Report(key, "models", "a model id must be plain text, e.g. \"amazon.nova-micro-v1:0\"");
                    continue;
                }

                if (Price(reader, value, $"models.{id}", defaultMultiplier) is { } price)
                {
                    models[id] = price;
                }
            }
        }

        return !before && problems.HasProblems ? null : new PriceTable(file, models.ToImmutable());
    }

    private static ModelPrice? Price(YamlFieldReader reader, YamlNode node, string field, double defaultMultiplier)
    {
        const string Example = "{ input_per_million: 3.00, output_per_million: 15.00, as_of: 2026-03-21, source: https://aws.amazon.com/bedrock/pricing/ }";
        if (reader.Mapping(node, field, $"a model's prices must be a mapping, e.g. {Example}") is not { } map)
        {
            return null;
        }

        reader.CheckKeys(map, field, ModelKeys);
        double? Usd(string key, bool required)
        {
            var value = required ? reader.Required(map, key, field, $"{key}: 3.00") : YamlFieldReader.Get(map, key);
            return reader.Number(value, YamlFieldReader.Join(field, key), v => v is >= 0 and <= MaxUsdPerMillion,
                string.Create(CultureInfo.InvariantCulture, $"{key} must be US dollars per million tokens, a number from 0 to {MaxUsdPerMillion}, e.g. {key}: 3.00"));
        }

        var input = Usd("input_per_million", required: true);
        var output = Usd("output_per_million", required: true);
        var cacheRead = Usd("cache_read_per_million", required: false);
        var cacheWrite = Usd("cache_write_per_million", required: false);
        var batchInput = Usd("batch_input_per_million", required: false);
        var batchOutput = Usd("batch_output_per_million", required: false);
        BatchPair(reader, map, field);
        var asOf = AsOf(reader, reader.Required(map, "as_of", field, "as_of: 2026-03-21"), YamlFieldReader.Join(field, "as_of"));
        var source = reader.Text(reader.Required(map, "source", field, "source: https://aws.amazon.com/bedrock/pricing/"),
            YamlFieldReader.Join(field, "source"), "source must say where the price comes from, e.g. a URL");
        var verified = reader.Bool(YamlFieldReader.Get(map, "verified"), YamlFieldReader.Join(field, "verified"),
            "verified must be true (checked against AWS's price list) or false") ?? false;
        var multiplier = Multiplier(reader, YamlFieldReader.Get(map, "extended_access_multiplier"), YamlFieldReader.Join(field, "extended_access_multiplier"))
            ?? defaultMultiplier;
        return input is { } i && output is { } o && asOf is { } d && !string.IsNullOrWhiteSpace(source)
            ? new ModelPrice(i, o, cacheRead, cacheWrite, d, source, verified, multiplier) { BatchInputPerMillion = batchInput, BatchOutputPerMillion = batchOutput }
            : null;
    }

    /// <summary>Batch prices come as a pair: a batch job is billed for both its input and its output tokens.</summary>
    private static void BatchPair(YamlFieldReader reader, YamlMappingNode map, string field)
    {
        var (given, missing) = (YamlFieldReader.Get(map, "batch_input_per_million"), YamlFieldReader.Get(map, "batch_output_per_million")) switch
        {
            (not null, null) => ("batch_input_per_million", "batch_output_per_million"),
            (null, not null) => ("batch_output_per_million", "batch_input_per_million"),
            _ => (null, null),
        };
        if (given is not null)
        {
            reader.Report(YamlFieldReader.Get(map, given)!, YamlFieldReader.Join(field, given),
                $"{given} needs {missing} beside it: batch prices are an input and an output price, e.g. batch_input_per_million: 1.50, batch_output_per_million: 7.50");
        }
    }

    private static double? Multiplier(YamlFieldReader reader, YamlNode? node, string field) =>
        reader.Number(node, field, v => v is >= 1 and <= MaxExtendedAccessMultiplier,
            string.Create(CultureInfo.InvariantCulture, $"extended_access_multiplier must be a number from 1 to {MaxExtendedAccessMultiplier}, e.g. extended_access_multiplier: 2"));

    private static DateOnly? AsOf(YamlFieldReader reader, YamlNode? node, string field)
    {
        const string Rule = "as_of must be the date the price was taken, as YYYY-MM-DD, e.g. as_of: 2026-03-21";
        if (reader.Text(node, field, Rule) is not { } text)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        reader.Report(node!, field, $"{Rule} (found `{text}`)");
        return null;
    }
}
