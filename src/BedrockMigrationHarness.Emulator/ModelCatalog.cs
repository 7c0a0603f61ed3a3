using System.Globalization;

namespace BedrockMigrationHarness.Emulator;

/// <summary>A profile entry found by id, with its canonical (profile) id.</summary>
internal sealed record ResolvedModel(string ModelId, ModelProfile Profile)
{
    public string Name => Profile.Name ?? ModelCatalog.DefaultName(ModelId);

    public string Provider => Profile.Provider ?? ModelCatalog.DefaultProvider(ModelId);

    /// <summary>The profile's capabilities, or the defaults for the id.</summary>
    public ModelCapabilities Capabilities => Profile.Capabilities ?? ModelCapabilities.DefaultFor(ModelId);

    /// <summary>TEXT, and IMAGE when the model reads images.</summary>
    public IReadOnlyList<string> InputModalities => Capabilities.Images ? ["TEXT", "IMAGE"] : ["TEXT"];
}

/// <summary>
/// Finds profile entries from the ids callers use: the base id, a cross-region inference-profile id
/// (<c>us.</c>, <c>eu.</c>, <c>apac.</c>, <c>global.</c>), or a foundation-model / inference-profile ARN.
/// </summary>
internal sealed class ModelCatalog(EmulatorProfile profile)
{
    private static readonly string[] RegionPrefixes = ["us.", "eu.", "apac.", "global."];

    private static readonly Dictionary<string, string> Providers = new(StringComparer.Ordinal)
    {
        ["anthropic"] = "Anthropic",
        ["amazon"] = "Amazon",
        ["meta"] = "Meta",
        ["mistral"] = "Mistral AI",
        ["cohere"] = "Cohere",
        ["ai21"] = "AI21 Labs",
        ["deepseek"] = "DeepSeek",
        ["openai"] = "OpenAI",
        ["qwen"] = "Qwen",
        ["writer"] = "Writer",
        ["stability"] = "Stability AI",
    };

    public IEnumerable<ResolvedModel> All => profile.Models.Select(m => new ResolvedModel(m.Key, m.Value));

    /// <summary>The entry an invocation id refers to, or null when the profile does not know it.</summary>
    public ResolvedModel? ResolveRuntime(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        if (Exact(modelId) is { } exact)
        {
            return exact;
        }

        var id = StripArn(modelId) ?? modelId;
        if (Exact(id) is { } fromArn)
        {
            return fromArn;
        }

        var prefix = RegionPrefixes.FirstOrDefault(p => id.StartsWith(p, StringComparison.Ordinal));
        return prefix is null ? null : Exact(id[prefix.Length..]);
    }

    /// <summary>The entry a control-plane identifier (id or foundation-model ARN) refers to, or null.</summary>
    public ResolvedModel? ResolveFoundationModel(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return Exact(identifier)
            ?? (identifier.Contains(":foundation-model/", StringComparison.Ordinal) ? Exact(StripArn(identifier) ?? identifier) : null);
    }

    /// <summary>The catalog name derived from an id: <c>anthropic.claude-3-5-haiku-20241022-v1:0</c> → <c>Claude 3.5 Haiku</c> (at most 20 characters).</summary>
    public static string DefaultName(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var dot = modelId.IndexOf('.', StringComparison.Ordinal);
        var rest = dot >= 0 ? modelId[(dot + 1)..] : modelId;
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            rest = rest[..colon];
        }

        var words = rest.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !(w.Length == 8 && w.All(char.IsAsciiDigit)) && !(w.Length >= 2 && w[0] == 'v' && w[1..].All(char.IsAsciiDigit)))
            .Select(w => char.ToUpper(w[0], CultureInfo.InvariantCulture) + w[1..]);
        var name = string.Empty;
        var previousWasVersion = false;
        foreach (var word in words)
        {
            // "3-5" in an id is the version 3.5.
            var isVersion = word.Length <= 2 && word.All(char.IsAsciiDigit);
            name += name.Length == 0 ? word : (isVersion && previousWasVersion ? "." : " ") + word;
            previousWasVersion = isVersion;
        }

        return name.Length == 0 ? "Model" : name.Length > 20 ? name[..20].TrimEnd() : name;
    }

    /// <summary>The provider derived from an id prefix (<c>anthropic.</c> → Anthropic).</summary>
    public static string DefaultProvider(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var dot = modelId.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot > 0 ? modelId[..dot] : modelId;
        if (Providers.TryGetValue(prefix, out var known))
        {
            return known;
        }

        var name = prefix.Length == 0 ? "Unknown" : char.ToUpper(prefix[0], CultureInfo.InvariantCulture) + prefix[1..];
        return name.Length > 20 ? name[..20] : name;
    }

    private ResolvedModel? Exact(string id) =>
        profile.Models.TryGetValue(id, out var model) ? new ResolvedModel(id, model) : null;

    private static string? StripArn(string id)
    {
        if (!id.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? null : id[(slash + 1)..];
    }
}
