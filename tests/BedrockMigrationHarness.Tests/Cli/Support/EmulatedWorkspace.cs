using System.Globalization;
using System.Text;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Journal;
using BedrockMigrationHarness.Tests.Support;

namespace BedrockMigrationHarness.Tests.Cli.Support;

/// <summary>
/// A temp folder with a suite and its schema, and an emulator the test hosts (so it can count what reached it),
/// for driving `bmh run --endpoint` in-process (<see cref="RunAsync"/>) or as a child process (<see cref="CredentialsEnvironment"/> and <see cref="BmhProcess"/>).
/// </summary>
internal sealed class EmulatedWorkspace : IAsyncDisposable
{
    public const string Baseline = "acme.base-model-v1:0";
    public const string Candidate = "acme.next-model-v2:0";

    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["category", "priority"],
          "properties": {
            "category": { "type": "string", "enum": ["billing", "technical", "shipping"] },
            "priority": { "type": "string", "enum": ["low", "high"] }
          }
        }
        """;

    private static readonly string[] Tickets =
    [
        "I was charged twice, billing issue, high priority.",
        "My parcel shipping is late, low priority.",
        "The app crashes on start, technical fault, high priority.",
        "Refund the duplicate billing charge, low priority.",
        "Tracking says the shipping label was never scanned, high priority.",
        "Login fails with a technical error code, low priority.",
    ];

    private EmulatedWorkspace(TempDirectory directory, EmulatorServer emulator, StringWriter log)
    {
        Directory = directory;
        Emulator = emulator;
        EmulatorLog = log;
        Cli = new CliHarness(directory.Path);
    }

    public TempDirectory Directory { get; }

    public EmulatorServer Emulator { get; private set; }

    /// <summary>Everything the emulator logged (one line per request).</summary>
    public StringWriter EmulatorLog { get; }

    public CliHarness Cli { get; }

    public string Endpoint => Emulator.BaseAddress.ToString();

    /// <summary>
    /// Latency gates no wall-clock latency can fail or leave undecided: for end-to-end tests over real HTTP, whose
    /// verdict must not depend on how loaded the machine is (the other gates see only seeded, deterministic answers).
    /// </summary>
    public const string OpenLatencyGates =
        "gates: { latency_p50_increase: { max_percent: 1000000 }, latency_p99_increase: { max_percent: 1000000 } }\n";

    /// <summary>The whole suite: <paramref name="cases"/> ticket-classification cases with a schema, short retries.</summary>
    /// <param name="extra">More top-level YAML (e.g. <c>stream: true</c>).</param>
    public static string Suite(int cases = 4, int samples = 5, int concurrency = 4, int maxAttempts = 5, string extra = "")
    {
        var yaml = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $$"""
            name: reliability
            baseline: "{{Baseline}}"
            candidate: "{{Candidate}}"
            samples: {{samples}}
            concurrency: {{concurrency}}
            retry: { max_attempts: {{maxAttempts}}, base_delay_ms: 1, max_delay_ms: 10 }
            inference: { max_tokens: 200, temperature: 0 }
            {{extra}}
            cases:

            """));
        for (var i = 0; i < cases; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - id: ticket-{i + 1:D2}\n");
            yaml.Append(CultureInfo.InvariantCulture, $"    prompt: \"Classify ticket {i + 1} as JSON matching {{{{ schema }}}}. Ticket: {Tickets[i % Tickets.Length]}\"\n");
            yaml.Append("    schema: schema.json\n");
        }

        return yaml.ToString();
    }

    /// <summary>Both models with a fixed latency; <paramref name="baselineErrors"/>/<paramref name="candidateErrors"/> are emulator <c>errors:</c> mappings.</summary>
    public static string Profile(string baselineErrors = "{}", string candidateErrors = "{}", int latencyMs = 10, long seed = 7) =>
        string.Create(CultureInfo.InvariantCulture, $$"""
            seed: {{seed}}
            models:
              "{{Baseline}}":
                latency: { fixed_ms: {{latencyMs}} }
                output_tokens: { mean: 60, sd: 5 }
                errors: {{baselineErrors}}
              "{{Candidate}}":
                latency: { fixed_ms: {{latencyMs}} }
                output_tokens: { mean: 60, sd: 5 }
                errors: {{candidateErrors}}
            """);

    public static async Task<EmulatedWorkspace> StartAsync(string suite, string profile, SigV4Key? requireSigV4 = null)
    {
        var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File("suite.yaml"), suite);
        await File.WriteAllTextAsync(directory.File("schema.json"), Schema);
        var log = new StringWriter();
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(
            EmulatorProfile.Parse(profile, "profile.yaml"), RequireSigV4: requireSigV4, Log: log));
        return new EmulatedWorkspace(directory, emulator, log);
    }

    /// <summary>Dummy credentials from the environment, as the default AWS chain reads them; nothing from the machine's AWS setup.</summary>
    public static Dictionary<string, string?> CredentialsEnvironment(string accessKey = "AKIDRELIABILITY", string secret = "reliability-secret", string? token = null) =>
        new(StringComparer.Ordinal)
        {
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secret,
            ["AWS_SESSION_TOKEN"] = token,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = "/dev/null",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
            ["AWS_PROFILE"] = null,
            ["AWS_DEFAULT_PROFILE"] = null,
            ["AWS_ENDPOINT_URL"] = null,
            ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = null,
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
        };

    /// <summary>`bmh run suite.yaml --endpoint EMULATOR ARGS...` in-process, with dummy credentials in the environment.</summary>
    public async Task<int> RunAsync(params string[] args)
    {
        using var credentials = new EnvironmentScope(CredentialsEnvironment());
        return await Cli.RunAsync(["run", "suite.yaml", "--endpoint", Endpoint, .. args]);
    }

    /// <summary>Replaces the emulator with a fresh one (request counts and answer occurrences start again) on the same profile.</summary>
    public async Task RestartEmulatorAsync(string profile)
    {
        await Emulator.DisposeAsync();
        Emulator = await EmulatorServer.StartAsync(new EmulatorOptions(EmulatorProfile.Parse(profile, "profile.yaml"), Log: EmulatorLog));
    }

    public JournalContents Journal(string runDirectory) =>
        JournalReader.Read(Directory.File(Path.Combine(runDirectory, JournalWriter.FileName)));

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await EmulatorLog.DisposeAsync();
        Directory.Dispose();
    }
}
