using System.Collections.Immutable;
using System.Globalization;
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

    /// <summary>The most case files one <c>folder:</c> item may hold: enough for any suite a person can read the report of.</summary>
    public const int MaxCaseFiles = 100_000;

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
        IsAllowed(written, kind.Noun, referencedAt, problems)
            ? InputFile.Read(FullPath(written), written, kind, referencedAt, problems)
            : null;

    /// <summary>The bytes of a binary file (an image, a document), read and refused as <see cref="Read"/> does.</summary>
    public byte[]? ReadBytes(string written, InputFileKind kind, SuiteProblem referencedAt, ProblemCollector problems) =>
        IsAllowed(written, kind.Noun, referencedAt, problems)
            ? InputFile.ReadBytes(FullPath(written), written, kind, referencedAt, problems)
            : null;

    /// <summary>
    /// The case files of the folder written as <paramref name="written"/> (a <c>folder:</c> item): every <c>*.yaml</c> and
    /// <c>*.yml</c> file directly in it, not below, sorted ordinal by name, as paths written relative to the suite's folder;
    /// null after reporting at <paramref name="referencedAt"/> that the folder is missing, outside, empty or too full.
    /// </summary>
    public ImmutableArray<string>? CaseFiles(string written, SuiteProblem referencedAt, ProblemCollector problems)
    {
        const string Noun = "case folder";
        var fullPath = FullPath(written);
        void Report(string message) => problems.Add(referencedAt with { Message = message });
        if (Path.TrimEndingDirectorySeparator(fullPath) == Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)))
        {
            Report($"the {Noun} `{written}` is the suite's own folder, whose suite file is no case; put the case files in a folder below it, e.g. folder: cases");
            return null;
        }

        if (!IsAllowed(written, Noun, referencedAt, problems))
        {
            return null;
        }

        if (!System.IO.Directory.Exists(fullPath))
        {
            Report(File.Exists(fullPath)
                ? $"the {Noun} `{written}` is a file; folder: names a folder holding one .yaml file per case"
                : $"the {Noun} `{written}` was not found (looked for {DisplayPath.For(fullPath)}); paths are relative to the suite file's folder");
            return null;
        }

        var names = new List<string>();
        try
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(fullPath))
            {
                var extension = Path.GetExtension(path);
                if (!extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (names.Count == MaxCaseFiles)
                {
                    Report(string.Create(CultureInfo.InvariantCulture,
                        $"the {Noun} `{written}` holds more than {MaxCaseFiles} case files, the most one folder: may hold; split them into several folders"));
                    return null;
                }

                names.Add(Path.GetFileName(path));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Report($"the {Noun} `{written}` could not be listed: {e.Message}");
            return null;
        }

        if (names.Count == 0)
        {
            Report($"the {Noun} `{written}` holds no .yaml or .yml file; add one file per case, or remove the folder: item");
            return null;
        }

        names.Sort(StringComparer.Ordinal);
        return [.. names.Select(name => Path.Join(written, name))];
    }

    private bool IsAllowed(string written, string noun, SuiteProblem referencedAt, ProblemCollector problems)
    {
        if (allowOutside || OutsideReason(FullPath(written)) is not { } reason)
        {
            return true;
        }

        problems.Add(referencedAt with
        {
            Message = $"the {noun} `{written}` is outside the suite's folder ({reason}); a suite may only use files in its own folder tree, "
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
