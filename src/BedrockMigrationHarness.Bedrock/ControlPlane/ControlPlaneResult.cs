using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Bedrock.ControlPlane;

/// <summary>A control-plane answer: the value, or an error a CLI can print as is (no stack trace).</summary>
public sealed record ControlPlaneResult<T>(T? Value, ControlPlaneError? Error)
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ControlPlaneResult<T> Success(T value) => new(value, null);

    public static ControlPlaneResult<T> Failure(ControlPlaneError error) => new(default, error);
}

/// <summary>
/// Why a control-plane call failed. <paramref name="Kind"/> uses the runtime's outcome classes
/// (<see cref="CallOutcome.ResourceNotFound"/>, <see cref="CallOutcome.AccessDenied"/>, <see cref="CallOutcome.NoCredentials"/>...).
/// </summary>
public sealed record ControlPlaneError(CallOutcome Kind, int? HttpStatus, string? ErrorType, string Message)
{
    /// <summary>One line for a person, e.g. <c>ResourceNotFoundException (HTTP 404): Could not find model.</c></summary>
    public override string ToString() => (ErrorType, HttpStatus) switch
    {
        (not null, not null) => string.Create(CultureInfo.InvariantCulture, $"{ErrorType} (HTTP {HttpStatus}): {Message}"),
        (not null, null) => $"{ErrorType}: {Message}",
        _ => $"{Kind}: {Message}",
    };
}
