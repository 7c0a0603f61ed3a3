using System.Reflection;
using System.Xml.Linq;
using BedrockMigrationHarness.Cli;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli;

/// <summary>
/// The CLI as a dotnet tool: one version, in Directory.Build.props, is the one `bmh --version` prints, and the package
/// id and command the README's install section names. (.ci/tool-check packs, installs and runs the real package.)
/// </summary>
[TestFixture]
public sealed class ToolPackageTests
{
    [Test]
    public void Version_DirectoryBuildProps_IsTheCliAssemblysInformationalVersionExactly()
    {
        var props = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var version = props.Descendants("Version").Select(v => v.Value).ToList();
        var printed = typeof(BmhCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

        Assert.That(version, Has.Count.EqualTo(1), "Directory.Build.props sets Version once");
        // What `bmh --version` prints: the version alone, as `dotnet tool list` shows it, without "+<commit>".
        Assert.That(printed, Is.EqualTo(version[0]));
    }

    [Test]
    public void CliProject_PackAsTool_PackageIdAndCommandAreTheReadmes()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "BedrockMigrationHarness.Cli", "BedrockMigrationHarness.Cli.csproj"));
        string? Property(string name) => project.Descendants(name).SingleOrDefault()?.Value;
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Property("PackAsTool"), Is.EqualTo("true"));
            Assert.That(Property("ToolCommandName"), Is.EqualTo("bmh"));
            Assert.That(Property("PackageId"), Is.EqualTo("BedrockMigrationHarness.Cli"));
            Assert.That(Property("Version"), Is.Null, "the version is set in Directory.Build.props only");
            Assert.That(readme, Does.Contain("dotnet tool install --tool-path ").And.Contain(" BedrockMigrationHarness.Cli"));
        }
    }
}
