using System.Text;
using BedrockMigrationHarness.Analysis;

namespace BedrockMigrationHarness.Reports.Html;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page (inline CSS, inline SVG, a few lines of inline script,
/// no external URL and a CSP that forbids loading anything) from the embedded templates: <c>report.sbn-html</c> (the head,
/// and the comparison of several candidates), <c>section.sbn-html</c> (one candidate's report) and <c>page-end.sbn-html</c>.
/// </summary>
internal sealed class HtmlReportWriter : IReportWriter
{
    private static readonly Lazy<HtmlTemplate> Head = new(() => HtmlTemplate.Load("report.sbn-html"));
    private static readonly Lazy<HtmlTemplate> Section = new(() => HtmlTemplate.Load("section.sbn-html"));
    private static readonly Lazy<HtmlTemplate> End = new(() => HtmlTemplate.Load("page-end.sbn-html"));

    public string FileName => "report.html";

    public void Write(RunComparison run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        var page = ReportViewBuilder.Build(run);
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        // The page is three templates (head and comparison, one section per candidate, script), each encoding every value it writes.
        writer.Write(Head.Value.Render(page));
        foreach (var section in page.Sections)
        {
            writer.Write(Section.Value.Render(section));
        }

        writer.Write(End.Value.Render(page));
    }
}
