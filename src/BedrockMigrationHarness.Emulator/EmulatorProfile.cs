using System.Text.Json.Nodes;
using System.Collections.Frozen;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// What the emulator serves: one entry per base model id (no <c>us.</c>/<c>eu.</c> prefix, no ARN).
/// Load it from YAML with <see cref="Load"/> or <see cref="Parse"/>, or build it in code.
/// </summary>
/// <param name="Seed">Makes runs reproducible: the same seed, model and request body give the same answer.</param>
/// <param name="Models">Model id → behaviour. Ids are matched ordinally.</param>
public sealed record EmulatorProfile(long Seed, IReadOnlyDictionary<string, ModelProfile> Models)
{
    /// <summary>How batch inference jobs progress and what they accept (the profile's <c>batch:</c> section).</summary>
    public BatchBehaviour Batch { get; init; } = BatchBehaviour.Default;

    /// <summary>The profile used when none is given: a few current model ids with modest latency and no faults.</summary>
    public static EmulatorProfile Default { get; } = new(
        42,
        new Dictionary<string, ModelProfile>(StringComparer.Ordinal)
        {
            ["anthropic.claude-3-5-sonnet-20241022-v2:0"] = new()
            {
                Lifecycle = ModelLifecycleStatus.Legacy,
                Name = "Claude 3.5 Sonnet v2",
                Latency = new LatencyProfile(MedianMs: 400, P99Ms: 1200),
                OutputTokens = new TokenDistribution(120, 30),
            },
            ["anthropic.claude-3-7-sonnet-20250219-v1:0"] = new()
            {
                Name = "Claude 3.7 Sonnet",
                Latency = new LatencyProfile(MedianMs: 450, P99Ms: 1400),
                OutputTokens = new TokenDistribution(130, 30),
            },
            ["anthropic.claude-3-5-haiku-20241022-v1:0"] = new()
            {
                Name = "Claude 3.5 Haiku",
                Latency = new LatencyProfile(MedianMs: 200, P99Ms: 600),
                OutputTokens = new TokenDistribution(100, 25),
            },
            ["anthropic.claude-sonnet-4-5-20250929-v1:0"] = new()
            {
                Name = "Claude Sonnet 4.5",
                Latency = new LatencyProfile(MedianMs: 420, P99Ms: 1500),
                OutputTokens = new TokenDistribution(140, 35),
            },
            ["anthropic.claude-haiku-4-5-20251001-v1:0"] = new()
            {
                Name = "Claude Haiku 4.5",
                Latency = new LatencyProfile(MedianMs: 180, P99Ms: 650),
                OutputTokens = new TokenDistribution(110, 30),
            },
            ["amazon.nova-micro-v1:0"] = new()
            {
                Name = "Nova Micro",
                Latency = new LatencyProfile(MedianMs: 120, P99Ms: 400),
                OutputTokens = new TokenDistribution(90, 25),
            },
            ["amazon.nova-lite-v1:0"] = new()
            {
                Name = "Nova Lite",
                Latency = new LatencyProfile(MedianMs: 150, P99Ms: 500),
                OutputTokens = new TokenDistribution(100, 25),
            },
            ["amazon.nova-pro-v1:0"] = new()
            {
                Name = "Nova Pro",
                Latency = new LatencyProfile(MedianMs: 300, P99Ms: 900),
                OutputTokens = new TokenDistribution(110, 30),
            },
        }.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>Reads and validates a YAML profile file.</summary>
    /// <exception cref="EmulatorProfileException">The file is unreadable or invalid; the message lists every problem.</exception>
    public static EmulatorProfile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var problems = new Inputs.ProblemCollector();
        if (Inputs.InputFile.Read(full, path, Inputs.InputFileKind.EmulatorProfile, null, problems) is not { } yaml)
        {
            throw new EmulatorProfileException(problems.Sorted());
        }

        return Parse(yaml, Inputs.DisplayPath.For(full));
    }

    /// <summary>Parses and validates YAML profile text.</summary>
    /// <param name="fileNameForErrors">Shown in front of every error line.</param>
    /// <exception cref="EmulatorProfileException">The text is invalid; the message lists every problem as <c>file:line (field): what to do</c>.</exception>
    public static EmulatorProfile Parse(string yaml, string fileNameForErrors) =>
        Profiles.ProfileYamlReader.Read(yaml, fileNameForErrors);
}

/// <summary>The lifecycle state the emulator reports and enforces for a model.</summary>
public enum ModelLifecycleStatus
{
    /// <summary>Invocable and listed.</summary>
    Active,

    /// <summary>Invocable and listed with status LEGACY.</summary>
    Legacy,

    /// <summary>End of life: runtime calls fail with 400 ValidationException, absent from the catalog.</summary>
    Eol,
}

/// <summary>The behaviour of one model.</summary>
public sealed record ModelProfile
{
    public ModelLifecycleStatus Lifecycle { get; init; } = ModelLifecycleStatus.Active;

    /// <summary>Catalog name; null derives one from the id.</summary>
    public string? Name { get; init; }

    /// <summary>Catalog provider; null derives it from the id prefix.</summary>
    public string? Provider { get; init; }

    public DateTimeOffset? StartOfLife { get; init; }

    public DateTimeOffset? LegacyTime { get; init; }

    public DateTimeOffset? PublicExtendedAccessTime { get; init; }

    public DateTimeOffset? EndOfLifeTime { get; init; }

    public LatencyProfile Latency { get; init; } = LatencyProfile.None;

    public TokenDistribution OutputTokens { get; init; } = TokenDistribution.Default;

    public FaultRates Faults { get; init; } = new();

    public ErrorRates Errors { get; init; } = new();

    /// <summary>Throttling in bursts, by arrival order; null (the default) for none.</summary>
    public ThrottleBursts? ThrottleBursts { get; init; }

