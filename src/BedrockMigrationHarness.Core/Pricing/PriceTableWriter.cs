using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Pricing;

/// <summary>
/// Writes a price file that <see cref="PriceTableReader"/> reads back to the same prices: every model with every key it
/// has, numbers culture-invariant and exact (shortest round-trip), text double-quoted.
/// </summary>
internal static class PriceTableWriter
{
    /// <summary>The file's text: <paramref name="header"/> as comment lines, then the models in id order.</summary>
    public static string Write(IEnumerable<KeyValuePair<string, ModelPrice>> models, IEnumerable<string> header)
    {
        var text = new StringBuilder();
        foreach (var line in header)
        {
            text.Append("# ").Append(line).Append('\n');
        }

        text.Append('\n').Append("extended_access_multiplier: ").Append(Number(PriceTable.DefaultExtendedAccessMultiplier)).Append("\n\nmodels:\n");
        foreach (var (id, price) in models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            text.Append("  ").Append(Quoted(id)).Append(":\n");
            Field(text, "input_per_million", Number(price.InputPerMillion));
            Field(text, "output_per_million", Number(price.OutputPerMillion));
            if (price.CacheReadPerMillion is { } read)
            {
                Field(text, "cache_read_per_million", Number(read));
            }

            if (price.CacheWritePerMillion is { } write)
            {
                Field(text, "cache_write_per_million", Number(write));
            }

            if (price.BatchInputPerMillion is { } batchInput)
            {
                Field(text, "batch_input_per_million", Number(batchInput));
            }

            if (price.BatchOutputPerMillion is { } batchOutput)
            {
                Field(text, "batch_output_per_million", Number(batchOutput));
            }

            Field(text, "as_of", price.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Field(text, "source", Quoted(price.Source));
            Field(text, "verified", price.Verified ? "true" : "false");
            if (price.ExtendedAccessMultiplier != PriceTable.DefaultExtendedAccessMultiplier)
            {
                Field(text, "extended_access_multiplier", Number(price.ExtendedAccessMultiplier));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Field(StringBuilder text, string key, string value) => text.Append("    ").Append(key).Append(": ").Append(value).Append('\n');

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A YAML double-quoted scalar: backslash, quote and control characters escaped.</summary>
    private static string Quoted(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                < ' ' or '\u007f' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }
}
