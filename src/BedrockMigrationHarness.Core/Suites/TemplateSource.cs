namespace BedrockMigrationHarness.Suites;

/// <summary>A template's text and where it was written, so a template problem can point at its line.</summary>
/// <param name="File">The file as shown in problems.</param>
/// <param name="FirstLine">The 1-based line in <paramref name="File"/> on which the template text starts.</param>
/// <param name="Field">The field path, e.g. <c>cases[2].prompt</c>.</param>
internal sealed record TemplateSource(string Text, string File, int FirstLine, string Field)
{
    /// <summary>The file line of a 0-based line inside the template.</summary>
    public int LineOf(int templateLine) => FirstLine + Math.Max(templateLine, 0);
}
