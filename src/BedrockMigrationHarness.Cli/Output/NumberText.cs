using System.Globalization;
using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Cli.Output;

/// <summary>Culture-invariant formatting of gate values by unit, for the terminal.</summary>
internal static class NumberText
{
    public static string Value(double? value, string unit) => value is not { } v ? "–" : unit switch
    {
        "rate" => string.Create(CultureInfo.InvariantCulture, $"{v * 100:0.0}%"),
        "ms" => string.Create(CultureInfo.InvariantCulture, $"{v:0} ms"),
        "usd" => string.Create(CultureInfo.InvariantCulture, $"${v:0.00}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{v:0.#}"),
    };

    /// <summary>Rates differ in points; everything else relative (a fraction shown as a percentage).</summary>
    public static string Delta(double? delta, string unit) => delta is not { } d ? "–" : unit == "rate"
        ? string.Create(CultureInfo.InvariantCulture, $"{d * 100:+0.0;-0.0;0.0} pt")
        : string.Create(CultureInfo.InvariantCulture, $"{d * 100:+0.0;-0.0;0.0}%");

    public static string Interval(Interval? interval, string unit) => interval is null
        ? "–"
        : $"[{Delta(interval.Lower, unit)}, {Delta(interval.Upper, unit)}]";
}