    /// <summary>Wrong answers planted in every structured answer (rules can set them per case); none by default.</summary>
    public IReadOnlyList<WrongAnswer> WrongAnswers { get; init; } = [];

    /// <summary>What the model accepts; null (the default) means <see cref="ModelCapabilities.DefaultFor"/> its id.</summary>
    public ModelCapabilities? Capabilities { get; init; }

    /// <summary>Tool-calling faults; none by default.</summary>
    public ToolFaultRates ToolFaults { get; init; } = new();

    /// <summary>The tool call to make when tools are offered (a rule sets it per case); null chooses one per request.</summary>
    public ToolPlan? ToolCall { get; init; }

    /// <summary>
    /// The right text answer for the matched requests (a rule sets it per case): its top-level fields are put over the
    /// generated structured answer, and with tool choice auto the model answers in text instead of calling a tool;
    /// null leaves both to chance.
    /// </summary>
    public JsonObject? Answer { get; init; }

    /// <summary>How the model answers judge requests (a rule can set it per case); null (the default) answers them as any request.</summary>
    public JudgeBehaviour? Judge { get; init; }

    /// <summary>Whether batch inference jobs accept the model (<c>batch: false</c> refuses them, as for a model without batch support).</summary>
    public bool BatchSupported { get; init; } = true;

    /// <summary>Per-case behaviour, in order; later matching rules win.</summary>
    public IReadOnlyList<CaseRule> Rules { get; init; } = [];

    /// <summary>This model as it behaves for one request: every matching rule applied in order.</summary>
    /// <param name="caseId">The case id the request carries, or null.</param>
    /// <param name="promptText">The request's system and user texts.</param>
    public ModelProfile ForCase(string? caseId, string promptText)
    {
        var model = this;
        foreach (var rule in Rules)
        {
            if (rule.Matches(caseId, promptText))
            {
                model = rule.ApplyTo(model);
            }
        }

        return model;
    }
}

/// <summary>
/// Bursts of throttling, as a quota that runs dry: of every <see cref="Every"/> runtime requests to the model (numbered
/// in the order they arrive, from 0), the first <see cref="Length"/> get 429 ThrottlingException before anything else
/// is drawn. Unlike the per-call rates this depends on arrival order, as a real quota does.
/// </summary>
public sealed record ThrottleBursts(int Every, int Length)
{
    /// <summary>Whether the request that arrived <paramref name="arrival"/>-th (0-based) falls in a burst.</summary>
    public bool Throttles(long arrival) => arrival % Every < Length;
}

/// <summary>
/// Latency of one call: <see cref="FixedMs"/> when set, otherwise log-normal with the given median and p99
/// (sigma = ln(p99/median) / 2.3263), otherwise zero.
/// </summary>
/// <param name="FirstTokenMs">Streaming: delay before the first delta; null means 30% of the drawn latency.</param>
public sealed record LatencyProfile(double? FixedMs = null, double? MedianMs = null, double? P99Ms = null, double? FirstTokenMs = null)
{
    /// <summary>Answers at once.</summary>
    public static LatencyProfile None { get; } = new(FixedMs: 0);
}

/// <summary>Output tokens per answer: normal(mean, sd), clamped to [1, maxTokens].</summary>
public sealed record TokenDistribution(double Mean, double StandardDeviation)
{
    /// <summary>100 ± 20 tokens.</summary>
    public static TokenDistribution Default { get; } = new(100, 20);
}

/// <summary>Per-answer rates in [0,1] of format faults applied to an otherwise good structured answer.</summary>
public sealed record FaultRates
{
    public double FencedJson { get; init; }

    public double ProseWrapped { get; init; }

    public double InvalidJson { get; init; }

    public double MissingRequired { get; init; }

    public double WrongType { get; init; }
}

/// <summary>Per-call rates in [0,1] of transport and service errors.</summary>
public sealed record ErrorRates
{
    public double Throttle { get; init; }

    public double ServerError { get; init; }

    public double ServiceUnavailable { get; init; }

    public double ModelTimeout { get; init; }

    public double Reset { get; init; }

    public double MalformedBody { get; init; }

    /// <summary>Streaming only: a throttlingException event after some deltas.</summary>
    public double Midstream { get; init; }

    /// <summary>Answer after 10× the drawn latency.</summary>
    public double Slow { get; init; }
}

/// <summary>
/// Batch inference jobs in scaled-down time (docs/emulator.md, "Batch inference"): how long a job stays in each
/// status before processing, how fast it processes records, and the record-count quotas it enforces.
/// </summary>
public sealed record BatchBehaviour
{
    /// <summary>Half a second per status, 2,000 records a second, 100 to 50,000 records per job.</summary>
    public static BatchBehaviour Default { get; } = new();

    /// <summary>Seconds a job stays Submitted.</summary>
    public double SubmittedSeconds { get; init; } = 0.5;

    /// <summary>Seconds a job stays Validating (at least as long as reading its input takes).</summary>
    public double ValidatingSeconds { get; init; } = 0.5;

    /// <summary>Seconds a job stays Scheduled.</summary>
    public double ScheduledSeconds { get; init; } = 0.5;

    /// <summary>Seconds a stopped job stays Stopping before it is Stopped.</summary>
    public double StoppingSeconds { get; init; } = 0.5;

    /// <summary>Records processed per second while InProgress; above 0.</summary>
    public double RecordsPerSecond { get; init; } = 2000;

    /// <summary>The quota "Minimum number of records per batch inference job": fewer records fail the job.</summary>
    public int MinRecords { get; init; } = 100;

    /// <summary>The quota "Records per batch inference job": more records fail the job.</summary>
    public int MaxRecords { get; init; } = 50_000;
}
