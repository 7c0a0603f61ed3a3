using System.Reflection;
using System.Runtime.CompilerServices;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// Which assemblies see a project's internals: the test and benchmark projects only. Another project uses a
/// project through its public types, so a new friend assembly fails here.
/// </summary>
public sealed class InternalsVisibleToTests
{
    private static readonly string[] TestProjects = ["BedrockMigrationHarness.Tests", "BedrockMigrationHarness.Benchmarks"];

    private static IEnumerable<TestCaseData> Assemblies()
    {
        yield return new TestCaseData(typeof(Arm).Assembly).SetArgDisplayNames("Core");
        yield return new TestCaseData(typeof(BedrockMigrationHarness.Reports.ReportSet).Assembly).SetArgDisplayNames("Reports");
        yield return new TestCaseData(typeof(BedrockClientOptions).Assembly).SetArgDisplayNames("Bedrock");
        yield return new TestCaseData(typeof(BedrockMigrationHarness.Emulator.EmulatorServer).Assembly).SetArgDisplayNames("Emulator");
        yield return new TestCaseData(typeof(BedrockMigrationHarness.Cli.BmhCommandLine).Assembly).SetArgDisplayNames("Cli");
    }

    [TestCaseSource(nameof(Assemblies))]
    public void InternalsVisibleTo_EveryProject_IsTheTestProjectsOnly(Assembly assembly)
    {
        Assert.That(Friends(assembly), Is.EquivalentTo(TestProjects));
    }

    private static IEnumerable<string> Friends(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
}
