using System.Reflection;
using System.Runtime.CompilerServices;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// Which assemblies see a project's internals. The aim is the test and benchmark projects only: another project
/// uses a project through its public types. The Emulator and Bedrock are there; Reports and the Cli (<c>bmh</c>) still
/// see Core's internals, and the Cli Bedrock's, until the types they use are made public.
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
    public void InternalsVisibleTo_Bedrock_IsTheTestProjectsAndTheCliNotYetOnItsPublicTypes()
    {
        Assert.That(Friends(typeof(BedrockClientOptions).Assembly), Is.EquivalentTo(TestProjects.Append("bmh")));
    }

    private static IEnumerable<string> Friends(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName);
}
