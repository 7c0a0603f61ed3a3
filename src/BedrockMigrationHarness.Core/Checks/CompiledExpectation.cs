using System.Text.Json;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Checks;

/// <summary>An expectation ready to evaluate: its regular expression compiled once, its description fixed.</summary>
internal sealed class CompiledExpectation
{
    private const int MaxActualLength = 80;

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? _regex;

    /// <exception cref="ArgumentException">A Matches expectation whose pattern is not a valid .NET regular expression.</exception>
    public CompiledExpectation(Expectation expectation)
    {
        Expectation = expectation;
        _regex = expectation.Kind == ExpectationKind.Matches
            ? new Regex(expectation.Value, RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout)
            : null;
        Description = Describe(expectation);
    }

    public Expectation Expectation { get; }

    /// <summary>What is expected, e.g. <c>/priority expected equal to "high"</c>; every failure line starts with it and ": ".</summary>
    public string Description { get; }

    /// <summary>Describes an expectation the way failure lines start.</summary>
    public static string Describe(Expectation expectation)
    {
        string target = expectation.JsonPointer ?? "text";
        return expectation.Kind switch
        {
            ExpectationKind.EqualTo => $"{target} expected equal to \"{expectation.Value}\"",
            ExpectationKind.Contains => $"{target} expected to contain \"{expectation.Value}\"",
            ExpectationKind.Matches => $"{target} expected to match /{expectation.Value}/",
            _ => throw new ArgumentOutOfRangeException(nameof(expectation), expectation.Kind, null),
        };
    }

    /// <summary>Null when the expectation holds, else the failure line.</summary>
    /// <param name="text">The whole answer.</param>
    /// <param name="json">The JSON extracted from the answer, or null.</param>
    public string? Evaluate(string text, JsonElement? json)
    {
        string? actual = Expectation.JsonPointer is { } pointer ? ValueAt(json, pointer) : text;
        if (actual is null)
        {
            return $"{Description}: no value at {Expectation.JsonPointer}";
        }

        bool holds;
        try
        {
            holds = Expectation.Kind switch
            {
                ExpectationKind.EqualTo => string.Equals(actual, Expectation.Value, StringComparison.Ordinal),
                ExpectationKind.Contains => actual.Contains(Expectation.Value, StringComparison.Ordinal),
                _ => _regex!.IsMatch(actual),
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return $"{Description}: the pattern timed out after 1 s on \"{Truncate(actual)}\"";
        }

        return holds ? null : $"{Description}: got \"{Truncate(actual)}\"";
    }

    /// <summary>The value at <paramref name="pointer"/>: a string as its text, anything else as compact JSON with its numbers as written.</summary>
    private static string? ValueAt(JsonElement? json, string pointer)
    {
        if (json is not { } root || JsonPointerSyntax.Resolve(root, pointer) is not { } value)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : JsonSerializer.Serialize(value, JsonDefaults.Compact);
    }

    private static string Truncate(string actual) =>
        actual.Length <= MaxActualLength ? actual : string.Concat(actual.AsSpan(0, MaxActualLength), "…");
}
