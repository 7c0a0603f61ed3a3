using System.Globalization;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>The few <c>--name value</c> options of the e2e entries; no parser needed for a benchmark's flags.</summary>
internal static class BenchArgs
{
    public static string String(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    public static int Int(string[] args, string name, int fallback) =>
        int.Parse(String(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
}
