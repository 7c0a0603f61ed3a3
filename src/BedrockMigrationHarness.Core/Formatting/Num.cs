using System.Globalization;

namespace BedrockMigrationHarness.Formatting;

/// <summary>
/// Every number the harness shows — in the analysis' reasons, the reports and the console — formatted
/// culture-invariant (a verdict must read the same on every machine). Group separators only in counts and dollar
/// amounts ("2,000,000", "$6,214.50"), which never carry a decimal comma.
/// </summary>
public static class Num
{
    /// <summary>Shown where a value is missing.</summary>
    public const string Missing = "n/a";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>0.975 → "97.5%".</summary>
    public static string Percent(double? rate) =>
        rate is { } r ? (r * 100).ToString("0.0", Invariant) + "%" : Missing;

    /// <summary>Milliseconds: "1234 ms" from 100 ms up, "12.5 ms" below.</summary>
    public static string Ms(double? ms) => ms is { } v ? Plain(v) + " ms" : Missing;

    /// <summary>A count or mean of tokens: "412" or "412.5".</summary>
    public static string Tokens(double? tokens) => tokens is { } t ? t.ToString("0.#", Invariant) : Missing;

    /// <summary>US dollars: "$12.34"; below a dollar up to four decimals, so cheap models do not read "$0.00": "$0.0281".</summary>
    public static string Usd(double? usd) =>
        usd is { } v ? (v < 0 ? "-$" : "$") + Math.Abs(v).ToString(Math.Abs(v) >= 1 ? "#,0.00" : "0.00##", Invariant) : Missing;

    /// <summary>A signed amount of US dollars: "+$52.04", "-$3.10", "$0.00".</summary>
    public static string SignedUsd(double? usd) => usd is > 0 ? "+" + Usd(usd) : Usd(usd);

    /// <summary>A relative change: 0.25 → "+25.0%", -0.031 → "-3.1%".</summary>
    public static string SignedPercent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("+0.0;-0.0;0.0", Invariant) + "%" : Missing;

    /// <summary>A difference of two rates in percentage points: -0.667 → "-66.7 pts".</summary>
    public static string SignedPoints(double? difference) =>
        difference is { } d ? (d * 100).ToString("+0.0;-0.0;0.0", Invariant) + " pts" : Missing;

    /// <summary>A similarity or other 0..1 score: "0.87".</summary>
    public static string Score(double? value) => value is { } v ? v.ToString("0.00", Invariant) : Missing;

    /// <summary>A difference of two 0..1 scores: "+0.05", "-0.12", "0.00" (never "-0.00").</summary>
    public static string SignedScore(double? difference) =>
        difference is { } d ? Math.Round(d, 2) is var r && r == 0 ? "0.00" : r.ToString("+0.00;-0.00", Invariant) : Missing;

    /// <summary>An integer, invariant.</summary>
    public static string Int(int value) => value.ToString(Invariant);

    /// <summary>An integer, invariant.</summary>
    public static string Int(long value) => value.ToString(Invariant);

    /// <summary>A large count for people to read, with thousands separators: 2000000 → "2,000,000".</summary>
    public static string Count(long value) => value.ToString("#,0", Invariant);

    /// <summary>A count with its noun: <c>1 record</c>, <c>2,000 records</c>.</summary>
    public static string Count(long value, string one, string many) => $"{Count(value)} {(value == 1 ? one : many)}";

    /// <summary>A plain magnitude: no decimals from 100 up, one decimal below.</summary>
    public static string Plain(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "0" : "0.#", Invariant);

    /// <summary>A machine-readable value for sorting and attributes ("" when missing).</summary>
    public static string Raw(double? value) => value is { } v ? v.ToString("R", Invariant) : "";

    /// <summary>An SVG coordinate: at most one decimal.</summary>
    public static string Coord(double value) => Math.Round(value, 1).ToString("0.#", Invariant);

    /// <summary>Seconds for JUnit <c>time</c> attributes: "1.234".</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.000", Invariant);

    /// <summary>A UTC timestamp for people: "2026-11-20 09:15 UTC".</summary>
    public static string Utc(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy'-'MM'-'dd' 'HH':'mm' UTC'", Invariant);

    /// <summary>A UTC calendar date for people: "2026-12-01".</summary>
    public static string Date(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy'-'MM'-'dd", Invariant);

    /// <summary>A calendar date: "2026-12-01".</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy'-'MM'-'dd", Invariant);

    /// <summary>A UTC timestamp for machines: ISO 8601 with offset zero.</summary>
    public static string Iso(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", Invariant);

    /// <summary>A duration for people: "1 h 02 min", "4 min 05 s", "12 s".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span.TotalHours >= 1)
        {
            return string.Create(Invariant, $"{(int)span.TotalHours} h {span.Minutes:00} min");
        }

        return span.TotalMinutes >= 1
            ? string.Create(Invariant, $"{(int)span.TotalMinutes} min {span.Seconds:00} s")
            : string.Create(Invariant, $"{(int)Math.Round(span.TotalSeconds)} s");
    }

    /// <summary>A relative change rounded to whole percent, for sentences: 0.25 → "+25%", -0.004 → "0%" (never "-0%").</summary>
    public static string SignedWholePercent(double fraction) => Signed(fraction * 100, "0") + "%";

    /// <summary>A difference of two rates as a bare number of points, for sentences: -0.029 → "-2.9", 0 → "0.0".</summary>
    public static string SignedPointValue(double difference) => Signed(difference * 100, "0.0");

    /// <summary>A difference of two rates as an unsigned number of points: 0.01 → "1.0".</summary>
    public static string PointValue(double difference) => (difference * 100).ToString("0.0", Invariant);

    /// <summary>A confidence level: 0.95 → "95%", 0.975 → "97.5%".</summary>
    public static string Level(double confidenceLevel) => (confidenceLevel * 100).ToString("0.##", Invariant) + "%";

    /// <summary>A p-value: "p = 0.016"; below 0.001 "p &lt; 0.001", never "p = 0".</summary>
    public static string PValue(double p) => p < 0.001 ? "p < 0.001" : "p = " + Decimal(p, "0.###");

    /// <summary>A number in a given .NET format string, invariant.</summary>
    public static string Decimal(double value, string format) => value.ToString(format, Invariant);

    private static string Signed(double value, string format)
    {
        string text = value.ToString(format, Invariant);
        // Rounded to zero prints without a sign (no "-0").
        return double.Parse(text, Invariant) switch
        {
            > 0 => "+" + text,
            0 => "0" + (format.Contains('.', StringComparison.Ordinal) ? ".0" : string.Empty),
            _ => text,
        };
    }
}
