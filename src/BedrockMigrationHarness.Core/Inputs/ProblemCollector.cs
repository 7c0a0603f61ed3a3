using System.Collections.Immutable;

namespace BedrockMigrationHarness.Inputs;

/// <summary>
/// Collects every problem found while loading a suite, without duplicates (a table case reports a
/// missing column once, not once per row), and lists them by file (in the order the files were met),
/// then by line.
/// </summary>
public sealed class ProblemCollector
{
    private readonly List<SuiteProblem> _problems = [];
    private readonly HashSet<SuiteProblem> _seen = [];

    public bool HasProblems => _problems.Count > 0;

    /// <summary>How many problems were found so far (to tell whether a part of a file added any).</summary>
    public int Count => _problems.Count;

    public void Add(SuiteProblem problem)
    {
        if (_seen.Add(problem))
        {
            _problems.Add(problem);
        }
    }

    public void Add(string file, int? line, string? field, string message) => Add(new SuiteProblem(file, line, field, message));

    /// <summary>Throws <see cref="SuiteValidationException"/> listing every problem, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (HasProblems)
        {
            throw new SuiteValidationException(Sorted());
        }
    }

    /// <summary>Every problem so far: by file (in the order the files were met), then by line.</summary>
    public ImmutableArray<SuiteProblem> Sorted()
    {
        var files = _problems.Select(p => p.File).Distinct().ToList();
        return [.. _problems.OrderBy(p => files.IndexOf(p.File)).ThenBy(p => p.Line ?? 0)];
    }
}
