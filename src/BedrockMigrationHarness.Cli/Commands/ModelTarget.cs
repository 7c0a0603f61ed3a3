using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>The model endpoint could not be set up from the given flags (e.g. a broken emulator profile).</summary>
internal sealed class ModelTargetException(string message) : Exception(message);

/// <summary>
/// Where a run's calls go: real Bedrock (default credential chain), an explicit endpoint, or an
/// in-process emulator started for the run and stopped with it.
/// </summary>
internal sealed class ModelTarget : IAsyncDisposable
{
    private readonly BedrockRuntimeClient _client;
    private readonly EmulatorServer? _emulator;

    private ModelTarget(BedrockRuntimeClient client, EmulatorServer? emulator, string description)
    {
        _client = client;
        _emulator = emulator;
        Description = description;
    }

    public IModelClient Client => _client;

    /// <summary>Said on the terminal before the run: where the calls go.</summary>
    public string Description { get; }

    public static async Task<ModelTarget> CreateAsync(
        RunRequest request, SuiteDefinition suite, string suitePath, CliEnvironment env, CancellationToken cancellationToken)
    {
        var maxConnections = Math.Max(suite.Concurrency, 8);
        if (!request.UseEmulator)
        {
            var credentials = new DefaultChainCredentialSource();
            var client = BedrockClientFactory.CreateRuntime(new BedrockClientOptions(suite.Region, request.Endpoint, credentials, maxConnections));
            var where = request.Endpoint is { } e ? $"{e} (region {suite.Region})" : $"Amazon Bedrock, {suite.Region}";
            return new ModelTarget(client, null, where);
        }

        var profilePath = request.EmulatorProfile is { Length: > 0 } given
            ? env.Resolve(given)
            : Path.Combine(Path.GetDirectoryName(suitePath)!, "profile.yaml");
        if (!File.Exists(profilePath))
        {
            throw new ModelTargetException(
                $"{env.Display(profilePath)}: no emulator profile here. Pass one with --emulator PROFILE (see docs/emulator.md).");
        }

        EmulatorProfile profile;
        try
        {
            profile = EmulatorProfile.Load(profilePath);
        }
        catch (EmulatorProfileException ex)
        {
            throw new ModelTargetException(ex.Message);
        }

        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(profile), cancellationToken);
        var emulated = BedrockClientFactory.CreateRuntime(new BedrockClientOptions(
            suite.Region, emulator.BaseAddress, new StaticCredentialSource("EMULATOR", "emulator-secret", null), maxConnections));
        return new ModelTarget(emulated, emulator, $"the emulator at {emulator.BaseAddress} (profile {env.Display(profilePath)})");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
