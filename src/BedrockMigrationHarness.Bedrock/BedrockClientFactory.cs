using System.Net;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Bedrock.Http;
using BedrockMigrationHarness.Bedrock.Runtime;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>Builds the runtime and control-plane clients over one pooled <see cref="HttpClient"/>.</summary>
internal static class BedrockClientFactory
{
    /// <summary>The control plane's per-request timeout (the runtime's comes with each <c>ModelRequest</c>).</summary>
    public static readonly TimeSpan ControlPlaneTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <param name="timeProvider">Signing time and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BedrockClientOptions.MaxConnections"/> is below 1.</exception>
    public static BedrockClients Create(BedrockClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        var time = timeProvider ?? TimeProvider.System;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnections,
            // Recycle connections so DNS changes of the regional endpoint are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = ConnectTimeout,
            // Bedrock does not compress; the measured latency must not include a decompression we did not ask for.
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            // A proxy from the environment must not sit between the harness and a loopback emulator.
            UseProxy = options.EndpointOverride is null,
        };
        // Per-call timeouts come from each request; HttpClient's own 100 s default would cut long generations.
        var httpClient = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var endpoints = BedrockEndpoints.For(options.Region, options.EndpointOverride);
        var requestFactory = new SignedRequestFactory(options.Region, time);
        return new BedrockClients(
            httpClient,
            new BedrockRuntimeClient(httpClient, endpoints.Runtime, requestFactory, options.Credentials, time),
            new BedrockControlPlaneClient(httpClient, endpoints.ControlPlane, requestFactory, options.Credentials, time, ControlPlaneTimeout));
    }
}
