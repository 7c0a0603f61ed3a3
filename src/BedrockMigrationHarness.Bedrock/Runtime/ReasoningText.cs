using System.Text;

namespace BedrockMigrationHarness.Bedrock.Runtime;

/// <summary>
/// The reasoning of one answer, block by block: each block's text, joined with a blank line. A block whose content
/// the provider encrypted (<c>redactedContent</c>) counts as <see cref="RedactedMarker"/>, so a reader sees that
/// reasoning happened without the encrypted bytes. No block at all is null.
/// </summary>
internal sealed class ReasoningText
{
    /// <summary>What a <c>redactedContent</c> block reads as.</summary>
    public const string RedactedMarker = "[redacted]";

    private StringBuilder? _text;

    public void AddBlock(string blockText)
    {
        if (_text is null)
        {
            _text = new StringBuilder(blockText);
        }
        else
        {
            _text.Append("\n\n").Append(blockText);
        }
    }

    public string? ToText() => _text?.ToString();
}
