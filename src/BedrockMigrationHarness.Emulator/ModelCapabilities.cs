using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BedrockMigrationHarness.Emulator.Answers;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// What a model accepts. A request using something it lacks gets the service's 400 ValidationException; a request
/// breaking a <see cref="ParameterRules">parameter rule</see> gets that rule's message. Null in
/// <see cref="ModelProfile.Capabilities"/> means <see cref="DefaultFor"/> the model id.
/// </summary>
public sealed partial record ModelCapabilities
{
    /// <summary>toolConfig is accepted (else "This model doesn't support tool use.").</summary>
    public bool Tools { get; init; } = true;

    /// <summary>image content blocks are accepted; also what GetFoundationModel lists as input modalities.</summary>
    public bool Images { get; init; } = true;

    /// <summary>document content blocks are accepted.</summary>
    public bool Documents { get; init; } = true;

    /// <summary>outputConfig.textFormat (json_schema) is accepted and enforced.</summary>
    public bool StructuredOutput { get; init; } = true;

    /// <summary>additionalModelRequestFields.thinking is accepted and answered with a reasoning block.</summary>
    public bool Reasoning { get; init; } = true;

    /// <summary>Input tokens above this → "Input is too long for requested model."; null for no limit.</summary>
    public int? MaxContextTokens { get; init; }

    /// <summary>Parameter combinations the model rejects, checked in order; the first broken one answers.</summary>
    public IReadOnlyList<ParameterRule> ParameterRules { get; init; } = [];

    /// <summary>Claude Sonnet 4.5 and Haiku 4.5 (and later): both sampling parameters together are rejected.</summary>
    public static ParameterRule TemperatureWithTopP { get; } = new("The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.")
    {
        Set = ["temperature", "top_p"],
    };

    /// <summary>Extended thinking needs temperature 1 (or none).</summary>
    public static ParameterRule ThinkingTemperature { get; } = new("The model returned the following errors: `temperature` may only be set to 1 when thinking is enabled")
    {
        EqualTo = Values(("thinking.type", "enabled")),
        NotEqualTo = Values(("temperature", 1)),
    };

    /// <summary>Extended thinking needs a budget of at least 1024 tokens.</summary>
    public static ParameterRule ThinkingBudget { get; } = new("The model returned the following errors: thinking.enabled.budget_tokens: Input should be greater than or equal to 1024")
    {
        EqualTo = Values(("thinking.type", "enabled")),
        Below = new Dictionary<string, double>(StringComparer.Ordinal) { ["thinking.budget_tokens"] = 1024 }.ToFrozenDictionary(StringComparer.Ordinal),
    };

    /// <summary>Extended thinking cannot be combined with a tool choice that forces a call (any or tool).</summary>
    public static IReadOnlyList<ParameterRule> ThinkingForcedTool { get; } =
    [
        .. new[] { "any", "tool" }.Select(choice => new ParameterRule("The model returned the following errors: Thinking may not be enabled when tool_choice forces tool use.")
        {
            EqualTo = Values(("thinking.type", "enabled"), ("tool_choice", choice)),
        }),
    ];

    /// <summary>
    /// The capabilities of a model id as Bedrock has them: Claude 4.5 and later have everything, with the sampling
    /// and thinking rules; Claude 4 and 4.1 lack the sampling rule; Claude 3.7 Sonnet has no structured output;
    /// older Claude 3 models no reasoning either (and Claude 3.5 Haiku reads no images); Claude 2 and Instant no tools
    /// or images; Nova has tools and documents (Micro no images) but no reasoning or structured output. Any other id
    /// (a model made up for a test) has everything, no context limit and no rules.
    /// </summary>
    public static ModelCapabilities DefaultFor(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        var id = modelId;
        ParameterRule[] thinking = [ThinkingTemperature, ThinkingBudget, .. ThinkingForcedTool];
        if (ClaudeFourFivePlus().IsMatch(id))
        {
            return new ModelCapabilities { MaxContextTokens = 200_000, ParameterRules = [TemperatureWithTopP, .. thinking] };
        }

        if (id.StartsWith("anthropic.claude-sonnet-4", StringComparison.Ordinal) || id.StartsWith("anthropic.claude-opus-4", StringComparison.Ordinal))
        {
            return new ModelCapabilities { MaxContextTokens = 200_000, ParameterRules = thinking };
        }

        if (id.StartsWith("anthropic.claude-3-7", StringComparison.Ordinal))
        {
            return new ModelCapabilities { StructuredOutput = false, MaxContextTokens = 200_000, ParameterRules = thinking };
        }

        if (id.StartsWith("anthropic.claude-3", StringComparison.Ordinal))
        {
            return new ModelCapabilities
            {
                Images = !id.StartsWith("anthropic.claude-3-5-haiku", StringComparison.Ordinal),
                StructuredOutput = false,
                Reasoning = false,
                MaxContextTokens = 200_000,
            };
        }

        if (id.StartsWith("anthropic.claude", StringComparison.Ordinal))
        {
            return new ModelCapabilities { Tools = false, Images = false, StructuredOutput = false, Reasoning = false, MaxContextTokens = 100_000 };
        }

        if (id.StartsWith("amazon.nova", StringComparison.Ordinal))
        {
            var micro = id.StartsWith("amazon.nova-micro", StringComparison.Ordinal);
            return new ModelCapabilities
            {
                Images = !micro,
                Documents = !micro,
                StructuredOutput = false,
                Reasoning = false,
                MaxContextTokens = micro ? 128_000 : 300_000,
            };
        }

        return new ModelCapabilities();
    }

