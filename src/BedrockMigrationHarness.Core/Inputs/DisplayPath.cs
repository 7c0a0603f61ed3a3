namespace BedrockMigrationHarness.Inputs;

/// <summary>Paths as a user recognises them in a problem message.</summary>
public static class DisplayPath
{
    /// <summary>The path relative to the current directory when under it, else the absolute path.</summary>
    public static string For(string fullPath)
    {
        var current = Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return fullPath.StartsWith(current, comparison)
            ? Path.GetRelativePath(current, fullPath)
            : fullPath;
    }
}
