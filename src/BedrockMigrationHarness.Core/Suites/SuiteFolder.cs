using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// The folder of a suite file: the paths a suite writes (schemas, tables, body template, price file) are relative to
/// it and must stay inside its tree, symbolic links followed, unless the suite says <c>allow_files_outside: true</c>.
/// A schema's or a table's text goes into prompts sent to a model, so a suite from elsewhere must not be able to
/// send <c>../../.aws/credentials</c> or a link to it.
/// </summary>
internal sealed class SuiteFolder(string directory, bool allowOutside)
{
    /// <summary>The suite key that allows paths outside the suite's folder.</summary>
    public const string AllowOutsideKey = "allow_files_outside";

    // Linux gives up after 40 links in one path; so do we.
    private const int MaxLinks = 40;

    private readonly Lazy<string> _realDirectory = new(() => RealPath(directory));

    public string Directory => directory;

    /// <summary>The full path of a path written in the suite.</summary>
    public string FullPath(string written) => Path.GetFullPath(Path.Combine(directory, written));

    /// <summary>
    /// The text of the file written as <paramref name="written"/> (<see cref="InputFile.Read"/>), or null after
    /// reporting at <paramref name="referencedAt"/> why not, e.g. that it is outside the suite's folder.
    /// </summary>
    public string? Read(string written, InputFileKind kind, SuiteProblem referencedAt, ProblemCollector problems) =>
        IsAllowed(written, kind, referencedAt, problems)
            ? InputFile.Read(FullPath(written), written, kind, referencedAt, problems)
            : null;

    /// <summary>The bytes of a binary file (an image, a document), read and refused as <see cref="Read"/> does.</summary>
    public byte[]? ReadBytes(string written, InputFileKind kind, SuiteProblem referencedAt, ProblemCollector problems) =>
        IsAllowed(written, kind, referencedAt, problems)
            ? InputFile.ReadBytes(FullPath(written), written, kind, referencedAt, problems)
            : null;

    private bool IsAllowed(string written, InputFileKind kind, SuiteProblem referencedAt, ProblemCollector problems)
    {
        if (allowOutside || OutsideReason(FullPath(written)) is not { } reason)
        {
            return true;
        }

        problems.Add(referencedAt with
        {
            Message = $"the {kind.Noun} `{written}` is outside the suite's folder ({reason}); a suite may only use files in its own folder tree, "
                + $"because their text can be sent to the model: move the file there, or add `{AllowOutsideKey}: true` to a suite you trust",
        });
        return false;
    }

    /// <summary>Why <paramref name="fullPath"/> is not in the folder's tree, or null when it is.</summary>
    private string? OutsideReason(string fullPath)
    {
        string real;
        try
        {
            real = RealPath(fullPath);
        }
        catch (IOException e)
        {
            return $"its symbolic links could not be followed: {e.Message}";
        }

        if (IsUnder(real, _realDirectory.Value))
        {
            return null;
        }

        return IsUnder(fullPath, directory) ? $"a symbolic link leads to {real}" : $"it is {fullPath}";
    }

    private static bool IsUnder(string path, string folder)
    {
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, comparison);
    }

    /// <summary>The absolute path with every symbolic link in it followed, like realpath(3); parts that do not exist are kept as written.</summary>
    /// <exception cref="IOException">More than 40 links (a loop).</exception>
    internal static string RealPath(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath)!;
        var resolved = root;
        var pending = new Stack<string>(Parts(fullPath[root.Length..]).Reverse());
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? root;
                continue;
            }

            var next = Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"more than {MaxLinks} symbolic links in {fullPath} (a loop?)");
            }

            if (Path.IsPathRooted(target))
            {
                resolved = Path.GetPathRoot(target)!;
                target = target[resolved.Length..];
            }

            foreach (var linked in Parts(target).Reverse())
            {
                pending.Push(linked);
            }
        }

        return resolved;
    }

    private static IEnumerable<string> Parts(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
}
