using BedrockMigrationHarness.Inputs;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// An emulator profile is invalid. <see cref="Exception.Message"/> lists every problem, one per line, in the suite
/// loader's style: <c>file:line (field): what is wrong and what to do</c>.
/// </summary>
public sealed class EmulatorProfileException : Exception
{
    public EmulatorProfileException()
        : this("The emulator profile is invalid.")
    {
    }

    public EmulatorProfileException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public EmulatorProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public EmulatorProfileException(IReadOnlyList<SuiteProblem> problems)
        : base(FormatMessage(problems))
    {
        Problems = [.. problems.Select(p => p.ToString())];
    }

    /// <summary>Each problem as <c>file:line (field): message</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<SuiteProblem> problems) =>
        (problems.Count == 1 ? "The emulator profile has 1 problem:" : $"The emulator profile has {problems.Count} problems:")
        + string.Concat(problems.Select(p => $"\n  - {p}"));
}
