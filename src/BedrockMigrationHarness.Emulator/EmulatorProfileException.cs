namespace BedrockMigrationHarness.Emulator;

/// <summary>An emulator profile is invalid. <see cref="Exception.Message"/> lists every problem, one per line, as <c>file:line: field: what to do</c>.</summary>
internal sealed class EmulatorProfileException : Exception
{
    public EmulatorProfileException()
        : this([])
    {
    }

    public EmulatorProfileException(string message)
        : this([message])
    {
    }

    public EmulatorProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public EmulatorProfileException(IReadOnlyList<string> problems)
        : base(FormatMessage(problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem as <c>file:line: field: what to do</c>.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(IReadOnlyList<string> problems) =>
        problems.Count == 0
            ? "The emulator profile is invalid."
            : $"The emulator profile has {problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems)}";
}
