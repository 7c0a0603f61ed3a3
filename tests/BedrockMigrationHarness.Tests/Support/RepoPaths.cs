namespace BedrockMigrationHarness.Tests.Support;

/// <summary>Where the tests find the repository and its fixtures.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the directory holding BedrockMigrationHarness.sln, above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The boto3 / AWS CLI conformance scripts.</summary>
    public static string Conformance => Path.Combine(Root, "tests", "BedrockMigrationHarness.Tests", "Emulator", "Conformance");

    /// <summary>The wire-spec fixtures (SigV4 vectors, event-stream samples), copied to the test output.</summary>
    public static string Spec { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "spec");

    public static string SpecFile(params string[] parts) => Path.Combine([Spec, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BedrockMigrationHarness.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BedrockMigrationHarness.sln above {AppContext.BaseDirectory}.");
    }
}
