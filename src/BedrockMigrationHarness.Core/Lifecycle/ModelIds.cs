using System.Text.RegularExpressions;

namespace BedrockMigrationHarness.Lifecycle;

/// <summary>What a Bedrock model id says about itself: the base model it names, and whether it is pinned to one version.</summary>
public static partial class ModelIds
{
    /// <summary>
    /// Cross-region inference-profile prefixes. A profile id is its base model id behind one of these; it is billed at the
    /// base model's price and shares its lifecycle.
    /// </summary>
    public static readonly IReadOnlyList<string> InferenceProfilePrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."];

    /// <summary>
    /// The foundation-model id to look up in the control plane and the price table: an inference-profile prefix
    /// (<c>us.</c>, <c>eu.</c>, <c>apac.</c>, <c>global.</c>...) is dropped, and a foundation-model or inference-profile ARN
    /// becomes the id after its last <c>/</c> (then without prefix). Anything else is returned as it is.
    /// </summary>
    public static string BaseModelId(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var id = modelId.Trim();
        if (id.StartsWith("arn:", StringComparison.Ordinal)
            && (id.Contains(":foundation-model/", StringComparison.Ordinal) || id.Contains(":inference-profile/", StringComparison.Ordinal)))
        {
            id = id[(id.LastIndexOf('/') + 1)..];
        }

        foreach (var prefix in InferenceProfilePrefixes)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return id[prefix.Length..];
            }
        }

        return id;
    }

    /// <summary>
    /// True when the id names one model version: it carries a date (<c>-20241022</c>) or a version
    /// (<c>-v1:0</c>, <c>-v2</c>, <c>:0</c>). ARNs of provisioned, custom or application-inference-profile models
    /// are pinned by construction and count as pinned.
    /// </summary>
    public static bool IsPinned(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (modelId.StartsWith("arn:", StringComparison.Ordinal)
            && !modelId.Contains(":foundation-model/", StringComparison.Ordinal)
            && !modelId.Contains(":inference-profile/", StringComparison.Ordinal))
        {
            return true;
        }

        return PinnedPattern().IsMatch(BaseModelId(modelId));
    }

    /// <summary>The one-line warning for an unpinned id, with why pinning matters; null when <paramref name="modelId"/> is pinned.</summary>
    /// <param name="role">How the id is used, e.g. "baseline" or "model".</param>
    public static string? PinningWarning(string modelId, string role) =>
        IsPinned(modelId)
            ? null
            : $"warning: {role} '{modelId}' is an unpinned alias (no date or version such as -20241022-v2:0 or -v1:0): " +
              "it can start naming a newer model version at any time, so what you measured is not what you run; use the full versioned id.";

    [GeneratedRegex(@"-\d{8}(?:[-:]|$)|-v\d+(?:\.\d+)?(?::\d+)?$|:\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex PinnedPattern();
}
