using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Tests.Support;

/// <summary>
/// A copy of one of the repository's examples whose emulator profile answers in 1 ms, so an end-to-end run of hundreds
/// or thousands of calls takes seconds.
/// </summary>
internal static class ExampleCopy
{
    /// <summary>Copies the folder of <paramref name="suitePath"/> (relative to the repository) into <paramref name="target"/>, with <paramref name="profile"/>'s latencies set to 1 ms.</summary>
    /// <returns><paramref name="target"/>.</returns>
    public static string WithInstantLatency(string suitePath, string target, string profile = "profile.yaml")
    {
        Copy(suitePath, target);
        var path = Path.Combine(target, profile);
        var text = File.ReadAllText(path);
        var instant = Regex.Replace(text, @"latency: \{[^}]*\}", "latency: { fixed_ms: 1 }");
        Assert.That(instant, Is.Not.EqualTo(text), "the example's profile sets latencies");
        File.WriteAllText(path, instant);
        return target;
    }

    /// <summary>Copies the folder of <paramref name="suitePath"/> (relative to the repository) into <paramref name="target"/> as it is.</summary>
    /// <returns><paramref name="target"/>.</returns>
    public static string Copy(string suitePath, string target)
    {
        var source = Path.Combine(RepoPaths.Root, Path.GetDirectoryName(suitePath)!);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
