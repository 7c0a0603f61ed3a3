using System.Text;
using NJsonSchema.Validation;

namespace BedrockMigrationHarness.Checks;

/// <summary>Maps NJsonSchema validation errors to deviation kinds and readable lines.</summary>
internal static class SchemaErrors
{
    /// <summary>Every error, nested ones (oneOf/anyOf branches, multi-type) flattened depth-first after their parent.</summary>
    public static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (ValidationError error in errors)
        {
            yield return error;
            IEnumerable<ValidationError> children = error switch
            {
                ChildSchemaValidationError child => child.Errors.Values.SelectMany(static e => e),
                MultiTypeValidationError multi => multi.Errors.Values.SelectMany(static e => e),
                _ => [],
            };
            foreach (ValidationError nested in Flatten(children))
            {
                yield return nested;
            }
        }
    }

    public static FormatDeviation Deviation(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => FormatDeviation.MissingRequired,
        ValidationErrorKind.NoAdditionalPropertiesAllowed => FormatDeviation.ExtraProperty,
        ValidationErrorKind.NotInEnumeration => FormatDeviation.EnumViolation,
        ValidationErrorKind.StringExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.NumberExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected => FormatDeviation.WrongType,
        _ => FormatDeviation.OtherSchemaViolation,
    };

    /// <summary>E.g. <c>#/priority: not one of the enum values</c>.</summary>
    public static string Describe(ValidationError error)
    {
        string path = string.IsNullOrEmpty(error.Path) ? "#" : error.Path;
        return $"{path}: {Words(error.Kind)}";
    }

    /// <summary>E.g. <c>lookup_order input /order_id: expected a string</c>: an error in a tool call's arguments.</summary>
    public static string DescribeInput(ValidationError error, string toolName)
    {
        string pointer = string.IsNullOrEmpty(error.Path) ? string.Empty : error.Path.TrimStart('#');
        return pointer.Length == 0 ? $"{toolName} input: {Words(error.Kind)}" : $"{toolName} input {pointer}: {Words(error.Kind)}";
    }

    private static string Words(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => "required property is missing",
        ValidationErrorKind.NoAdditionalPropertiesAllowed => "property is not allowed",
        ValidationErrorKind.NotInEnumeration => "not one of the enum values",
        ValidationErrorKind.StringExpected => "expected a string",
        ValidationErrorKind.IntegerExpected => "expected an integer",
        ValidationErrorKind.NumberExpected => "expected a number",
        ValidationErrorKind.BooleanExpected => "expected a boolean",
        ValidationErrorKind.ObjectExpected => "expected an object",
        ValidationErrorKind.ArrayExpected => "expected an array",
        ValidationErrorKind.NullExpected => "expected null",
        _ => SplitWords(kind.ToString()),
    };

    /// <summary>"PatternMismatch" → "pattern mismatch".</summary>
    private static string SplitWords(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        foreach (char c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
