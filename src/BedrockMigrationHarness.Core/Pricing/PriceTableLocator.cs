using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Pricing;

/// <summary>
/// Which price file a run uses: the suite's <c>pricing:</c> file (relative to the suite); else the first
/// <c>prompts/pricing.yaml</c> found walking up from the suite's folder (the repository's table); else none, and the
/// reports have no cost section.
/// </summary>
internal static class PriceTableLocator
{
    /// <summary>Where the repository keeps its price table, relative to a folder above the suite.</summary>
    public static readonly string DefaultRelativePath = Path.Combine("prompts", "pricing.yaml");

    /// <summary>The price file's full path, or null when the suite names none and none is found.</summary>
    public static string? Locate(string suitePath, string? pricingFile)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(suitePath))!;
        if (pricingFile is not null)
        {
            return Path.GetFullPath(Path.Combine(directory, pricingFile));
        }

        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DefaultRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The price table for a suite, or null when there is none.</summary>
    /// <exception cref="SuiteValidationException">The price file has problems; every one is listed.</exception>
    public static PriceTable? Load(string suitePath, string? pricingFile)
    {
        if (Locate(suitePath, pricingFile) is not { } path)
        {
            return null;
        }

        var problems = new ProblemCollector();
        var table = PriceTableReader.Read(path, problems);
        problems.ThrowIfAny();
        return table;
    }
}
