using BedrockMigrationHarness.Emulator;

namespace BedrockMigrationHarness.Tests.Emulator.Support;

/// <summary>An emulator on an ephemeral port with an <see cref="HttpClient"/> pointed at it; dispose to stop both.</summary>
internal sealed class RunningEmulator : IAsyncDisposable
{
    private RunningEmulator(EmulatorServer server, StringWriter log)
    {
        Server = server;
        Log = log;
        // Loopback only: never through a proxy the machine may configure.
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public EmulatorServer Server { get; }

    public HttpClient Client { get; }

    public StringWriter Log { get; }

    /// <param name="s3Root">A folder to serve S3 from (sub-folders are buckets); null serves no S3.</param>
    /// <param name="clock">The clock batch jobs progress by; null is the system clock.</param>
    public static async Task<RunningEmulator> StartAsync(EmulatorProfile? profile = null, SigV4Key? requireSigV4 = null, TimeProvider? signingClock = null, string? s3Root = null, TimeProvider? clock = null)
    {
        var log = new StringWriter();
        var server = await EmulatorServer.StartAsync(
            new EmulatorOptions(profile ?? EmulatorTestProfiles.Standard(), RequireSigV4: requireSigV4, Log: log, SigningClock: signingClock, S3Root: s3Root, Clock: clock));
        return new RunningEmulator(server, log);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await Log.DisposeAsync();
    }
}