    private static FrozenDictionary<string, JsonNode?> Values(params (string Name, JsonNode? Value)[] pairs) =>
        pairs.ToFrozenDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    [GeneratedRegex(@"^anthropic\.claude-(sonnet|haiku|opus)-4-([5-9]|\d\d)", RegexOptions.CultureInvariant)]
    private static partial Regex ClaudeFourFivePlus();
}

/// <summary>
/// A parameter combination a model rejects with <see cref="Message"/> (400 ValidationException). It is broken when
/// every condition holds: each <see cref="Set"/> parameter is set, each <see cref="EqualTo"/> parameter equals its
/// value, each <see cref="NotEqualTo"/> parameter is set to something else, each <see cref="Below"/> parameter is a
/// number below its bound. Parameter names: <c>temperature</c>, <c>top_p</c>, <c>max_tokens</c>, <c>stop_sequences</c>,
/// <c>tool_choice</c> (auto, any, tool); any other name is a dotted path into additionalModelRequestFields
/// (<c>thinking.type</c>, <c>thinking.budget_tokens</c>, <c>top_k</c>).
/// </summary>
public sealed record ParameterRule(string Message)
{
    public IReadOnlyList<string> Set { get; init; } = [];

    public IReadOnlyDictionary<string, JsonNode?> EqualTo { get; init; } = FrozenDictionary<string, JsonNode?>.Empty;

    public IReadOnlyDictionary<string, JsonNode?> NotEqualTo { get; init; } = FrozenDictionary<string, JsonNode?>.Empty;

    public IReadOnlyDictionary<string, double> Below { get; init; } = FrozenDictionary<string, double>.Empty;

    internal bool IsBrokenBy(ChatRequest request) =>
        Set.All(name => request.Parameter(name) is not null)
        && EqualTo.All(p => request.Parameter(p.Key) is { } value && Same(value, p.Value))
        && NotEqualTo.All(p => request.Parameter(p.Key) is { } value && !Same(value, p.Value))
        && Below.All(p => request.Parameter(p.Key) is JsonValue value && value.GetValueKind() == JsonValueKind.Number && Number(value) < p.Value);

    /// <summary>JSON equality, with numbers compared as numbers (1 equals 1.0).</summary>
    private static bool Same(JsonNode value, JsonNode? expected) =>
        value is JsonValue a && expected is JsonValue b && a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number
            ? Number(a) == Number(b)
            : JsonNode.DeepEquals(value, expected);

    /// <summary>A JSON number's value, whatever .NET type the node was created from.</summary>
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>Per-call rates in [0,1] of tool-calling faults, each drawn once per tool request.</summary>
public sealed record ToolFaultRates
{
    /// <summary>Calls another offered tool than the right one (needs two tools, and a choice of auto or any).</summary>
    public double WrongTool { get; init; }

    /// <summary>Leaves out one required argument.</summary>
    public double MissingArgument { get; init; }

    /// <summary>Answers in prose instead of calling a tool (only when toolChoice is auto or absent).</summary>
    public double NoCall { get; init; }

    /// <summary>Passes one argument with the wrong JSON type.</summary>
    public double InvalidType { get; init; }
}

/// <summary>The tool call a case's right answer is: the tool's name and arguments put over the generated input.</summary>
/// <param name="Input">Arguments (top-level properties) that replace generated ones; null for none.</param>
public sealed record ToolPlan(string Name, JsonObject? Input);
