using System.Globalization;
using BedrockMigrationHarness.Suites;
using BedrockMigrationHarness.Vocabulary;

namespace BedrockMigrationHarness.Import.Selection;

/// <summary>
/// What a decoded record may still hold that a suite cannot express: inference settings outside the ranges the suite
/// format accepts (another model family's, e.g. a temperature of 1.5), or an image or document without bytes.
/// </summary>
internal static class Replayability
{
    /// <summary>Null when the record can become a case, else the drop.</summary>
    public static (DropReason Reason, string Detail)? ProblemOf(LoggedInvocation invocation)
    {
        var inference = invocation.Request.Inference;
        if (inference.MaxTokens is { } maxTokens && maxTokens is < 1 or > SuiteOptionsBinder.MaxOutputTokens)
        {
            return (DropReason.UnreplayableConversation,
                string.Create(CultureInfo.InvariantCulture, $"max_tokens {maxTokens} is outside 1 to {SuiteOptionsBinder.MaxOutputTokens}, the range a suite accepts"));
        }

        foreach (var (name, value) in new[] { ("temperature", inference.Temperature), ("top_p", inference.TopP) })
        {
            if (value is { } v && (!double.IsFinite(v) || v is < 0 or > 1))
            {
                return (DropReason.UnreplayableConversation,
                    string.Create(CultureInfo.InvariantCulture, $"{name} {v} is outside 0 to 1, the range a suite accepts"));
            }
        }

        foreach (var part in invocation.Request.Messages.SelectMany(m => m.Parts))
        {
            if (part is ImagePart { Bytes.IsEmpty: true } or DocumentPart { Bytes.IsEmpty: true })
            {
                return (DropReason.MediaUnreadable, "an image or document of the request has no bytes");
            }
        }

        return null;
    }
}
