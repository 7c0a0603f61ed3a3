using System.Collections.Immutable;

namespace BedrockMigrationHarness.Import;

/// <summary>
/// Replaces personal data and secrets in imported texts by stable placeholders (<c>--redact</c>): the same value gets
/// the same placeholder everywhere in one import (<c>&lt;EMAIL_1&gt;</c>), so conversations stay coherent.
/// One instance per import; not thread-safe.
/// </summary>
public sealed class Redactor
{
    /// <summary>The text with every finding replaced.</summary>
    public string Redact(string text) => throw new NotImplementedException("filled in by the redaction work");

    /// <summary>A JSON text with every string value (and property name) redacted; still valid JSON.</summary>
    public string RedactJson(string json) => throw new NotImplementedException("filled in by the redaction work");

    /// <summary>Replacements made so far, by kind (<c>email</c>, <c>phone</c>, <c>card</c>, <c>aws_access_key</c>, ...): occurrences, not distinct values.</summary>
    public ImmutableSortedDictionary<string, int> Counts => throw new NotImplementedException("filled in by the redaction work");
}
