using System.Globalization;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Inputs;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace BedrockMigrationHarness.Suites;

/// <summary>
/// Renders Scriban templates with strict variables: a template that does not parse, or that uses a
/// variable nobody defined, becomes a problem (every unknown variable is named, not just the first).
/// Numbers render culture-invariant.
/// </summary>
internal sealed partial class TemplateRenderer(ProblemCollector problems)
{
    // Enough for any real template; bounds the re-render loop that finds every unknown variable.
    private const int MaxUnknownVariables = 32;

    private readonly Dictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    /// <summary>
    /// Renders <paramref name="source"/> with <paramref name="variables"/>; returns null after reporting
    /// a problem. <paramref name="describeUnknown"/> words the problem for an unknown variable name.
    /// </summary>
    public string? Render(TemplateSource source, IReadOnlyDictionary<string, object?> variables, Func<string, string> describeUnknown)
    {
        if (Parse(source) is not { } template)
        {
            return null;
        }

        var globals = new ScriptObject();
        foreach (var (name, value) in variables)
        {
            globals.SetValue(name, value, readOnly: false);
        }

        var unknown = new List<(string Name, TextPosition At)>();
        while (unknown.Count <= MaxUnknownVariables)
        {
            var context = new TemplateContext { StrictVariables = true };
            context.PushCulture(CultureInfo.InvariantCulture);
            context.PushGlobal(globals);
            try
            {
                var text = template.Render(context);
                if (unknown.Count == 0)
                {
                    return text;
                }

                break;
            }
            catch (ScriptRuntimeException e) when (UnknownVariable(e) is { } name && !globals.ContainsKey(name))
            {
                // Define it and render again, so one pass names every unknown variable.
                unknown.Add((name, e.Span.Start));
                globals.SetValue(name, string.Empty, readOnly: false);
            }
            catch (ScriptRuntimeException e)
            {
                problems.Add(source.File, source.LineOf(e.Span.Start.Line), source.Field,
                    $"the template failed{Position(e.Span.Start)}: {e.OriginalMessage}");
                return null;
            }
        }

        foreach (var (name, at) in unknown)
        {
            problems.Add(source.File, source.LineOf(at.Line), source.Field, describeUnknown(name));
        }

        return null;
    }

    /// <summary>Parses once per distinct text; reports the first parse error with its position.</summary>
    private Template? Parse(TemplateSource source)
    {
        if (!_parsed.TryGetValue(source.Text, out var template))
        {
            template = Template.Parse(source.Text);
            _parsed[source.Text] = template;
        }

        if (!template.HasErrors)
        {
            return template;
        }

        // The first error only: the parser's later errors are usually consequences of it.
        var error = template.Messages.First(m => m.Type == ParserMessageType.Error);
        problems.Add(source.File, source.LineOf(error.Span.Start.Line), source.Field,
            $"the template does not parse{Position(error.Span.Start)}: {error.Message}; "
            + "check the {{ }} pairs (write {{ \"{{\" }} for literal braces)");

        return null;
    }

    private static string? UnknownVariable(ScriptRuntimeException e)
    {
        var match = UnknownVariablePattern().Match(e.OriginalMessage ?? string.Empty);
        return match.Success ? match.Groups["name"].Value : null;
    }

    private static string Position(TextPosition at) => string.Create(CultureInfo.InvariantCulture,
        $" at template line {at.Line + 1}, column {at.Column + 1}");

    [GeneratedRegex("The variable or function `(?<name>[^`]+)` was not found")]
    private static partial Regex UnknownVariablePattern();
}
