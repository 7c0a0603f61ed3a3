using System.Net;
using BedrockMigrationHarness.Bedrock.ControlPlane;
using BedrockMigrationHarness.Bedrock.Http;

namespace BedrockMigrationHarness.Bedrock;

/// <summary>Builds the runtime and control-plane clients, each over its own pooled <see cref="HttpClient"/>.</summary>
public static class BedrockClientFactory
{
    /// <summary>The control plane's per-request timeout (the runtime's comes with each <c>ModelRequest</c>).</summary>
    public static readonly TimeSpan ControlPlaneTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The <see cref="Execution.IModelClient"/> for Converse / ConverseStream / InvokeModel. Dispose it to close its connections.</summary>
    /// <param name="timeProvider">Signing time and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BedrockClientOptions.MaxConnections"/> or <see cref="BedrockClientOptions.MaxResponseBytes"/> is below 1.</exception>
    public static BedrockRuntimeClient CreateRuntime(BedrockClientOptions options, TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        return new BedrockRuntimeClient(
            CreateHttpClient(options),
            BedrockEndpoints.For(options.Region, options.EndpointOverride).Runtime,
            new SignedRequestFactory(options.Region, time),
            options.Credentials,
            time,
            options.MaxResponseBytes);
    }

    /// <summary>The control-plane client (foundation models and their lifecycle). Dispose it to close its connections.</summary>
    /// <param name="timeProvider">Signing time and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BedrockClientOptions.MaxConnections"/> or <see cref="BedrockClientOptions.MaxResponseBytes"/> is below 1.</exception>
    public static BedrockControlPlaneClient CreateControlPlane(BedrockClientOptions options, TimeProvider? timeProvider = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        return new BedrockControlPlaneClient(
            CreateHttpClient(options),
            BedrockEndpoints.For(options.Region, options.EndpointOverride).ControlPlane,
            new SignedRequestFactory(options.Region, time),
            options.Credentials,
            time,
            ControlPlaneTimeout,
            options.MaxResponseBytes);
    }

    /// <summary>
    /// The batch-inference client: the control plane's job calls and S3 for the input and output objects, both at
    /// <see cref="BedrockClientOptions.EndpointOverride"/> when set (the emulator serves both on one port). An output line
    /// may be up to twice <see cref="BedrockClientOptions.MaxResponseBytes"/> (the echoed input and the answer). Dispose it.
    /// </summary>
    /// <param name="timeProvider">Signing time and timeouts; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="BedrockClientOptions.MaxConnections"/> or <see cref="BedrockClientOptions.MaxResponseBytes"/> is below 1.</exception>
    public static BedrockBatchInference CreateBatchInference(BedrockClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var controlPlane = CreateControlPlane(options, timeProvider);
        try
        {
            var store = Storage.S3LogObjectStore.Create(options.Region, options.EndpointOverride, options.Credentials);
            return new BedrockBatchInference(controlPlane, store, checked(options.MaxResponseBytes * 2));
        }
        catch
        {
            controlPlane.Dispose();
            throw;
        }
    }

    private static HttpClient CreateHttpClient(BedrockClientOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxResponseBytes, 1);
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
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
