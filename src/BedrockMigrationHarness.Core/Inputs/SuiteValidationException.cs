using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace BedrockMigrationHarness.Inputs;

/// <summary>One problem in a suite: where it is and what to do about it.</summary>
/// <param name="File">The file the problem is in (suite, schema, CSV table).</param>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Field">The field path, e.g. <c>cases[3].schema</c>, when known.</param>
/// <param name="Message">What is wrong and what to do.</param>
public sealed record SuiteProblem(string File, int? Line, string? Field, string Message)
{
    public override string ToString()
    {
        var where = new StringBuilder(File);
        if (Line is { } line)
        {
            where.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(Field))
        {
            where.Append(" (").Append(Field).Append(')');
        }

        return $"{where}: {Message}";
    }
}

/// <summary>Thrown by the suite loader with every problem found, never just the first.</summary>
public sealed class SuiteValidationException(ImmutableArray<SuiteProblem> problems)
    : Exception(FormatMessage(problems))
{
    public ImmutableArray<SuiteProblem> Problems { get; } = problems;

    private static string FormatMessage(ImmutableArray<SuiteProblem> problems)
    {
        var sb = new StringBuilder();
        sb.Append(problems.Length == 1 ? "The suite has 1 problem:" : $"The suite has {problems.Length} problems:");
        foreach (var p in problems)
        {
            sb.Append('\n').Append("  - ").Append(p);
        }

        return sb.ToString();
    }
}
