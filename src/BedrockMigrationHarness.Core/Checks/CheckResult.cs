using System.Collections.Immutable;

namespace BedrockMigrationHarness.Checks;

/// <summary>A way an answer departs from the format the case asked for.</summary>
public enum FormatDeviation
{
    /// <summary>JSON wrapped in a Markdown code fence (```json ... ```).</summary>
    Fenced,
    /// <summary>JSON embedded in prose (text before or after the JSON value).</summary>
    ProseWrapped,
    /// <summary>No JSON value could be found or parsed.</summary>
    NotJson,
    /// <summary>A required property is missing.</summary>
    MissingRequired,
    /// <summary>A value has the wrong JSON type.</summary>
    WrongType,
    /// <summary>A property the schema does not allow (additionalProperties: false).</summary>
    ExtraProperty,
    /// <summary>A value outside the schema's enum.</summary>
    EnumViolation,
    /// <summary>Any other schema violation (pattern, range, length, ...).</summary>
    OtherSchemaViolation,
    /// <summary>A tool call was expected and the answer made none.</summary>
    NoToolCall,
    /// <summary>The answer called another tool than the one expected.</summary>
    WrongTool,
}

/// <summary>
/// The verdict of the checks on one answer. <see cref="FormatCompliant"/> means: the raw answer is a JSON
/// value that validates against the case's schema (always true for cases without a schema); for a case with
/// <c>expect_tool</c>, the answer called the expected tool with arguments valid against its input schema.
/// </summary>
/// <param name="Deviations">Every kind of deviation found, extraction first, then schema kinds; empty when compliant.</param>
/// <param name="SchemaErrors">Human-readable format violations, e.g. <c>#/priority: not one of the enum values</c> or
/// <c>called issue_refund, expected lookup_order</c>.</param>
/// <param name="ExpectationFailures">One line per expectation that did not hold.</param>
/// <param name="ExtractedJson">The JSON value found in the answer (after removing fences or prose), or null.</param>
public sealed record CheckResult(
    ImmutableArray<FormatDeviation> Deviations,
    ImmutableArray<string> SchemaErrors,
    ImmutableArray<string> ExpectationFailures,
    string? ExtractedJson)
{
    public bool FormatCompliant => Deviations.IsEmpty;

    public bool ExpectationsMet => ExpectationFailures.IsEmpty;

    /// <summary>Format compliant and every expectation met.</summary>
    public bool Passed => FormatCompliant && ExpectationsMet;
}
