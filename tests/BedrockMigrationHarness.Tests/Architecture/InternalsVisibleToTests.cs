using System.Reflection;
using System.Runtime.CompilerServices;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// Which assemblies see a project's internals. The aim is the test and benchmark projects only: another project
/// uses a project through its public types. Bedrock and the Emulator are there; Reports and the Cli
/// (<c>bmh</c>) still see Core's internals, and the Cli Reports', until the types they use are made public.
/// </summary>
public sealed class InternalsVisibleToTests
{
    private static readonly string[] TestProjects = ["BedrockMigrationHarness.Tests", "BedrockMigrationHarness.Benchmarks"];

    [Test]
    public void InternalsVisibleTo_Core_IsTheTestProjectsAndTheProjectsNotYetOnItsPublicTypes()
    {
        Assert.That(Friends(typeof(Arm).Assembly),
            Is.EquivalentTo(TestProjects.Concat(["BedrockMigrationHarness.Reports", "bmh"])));
    }

    [Test]
    public void InternalsVisibleTo_BedrockAndEmulator_IsTheTestProjectsOnly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Friends(typeof(BedrockClientOptions).Assembly), Is.EquivalentTo(TestProjects));
            Assert.That(Friends(typeof(BedrockMigrationHarness.Emulator.EmulatorServer).Assembly), Is.EquivalentTo(TestProjects));
        });
    }

    [Test]
    public void InternalsVisibleTo_Reports_IsTheTestProjectsAndTheCliNotYetOnItsPublicTypes()
    {
        Assert.That(Friends(typeof(BedrockMigrationHarness.Reports.ReportSet).Assembly), Is.EquivalentTo(TestProjects.Append("bmh")));
    }

    private static IEnumerable<string> Friends(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
}
