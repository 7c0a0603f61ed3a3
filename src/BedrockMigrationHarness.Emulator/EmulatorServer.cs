using System.Globalization;
using System.Net;
using BedrockMigrationHarness.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace BedrockMigrationHarness.Emulator;

/// <summary>
/// Amazon Bedrock on loopback: the runtime (Converse, ConverseStream, InvokeModel) and control-plane
/// (GetFoundationModel, ListFoundationModels; with an S3 root, the batch inference jobs) operations on one Kestrel listener at 127.0.0.1, following
/// the Bedrock service model (docs/bedrock-client.md). Start with <see cref="StartAsync"/>; dispose to stop (in-flight requests finish first).
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorPipeline _pipeline;

    private EmulatorServer(WebApplication app, EmulatorPipeline pipeline, Uri baseAddress, Uri http2BaseAddress)
    {
        _app = app;
        _pipeline = pipeline;
        BaseAddress = baseAddress;
        Http2BaseAddress = http2BaseAddress;
    }

    /// <summary>The server's root, <c>http://127.0.0.1:PORT/</c> (HTTP/1.1); runtime and control-plane paths both live under it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// The same service over cleartext HTTP/2 with prior knowledge (h2c), on a second ephemeral port: for clients
    /// that speak only HTTP/2 to Bedrock Runtime, such as the AWS SDK for JavaScript v3. Kestrel cannot offer
    /// HTTP/1.1 and HTTP/2 on one cleartext port.
    /// </summary>
    public Uri Http2BaseAddress { get; }

    /// <summary>Every request received, whatever its path or outcome.</summary>
    public long RequestCount => _pipeline.RequestCount;

    /// <summary>Runtime calls (converse, converse-stream, invoke) for a model; prefixed and ARN ids count under their base id.</summary>
    public long RequestCountFor(string modelId) => _pipeline.RequestCountFor(modelId);

    /// <summary>Starts listening on 127.0.0.1 at <see cref="EmulatorOptions.Port"/> (0, the default, picks a free port).</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    /// <exception cref="DirectoryNotFoundException"><see cref="EmulatorOptions.S3Root"/> is set and is not an existing folder.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Profile);
        var pipeline = new EmulatorPipeline(options, TimeProvider.System);

        // The empty builder registers no logging providers, so ASP.NET writes nothing to the console.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        ListenOptions? http1 = null, http2 = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 26_000_000;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => (http1 = listen).Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, 0, listen => (http2 = listen).Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.Run(pipeline.HandleAsync);
        await app.StartAsync(cancellationToken);

        // Kestrel replaces each endpoint with the bound one, so port 0 reads back as the real port.
        return new EmulatorServer(app, pipeline, Root(http1!), Root(http2!));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _pipeline.DisposeAsync();
    }

    private static Uri Root(ListenOptions listen) =>
        new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{listen.IPEndPoint!.Port}/"));
}
