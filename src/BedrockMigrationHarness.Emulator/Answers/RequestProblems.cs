namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>What one request breaks: shape constraints (all reported at once) and the first rule the service checks after them.</summary>
internal sealed class RequestProblems
{
    public List<string> Constraints { get; } = [];

    /// <summary>The first semantic problem found (the service reports one at a time).</summary>
    public string? FirstRule { get; private set; }

    public void Rule(string message) => FirstRule ??= message;

    /// <exception cref="RequestValidationException">Something was found: the constraints, else the first rule.</exception>
    public void ThrowIfAny()
    {
        if (Constraints.Count > 0)
        {
            throw RequestValidationException.FromConstraints(Constraints);
        }

        if (FirstRule is not null)
        {
            throw new RequestValidationException(FirstRule);
        }
    }
}
