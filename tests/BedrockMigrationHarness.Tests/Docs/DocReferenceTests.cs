using System.Text.RegularExpressions;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Docs;

/// <summary>
/// The documentation points at nothing outside the repository: every relative link and every file path named in
/// README.md, docs/ and the examples' READMEs resolves to a file of the repository, and no source, project or test
/// file names a Markdown file that is not in it.
/// </summary>
[TestFixture]
public sealed partial class DocReferenceTests
{
    /// <summary>
    /// Top-level folders whose paths a document may name in a code span (<c>`src/…/X.cs`</c>); other code-span paths
    /// (<c>`./logs/…`</c>, <c>`cases/0001.yaml`</c>) are the reader's files, and <c>`../x`</c> is relative to the document.
    /// </summary>
    private static readonly string[] RepoFolders = ["docs", "src", "tests", "prompts", ".ci"];

    /// <summary>A project's short name as docs use it (<c>Core/Checks/ResponseChecker.cs</c> is in src/BedrockMigrationHarness.Core).</summary>
    private static readonly string[] Projects = ["Core", "Cli", "Bedrock", "Emulator", "Reports"];

    private static IEnumerable<string> Documents() =>
        new[] { Path.Combine(RepoPaths.Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "prompts"), "*.md", SearchOption.AllDirectories));

    [Test]
    public void Documents_RelativeLinks_PointAtFilesInTheRepository()
    {
        var broken = new List<string>();
        foreach (var doc in Documents())
        {
            foreach (var (line, target) in Matches(doc, MarkdownLink()))
            {
                if (SchemeOrAnchor().IsMatch(target))
                {
                    continue;
                }

                var path = Uri.UnescapeDataString(target.Split('#')[0]);
                if (!InRepository(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(doc)!, path)), out var reason))
                {
                    broken.Add($"{Relative(doc)}:{line}: link ({target}) {reason}");
                }
            }
        }

        Assert.That(broken, Is.Empty, "Fix or remove these links: each must point at a file of this repository.");
    }

    [Test]
    public void Documents_FilePathsInCodeSpans_PointAtFilesInTheRepository()
    {
        var broken = new List<string>();
        foreach (var doc in Documents())
        {
            foreach (var (line, path) in Matches(doc, CodeSpanPath()))
            {
                var first = path.Split('/')[0];
                var candidates = first == ".."
                    ? [Path.Combine(Path.GetDirectoryName(doc)!, path)]
                    : RepoFolders.Contains(first)
                        ? [Path.Combine(RepoPaths.Root, path)]
                        : Projects.Contains(first) && path.EndsWith(".cs", StringComparison.Ordinal)
                            ? new[]
                            {
                                Path.Combine(RepoPaths.Root, "src", "BedrockMigrationHarness." + first, path[(first.Length + 1)..]),
                                Path.Combine(RepoPaths.Root, "tests", "BedrockMigrationHarness.Tests", path),
                            }
                            : [];
                if (candidates.Length > 0 && !candidates.Any(c => Resolves(Path.GetFullPath(c))))
                {
                    broken.Add($"{Relative(doc)}:{line}: `{path}` is not a file of this repository");
                }
            }
        }

        Assert.That(broken, Is.Empty, "Fix these paths, or say what the file holds instead of pointing at it.");
    }

    [Test]
    public void SourcesAndTests_MarkdownFilesTheyName_AreInTheRepository()
    {
        var files = new[] { "src", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal) || f.EndsWith(".sbn-html", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != nameof(DocReferenceTests) + ".cs") // its own examples of what it catches
            .Append(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var broken = new List<string>();
        foreach (var file in files)
        {
            foreach (var (line, name) in Matches(file, RepoMarkdownName()))
            {
                if (!File.Exists(Path.Combine(RepoPaths.Root, name)))
                {
                    broken.Add($"{Relative(file)}:{line}: names {name}, which is not in this repository");
                }
            }

            foreach (var (line, outside) in Matches(file, OutsidePath()))
            {
                broken.Add($"{Relative(file)}:{line}: points outside the repository ({outside})");
            }
        }

        Assert.That(broken, Is.Empty, "Point at a page of docs/ or README.md instead, or say the thing itself.");
    }

    [Test]
    public void Documents_PathOutsideTheRepository_IsReported()
    {
        Assert.Multiple(() =>
        {
            Assert.That(InRepository(Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "elsewhere", "DESIGN.md")), out var outside), Is.False);
            Assert.That(outside, Does.Contain("outside the repository"));
            Assert.That(InRepository(Path.Combine(RepoPaths.Root, "docs", "no-such-page.md"), out var missing), Is.False);
            Assert.That(missing, Does.Contain("does not exist"));
            Assert.That(MarkdownLink().Match("see [the design](../x/DESIGN.md#gates).").Groups[1].Value, Is.EqualTo("../x/DESIGN.md#gates"));
            Assert.That(RepoMarkdownName().Match("/// The exit codes (DESIGN.md), pinned").Value, Is.EqualTo("DESIGN.md"));
            Assert.That(CodeSpanPath().Match("in `Core/Analysis/Nowhere.cs`, measured").Groups[1].Value, Is.EqualTo("Core/Analysis/Nowhere.cs"));
        });
    }

    private static bool InRepository(string fullPath, out string reason)
    {
        var root = Path.GetFullPath(RepoPaths.Root) + Path.DirectorySeparatorChar;
        reason = !fullPath.StartsWith(root, StringComparison.Ordinal) && fullPath != root.TrimEnd(Path.DirectorySeparatorChar)
            ? "points outside the repository"
            : Resolves(fullPath) ? "" : "points at a file that does not exist";
        return reason.Length == 0;
    }

    /// <summary>The path exists; a <c>...</c> segment stands for any folders between its neighbours.</summary>
    private static bool Resolves(string fullPath)
    {
        var parts = fullPath.Split(Path.DirectorySeparatorChar + "..." + Path.DirectorySeparatorChar);
        if (parts.Length == 1)
        {
            return File.Exists(fullPath) || Directory.Exists(fullPath);
        }

        return Directory.Exists(parts[0])
               && Directory.EnumerateFiles(parts[0], Path.GetFileName(parts[^1]), SearchOption.AllDirectories)
                   .Any(f => f.EndsWith(Path.DirectorySeparatorChar + parts[^1], StringComparison.Ordinal));
    }

    private static IEnumerable<(int Line, string Value)> Matches(string file, Regex pattern)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            foreach (Match m in pattern.Matches(lines[i]))
            {
                yield return (i + 1, m.Groups[1].Success ? m.Groups[1].Value : m.Value);
            }
        }
    }

    private static string Relative(string file) => Path.GetRelativePath(RepoPaths.Root, file);

    /// <summary>The target of <c>[text](target)</c> or <c>![alt](target)</c>, an optional title left out.</summary>
    [GeneratedRegex(@"\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#)")]
    private static partial Regex SchemeOrAnchor();

    /// <summary>A code span that is a relative file path with a folder and an extension, no wildcard or placeholder.</summary>
    [GeneratedRegex(@"`((?:\.{1,2}/)*[\w.-]+(?:/[\w.-]+)+\.[a-z][\w-]*)`")]
    private static partial Regex CodeSpanPath();

    /// <summary>A repository-level Markdown file by name: an upper-case one (README.md) or a page of docs/.</summary>
    [GeneratedRegex(@"(?<![\w/.-])(?:[A-Z][A-Z_-]+\.md|docs/[\w/-]+\.md)\b")]
    private static partial Regex RepoMarkdownName();

    [GeneratedRegex(@"(?:\.\./)+shared\b|/work/\w+")]
    private static partial Regex OutsidePath();
}
