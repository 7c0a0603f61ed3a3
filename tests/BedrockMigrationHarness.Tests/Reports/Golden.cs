using System.Globalization;

namespace BedrockMigrationHarness.Tests.Reports;

/// <summary>
/// Golden files live in the source tree (tests/BedrockMigrationHarness.Tests/Reports/Golden), found by walking up
/// from the test binaries. Set <c>BMH_UPDATE_GOLDEN=1</c> to rewrite them from the current output.
/// </summary>
internal static class Golden
{
    private const string RelativeDirectory = "tests/BedrockMigrationHarness.Tests/Reports/Golden";

    public static bool Updating => Environment.GetEnvironmentVariable("BMH_UPDATE_GOLDEN") == "1";

    public static string Directory { get; } = Locate();

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>Compares <paramref name="actual"/> with the golden file, or rewrites it when updating.</summary>
    public static void Verify(string fileName, string actual)
    {
        var path = PathOf(fileName);
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.That(File.Exists(path), Is.True, $"Golden file {path} is missing; run the tests with BMH_UPDATE_GOLDEN=1 to create it.");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var actualPath = Path.Combine(Path.GetTempPath(), "bmh-golden-actual-" + fileName);
            File.WriteAllText(actualPath, actual);
            Assert.Fail($"{fileName} differs from its golden file {path} (first difference at character {FirstDifference(expected, actual).ToString(CultureInfo.InvariantCulture)}). " +
                        $"Actual output: {actualPath}. If the change is intended, rerun with BMH_UPDATE_GOLDEN=1 and review the diff.");
        }
    }

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i] != b[i])
            {
                return i;
            }
        }

        return n;
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, RelativeDirectory);
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Cannot find {RelativeDirectory} above {AppContext.BaseDirectory}.");
    }
}
