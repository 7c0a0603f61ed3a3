namespace BedrockMigrationHarness.Checks;

/// <summary>One way an answer fails its schema.</summary>
/// <param name="Pointer">Where in the answer: a JSON pointer, "" for the whole answer.</param>
/// <param name="Keyword">The schema keyword that failed, e.g. <c>enum</c>.</param>
/// <param name="Words">What was expected and what was found, e.g. <c>expected an integer (found 1.5)</c>.</param>
internal sealed record SchemaError(string Pointer, string Keyword, string Words);
