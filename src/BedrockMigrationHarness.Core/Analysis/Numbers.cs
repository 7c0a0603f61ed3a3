using System.Globalization;

namespace BedrockMigrationHarness.Analysis;

/// <summary>Culture-invariant number wording for explanations and reasons.</summary>
internal static class Numbers
{
    /// <summary>0.973 → "97.3%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>0.25 → "+25%", −0.031 → "-3%".</summary>
    public static string SignedPercent(double fraction) => Signed(fraction * 100, "0") + "%";

    /// <summary>A difference of rates in points: −0.03 → "-3.0".</summary>
    public static string SignedPoints(double difference) => Signed(difference * 100, "0.0");

    /// <summary>A rate difference limit in points: 0.01 → "1.0".</summary>
    public static string Points(double difference) => (difference * 100).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>"95%" for 0.95.</summary>
    public static string Level(double confidenceLevel) => (confidenceLevel * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A p-value for people: "p = 0.125", and "p &lt; 0.001" below that (never "p = 0").</summary>
    public static string PValue(double p) => p < 0.001 ? "p < 0.001" : "p = " + Decimal(p, "0.###");

    public static string Decimal(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Signed(double value, string format)
    {
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        // Rounded to zero prints without a sign (no "-0").
        return double.Parse(text, CultureInfo.InvariantCulture) switch
        {
            > 0 => "+" + text,
            0 => "0" + (format.Contains('.', StringComparison.Ordinal) ? ".0" : string.Empty),
            _ => text,
        };
    }
}
