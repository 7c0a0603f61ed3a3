using System.Globalization;
using System.Net;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>
/// Renders an embedded Scriban template with HTML encoding ON BY DEFAULT: every value an expression writes
/// (<c>{{ x }}</c>) is HTML-encoded on its way out; only the template's own literal text is written as is.
/// There is no way to write raw markup from data, so model output cannot become markup by mistake.
/// </summary>
internal sealed class HtmlTemplate
{
    /// <summary>Far above what the scale bound of the report produces (about 15 MB for the largest runs).</summary>
    private const int MaxOutputChars = 200_000_000;

    private readonly Template template;

    private HtmlTemplate(Template template) => this.template = template;

    /// <summary>Loads and parses <c>Html/Templates/{name}</c> from this assembly's resources.</summary>
    /// <exception cref="InvalidOperationException">The resource is missing or does not parse.</exception>
    public static HtmlTemplate Load(string name)
    {
        var assembly = typeof(HtmlTemplate).Assembly;
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(".Html.Templates." + name, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The template {name} is not an embedded resource of {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), name);
        if (template.HasErrors)
        {
            throw new InvalidOperationException($"The template {name} does not parse: {string.Join("; ", template.Messages)}");
        }

        return new HtmlTemplate(template);
    }

    /// <summary>Renders the template with <paramref name="model"/> as the global <c>model</c>.</summary>
    public string Render(object model)
    {
        var globals = new ScriptObject { ["model"] = model };
        // Scriban truncates output silently at 1M characters by default; a report must be whole or fail loudly.
        var context = new EncodingTemplateContext
        {
            StrictVariables = true,
            LoopLimit = 0,
            RecursiveLimit = 50,
            OutputLimit = MaxOutputChars,
            OnOutputLimit = ScriptLimitBehavior.Throw,
        };
        context.PushCulture(CultureInfo.InvariantCulture);
        context.PushGlobal(globals);
        return template.Render(context);
    }

    /// <summary>HTML-encodes every value written by an expression.</summary>
    private sealed class EncodingTemplateContext : TemplateContext
    {
        public override TemplateContext Write(SourceSpan span, object? textAsObject)
        {
            if (textAsObject is null)
            {
                return this;
            }

            var text = textAsObject as string ?? ObjectToString(textAsObject);
            return Write(WebUtility.HtmlEncode(text));
        }
    }
}
