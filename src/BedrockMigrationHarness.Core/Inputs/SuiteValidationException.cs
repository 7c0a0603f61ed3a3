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
    /// <summary>The <see cref="File"/> of a problem with a flag rather than a file.</summary>
    public const string CommandLine = "command line";

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
        int flags = problems.Count(static p => p.File == SuiteProblem.CommandLine);
        string count = problems.Length == 1 ? "1 problem" : $"{problems.Length} problems";
        sb.Append(flags == problems.Length ? $"The command line has {count}:"
            : flags > 0 ? $"The suite and the command line have {count}:"
            : $"The suite has {count}:");
        foreach (var p in problems)
        {
            sb.Append('\n').Append("  - ").Append(p);
        }

        return sb.ToString();
    }
}
