using System.Collections.Immutable;
using BedrockMigrationHarness.Batch;
using BedrockMigrationHarness.Bedrock;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Emulator;
using BedrockMigrationHarness.Execution;
using BedrockMigrationHarness.Lifecycle;
using BedrockMigrationHarness.Suites;

namespace BedrockMigrationHarness.Cli.Commands;

/// <summary>The model endpoint could not be set up from the given flags (e.g. a broken emulator profile).</summary>
internal sealed class ModelTargetException(string message) : Exception(message);

/// <summary>No AWS credentials for a run against Bedrock: said once, before a run directory is created (exit 3).</summary>
internal sealed class NoCredentialsException(string message) : Exception(message);

/// <summary>
/// Where a run's calls go: real Bedrock (default credential chain), an explicit endpoint, or an
/// in-process emulator started for the run and stopped with it.
/// </summary>
internal sealed class ModelTarget : IAsyncDisposable
{
    private readonly BedrockRuntimeClient _client;
    private readonly EmulatorServer? _emulator;
    private readonly BedrockClientOptions _options;

    private ModelTarget(BedrockRuntimeClient client, EmulatorServer? emulator, string description, BedrockClientOptions options)
    {
        _client = client;
        _emulator = emulator;
        Description = description;
        _options = options;
    }

    public IModelClient Client => _client;

    /// <summary>Batch inference on the same target, for a suite with <see cref="SuiteDefinition.Batch"/>; null for on-demand calls.</summary>
    public IBatchInference? Batch { get; private init; }

    /// <summary>Said on the terminal before the run: where the calls go.</summary>
    public string Description { get; }

    public static async Task<ModelTarget> CreateAsync(
        RunRequest request, SuiteDefinition suite, string suitePath, string runDirectory, CliEnvironment env, CancellationToken cancellationToken)
    {
        var maxConnections = Math.Max(suite.Concurrency, 8);
        if (!request.UseEmulator)
        {
            IAwsCredentialSource credentials = new DefaultChainCredentialSource();
            if (request.Endpoint is not null && await CredentialChoice.ResolveAsync(request.Endpoint, cancellationToken) is { Note: { } note, Source: { } dummy })
            {
                // `bmh emulate` without AWS credentials: sign with dummy ones and say so.
                await env.Error.WriteLineAsync(note);
                credentials = dummy;
            }

            // Checked once before the run directory exists: without credentials every call would fail, and the run would
            // leave a folder of reports on nothing.
            if ((await credentials.ResolveAsync(cancellationToken)).Error is { } missing)
            {
                throw new NoCredentialsException(missing);
            }

            var options = new BedrockClientOptions(suite.Region, request.Endpoint, credentials, maxConnections);
            var client = BedrockClientFactory.CreateRuntime(options);
            var where = request.Endpoint is { } e ? $"{e} (region {suite.Region})" : $"Amazon Bedrock, {suite.Region}";
            return new ModelTarget(client, null, where, options) { Batch = suite.Batch is null ? null : CreateBatch(options, env.Time) };
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

        // A batch run keeps the emulator's S3 objects and jobs in the run directory, so a resumed run (a new emulator on the
        // same folder) finds its jobs again.
        string? s3Root = null;
        if (suite.Batch is { } batch)
        {
            s3Root = Path.Combine(runDirectory, "emulator-s3");
            Directory.CreateDirectory(Path.Combine(s3Root, batch.Bucket));
        }

        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions(profile, S3Root: s3Root), cancellationToken);
        var emulatorOptions = new BedrockClientOptions(
            suite.Region, emulator.BaseAddress, new StaticCredentialSource("EMULATOR", "emulator-secret", null), maxConnections);
        var emulated = BedrockClientFactory.CreateRuntime(emulatorOptions);
        return new ModelTarget(emulated, emulator, $"the emulator at {emulator.BaseAddress} (profile {env.Display(profilePath)})", emulatorOptions)
        {
            Batch = suite.Batch is null ? null : CreateBatch(emulatorOptions, env.Time),
        };
    }

    /// <summary>The batch inference client of <paramref name="options"/>' target.</summary>
    private static IBatchInference CreateBatch(BedrockClientOptions options, TimeProvider time) => BedrockClientFactory.CreateBatchInference(options, time);

    /// <summary>
    /// Every model's lifecycle (the baseline's, then each candidate's) from the control plane of the same target (the emulator serves its catalog on its one
    /// port; on AWS the client calls bedrock.&lt;region&gt;). A failed lookup is recorded with why; it never fails the run.
    /// </summary>
    public async Task<(ModelLifecycleFacts Baseline, ImmutableArray<ModelLifecycleFacts> Candidates)> LookUpLifecycleAsync(
        SuiteDefinition suite, TimeProvider time, CancellationToken cancellationToken)
    {
        using var controlPlane = BedrockClientFactory.CreateControlPlane(_options with { MaxConnections = 2 }, time);
        var lookup = new LifecycleLookup(controlPlane, time);
        var baseline = lookup.LookUpAsync(suite.BaselineModelId, cancellationToken);
        var candidates = suite.Candidates.Select(c => lookup.LookUpAsync(c.ModelId, cancellationToken)).ToArray();
        return (await baseline, [.. await Task.WhenAll(candidates)]);
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
