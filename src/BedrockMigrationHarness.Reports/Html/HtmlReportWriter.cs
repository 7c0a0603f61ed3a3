using System.Text;
using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (inline CSS, inline SVG, a few lines of inline script,
/// no external URL and a CSP that forbids loading anything) from the embedded <c>report.sbn-html</c> template.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    private static readonly Lazy<HtmlTemplate> Template = new(() => HtmlTemplate.Load("report.sbn-html"));

    public string FileName => "report.html";

    public void Write(ReportData data, Stream output)
    {
        var view = ReportViewBuilder.Build(data);
        var html = Template.Value.Render(view);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        writer.Write(html);
    }
}
