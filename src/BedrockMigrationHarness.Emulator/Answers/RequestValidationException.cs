namespace BedrockMigrationHarness.Emulator.Answers;

/// <summary>A runtime request the service would reject; becomes 400 ValidationException with this message.</summary>
internal sealed class RequestValidationException : Exception
{
    public RequestValidationException()
    {
    }

    public RequestValidationException(string message)
        : base(message)
    {
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The service's wording for constraint violations: "N validation error(s) detected: a; b".</summary>
    public static RequestValidationException FromConstraints(IReadOnlyList<string> violations)
    {
        ArgumentNullException.ThrowIfNull(violations);
        var noun = violations.Count == 1 ? "error" : "errors";
        return new RequestValidationException($"{violations.Count} validation {noun} detected: {string.Join("; ", violations)}");
    }
}
