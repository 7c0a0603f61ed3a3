
namespace BedrockMigrationHarness.Tests.Bedrock.Support;

/// <summary>
/// The shared wire spec (<c>shared/spec</c>): <c>BMH_SPEC_DIR</c> when set, else <c>../shared/spec</c> beside the folder
/// holding <c>BedrockMigrationHarness.sln</c>, found by walking up from the test's directory.
/// </summary>
internal static class SpecFiles
{
    private static readonly Lazy<string> RootDirectory = new(Locate);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("BMH_SPEC_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? fromEnvironment
                : throw new InvalidOperationException($"BMH_SPEC_DIR is set to '{fromEnvironment}', which is not a directory.");
        }

        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BedrockMigrationHarness.sln")))
            {
                var spec = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "spec"));
                if (Directory.Exists(spec))
                {
                    return spec;
                }

                break;
            }
        }

        throw new InvalidOperationException(
            "The Bedrock wire spec was not found: set BMH_SPEC_DIR to the shared/spec directory, or place it at " +
            "../shared/spec beside the folder that holds BedrockMigrationHarness.sln.");
    }
}
