namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>Locates the repository (the directory holding BedrockMigrationHarness.sln) and the shared spec beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Conformance => Path.Combine(Root, "tests", "BedrockMigrationHarness.Tests", "Emulator", "Conformance");

    /// <summary>The shared spec: <c>shared/spec</c> beside the repository (CI lays it there), else /work/shared/spec.</summary>
    public static string Spec
    {
        get
        {
            for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "spec");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            return "/work/shared/spec";
        }
    }

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
