using System.Text;

namespace BedrockMigrationHarness.Reports.Markdown;

/// <summary>Makes arbitrary text (model ids, case ids, sentences) inert inside GitHub/GitLab Markdown table cells and lines.</summary>
internal static class MarkdownText
{
    /// <summary>
    /// Backslash-escapes every character with meaning in CommonMark or GFM tables (<c>| ` * _ [ ] &lt; &gt; # ~ \</c> and friends)
    /// and turns line breaks into spaces, so the text can neither break a table row nor start markup or HTML.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\r':
                    break;
                case '\n':
                    sb.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '|' or '#' or '~' or '!' or '&':
                    sb.Append('\\').Append(ch);
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.ToString();
    }
}
