namespace BedrockMigrationHarness.Tests.Suites;

/// <summary>A temporary folder holding a suite file and the files it references; deleted on dispose.</summary>
internal sealed class SuiteDirectory : IDisposable
{
    public SuiteDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "bmh-suites-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The suite file's path: <c>suite.yaml</c> in <see cref="Root"/>.</summary>
    public string SuitePath => Path.Combine(Root, "suite.yaml");

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> (creating folders) and returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public string WriteSuite(string yaml) => Write("suite.yaml", yaml);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
