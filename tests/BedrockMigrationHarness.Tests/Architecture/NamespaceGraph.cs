using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Tests.Architecture;

/// <summary>
/// Which of a project's namespaces use which, read from its C# sources: a file's namespace uses another through a
/// <c>using</c> line (plain, static or alias), a fully qualified name (<c>BedrockMigrationHarness.Journal.X</c>), a name
/// qualified relative to an enclosing namespace (<c>Journal.JournalReader</c>), or, without any of those, a type of an
/// enclosing namespace (C# resolves those with no <c>using</c>). Comments and strings are ignored for the last three.
/// </summary>
internal sealed partial class NamespaceGraph
{
    private readonly ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableSortedSet<string>>> _edges;

    private NamespaceGraph(ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, ImmutableSortedSet<string>>> edges) =>
        _edges = edges;

    /// <summary>The graph of the <c>.cs</c> files under <paramref name="directory"/> (bin and obj left out).</summary>
    public static NamespaceGraph FromDirectory(string directory) =>
        FromSources(
            Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(directory, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
                .ToImmutableSortedDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllText, StringComparer.Ordinal));

    /// <summary>The graph of <paramref name="sources"/> (file name → text).</summary>
    public static NamespaceGraph FromSources(IReadOnlyDictionary<string, string> sources)
    {
        var files = sources.Select(s => (Name: s.Key, Namespace: NamespaceOf(s.Value), Text: s.Value, Code: CodeOnly(s.Value))).ToList();
        var namespaces = files.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        var typesByNamespace = files
            .GroupBy(f => f.Namespace)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => TypeDeclaration().Matches(f.Code).Select(m => m.Groups["name"].Value)).ToHashSet());

        var edges = new SortedDictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var used in Uses(file.Text, file.Code, file.Namespace, namespaces, typesByNamespace))
            {
                if (used != file.Namespace)
                {
                    var targets = edges.TryGetValue(file.Namespace, out var t) ? t : edges[file.Namespace] = new(StringComparer.Ordinal);
                    (targets.TryGetValue(used, out var why) ? why : targets[used] = new(StringComparer.Ordinal)).Add(file.Name);
                }
            }
        }

        return new NamespaceGraph(edges.ToImmutableSortedDictionary(
            e => e.Key,
            e => e.Value.ToImmutableSortedDictionary(u => u.Key, u => u.Value.ToImmutableSortedSet(StringComparer.Ordinal), StringComparer.Ordinal),
            StringComparer.Ordinal));
    }

    /// <summary>The namespaces <paramref name="from"/> uses.</summary>
    public IEnumerable<string> UsedBy(string from) => _edges.TryGetValue(from, out var targets) ? targets.Keys : [];

    /// <summary>
    /// One cycle, written as <c>A → B → A</c> with the files that make each step, or null when there is none.
    /// </summary>
    public string? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path; true: done
        var path = new List<string>();
        foreach (var start in _edges.Keys)
        {
            if (Visit(start, state, path) is { } cycle)
            {
                return Describe(cycle);
            }
        }

        return null;
    }

    private List<string>? Visit(string node, Dictionary<string, bool> state, List<string> path)
    {
        if (state.TryGetValue(node, out var done))
        {
            return done ? null : [.. path[path.IndexOf(node)..], node];
        }

        state[node] = false;
        path.Add(node);
        foreach (var next in UsedBy(node))
        {
            if (Visit(next, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = true;
        return null;
    }

    private string Describe(List<string> cycle) =>
        string.Join(Environment.NewLine, cycle.Zip(cycle.Skip(1), (a, b) => $"{a} → {b} (in {string.Join(", ", _edges[a][b])})"));

    private static IEnumerable<string> Uses(
        string text, string code, string fileNamespace, HashSet<string> namespaces, Dictionary<string, HashSet<string>> typesByNamespace)
    {
        foreach (Match m in UsingDirective().Matches(text))
        {
            if (Known(m.Groups["name"].Value, namespaces) is { } used)
            {
                yield return used;
            }
        }

        foreach (Match m in QualifiedName().Matches(code))
        {
            if (Qualified(m.Value, fileNamespace, namespaces, typesByNamespace) is { } used)
            {
                yield return used;
            }
        }

        for (var enclosing = Parent(fileNamespace); enclosing is not null; enclosing = Parent(enclosing))
        {
            if (typesByNamespace.TryGetValue(enclosing, out var types) && Identifier().Matches(code).Any(i => types.Contains(i.Value)))
            {
                yield return enclosing;
            }
        }
    }

    /// <summary>
    /// The namespace a qualified name in code points into: written in full (<c>BedrockMigrationHarness.Journal.X</c>),
    /// or, as C# resolves it, relative to the file's namespace or one enclosing it (<c>Journal.JournalReader</c>), where
    /// the segment after the namespace must be one of its types.
    /// </summary>
    private static string? Qualified(
        string name, string fileNamespace, HashSet<string> namespaces, Dictionary<string, HashSet<string>> typesByNamespace)
    {
        if (Known(name, namespaces) is { } full)
        {
            return full;
        }

        for (var enclosing = fileNamespace; enclosing is not null; enclosing = Parent(enclosing))
        {
            var candidate = $"{enclosing}.{name}";
            if (Known(candidate, namespaces) is { } used && used.Length > enclosing.Length
                && typesByNamespace[used].Contains(candidate[(used.Length + 1)..].Split('.')[0]))
            {
                return used;
            }
        }

        return null;
    }

    /// <summary>The longest known namespace <paramref name="name"/> starts with, or null.</summary>
    private static string? Known(string name, HashSet<string> namespaces)
    {
        for (var candidate = name; candidate is not null; candidate = Parent(candidate))
        {
            if (namespaces.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? Parent(string name) => name.LastIndexOf('.') is var dot and > 0 ? name[..dot] : null;

    private static string NamespaceOf(string text) => NamespaceDeclaration().Match(text) is { Success: true } m ? m.Groups["name"].Value : string.Empty;

    /// <summary>The text without comments, string and char literals, and using directives.</summary>
    private static string CodeOnly(string text) => UsingDirective().Replace(CommentOrLiteral().Replace(text, " "), " ");

    [GeneratedRegex(@"^\s*namespace\s+(?<name>[\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)+")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\b[A-Za-z_]\w*\b")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|file|static|sealed|abstract|readonly|partial|ref|unsafe)\s+)*(?:class|interface|enum|struct|record(?:\s+struct|\s+class)?)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""""""[\s\S]*?""""""|""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)+'", RegexOptions.Singleline)]
    private static partial Regex CommentOrLiteral();
}
