using System.Text;
using System.Xml;

namespace BedrockMigrationHarness.Reports.JUnit;

/// <summary>Text that XML 1.0 can hold: ids, messages and regressions may carry control characters a model produced.</summary>
internal static class XmlText
{
    /// <summary>
    /// Replaces every character XML 1.0 does not allow (most C0 controls, lone surrogates, U+FFFE, U+FFFF) with U+FFFD,
    /// where <see cref="XmlWriter"/> would otherwise throw and lose the whole file. Returns the same string when it is clean.
    /// </summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var pair = char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair || XmlConvert.IsXmlChar(ch))
            {
                cleaned?.Append(ch);
                if (pair)
                {
                    i++;
                    cleaned?.Append(text[i]);
                }

                continue;
            }

            cleaned ??= new StringBuilder(text.Length).Append(text, 0, i);
            cleaned.Append('\uFFFD');
        }

        return cleaned?.ToString() ?? text;
    }
}
