using System.Reflection;
using BedrockMigrationHarness.Analysis;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// No type is public without a reason: each public type of a project is named by a project that references it, or
/// held by a public type that is (see <see cref="PublicSurface"/>). Anything else should be <c>internal</c>.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly Assembly Core = typeof(Arm).Assembly;
    private static readonly Assembly Reports = typeof(BedrockMigrationHarness.Reports.ReportSet).Assembly;
    private static readonly Assembly Bedrock = typeof(BedrockClientOptions).Assembly;
    private static readonly Assembly Emulator = typeof(BedrockMigrationHarness.Emulator.EmulatorServer).Assembly;
    private static readonly Assembly Cli = typeof(BedrockMigrationHarness.Cli.BmhCommandLine).Assembly;

    /// <summary>Used through their constants only, which the compiler copies into the users, leaving no reference.</summary>
    private static readonly string[] ConstantsOnly = [typeof(ExitCodes).FullName!];

    private static IEnumerable<TestCaseData> Projects()
    {
        yield return new TestCaseData(Core, new[] { Reports, Bedrock, Emulator, Cli }).SetArgDisplayNames("Core");
        yield return new TestCaseData(Reports, new[] { Cli }).SetArgDisplayNames("Reports");
        yield return new TestCaseData(Bedrock, new[] { Cli }).SetArgDisplayNames("Bedrock");
        yield return new TestCaseData(Emulator, new[] { Cli }).SetArgDisplayNames("Emulator");
    }

    [TestCaseSource(nameof(Projects))]
    public void Unused_EachProject_IsNone(Assembly assembly, Assembly[] users)
    {
        Assert.That(PublicSurface.Unused(assembly, users).Except(ConstantsOnly), Is.Empty,
            "public, yet no project that references this one uses it: make it internal");
    }
}
