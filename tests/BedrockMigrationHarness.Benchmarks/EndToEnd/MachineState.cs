using System.Globalization;
using System.Runtime.InteropServices;

namespace BedrockMigrationHarness.Benchmarks.EndToEnd;

/// <summary>The machine a figure was measured on: cores, memory and load, read where Linux keeps them.</summary>
internal static class MachineState
{
    public static string Describe()
    {
        string load = TryRead("/proc/loadavg") is { } l ? string.Join(' ', l.Split(' ').Take(3)) : "n/a";
        string memory = TryRead("/proc/meminfo") is { } m ? MemTotal(m) : "n/a";
        return string.Create(CultureInfo.InvariantCulture,
            $"# {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z  {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Environment.ProcessorCount} cores, {memory} RAM, load {load}");
    }

    private static string MemTotal(string meminfo)
    {
        string line = meminfo.Split('\n').FirstOrDefault(static l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) ?? string.Empty;
        return long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1), CultureInfo.InvariantCulture, out long kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:F1} GiB")
            : "n/a";
    }

    private static string? TryRead(string path) => File.Exists(path) ? File.ReadAllText(path) : null;
}
