namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Collects every problem found while loading a suite, in the order found, without duplicates
/// (a table case reports a missing column once, not once per row).
/// </summary>
internal sealed class ProblemCollector
{
    private readonly List<SuiteProblem> _problems = [];
    private readonly HashSet<SuiteProblem> _seen = [];

    public bool HasProblems => _problems.Count > 0;

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
            throw new SuiteValidationException([.. _problems]);
        }
    }
}
